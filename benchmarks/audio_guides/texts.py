"""A guide to the Nine Dynastic Urns (Cửu Đỉnh) in six languages, for the offline engine.

Chinese is pinyin (espeak-ng cannot read Hanzi) and Japanese is kana only (espeak-ng reads no
kanji). Each text is one guide paragraph; ``REPEATS`` brings each language to about two minutes
of speech with espeak-ng's default rate.
"""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "vi": (
        "Chào mừng quý khách đến với Cửu Đỉnh, chín chiếc đỉnh đồng đặt trước Thế Miếu trong "
        "Hoàng thành Huế. Các đỉnh được vua Minh Mạng cho đúc từ cuối năm 1835 đến đầu năm "
        "1837, và mỗi chiếc mang tên hiệu của một vị vua triều Nguyễn. Chiếc lớn nhất là Cao "
        "Đỉnh, dành cho vua Gia Long, người sáng lập triều đại. Trên thân mỗi đỉnh có mười bảy "
        "hình chạm nổi: núi sông, cửa biển, chim muông, cây cỏ, binh khí và xe thuyền. Tổng cộng "
        "một trăm năm mươi ba bức chạm ấy như một bộ bách khoa thư bằng đồng về đất nước Việt "
        "Nam thế kỷ mười chín. Năm 2012, Cửu Đỉnh được công nhận là bảo vật quốc gia, và từ năm "
        "2024, các bức chạm được ghi vào danh mục Di sản tư liệu thế giới khu vực châu Á Thái "
        "Bình Dương. Xin quý khách vui lòng không chạm tay vào bề mặt các đỉnh. "
    ),
    "en": (
        "Welcome to the Nine Dynastic Urns, the nine bronze cauldrons standing before the "
        "Temple of Generations in the Imperial City of Huế. Emperor Minh Mạng ordered them cast "
        "between late 1835 and early 1837, and each one carries the temple name of a Nguyễn "
        "emperor. The largest, the High Urn, honours Gia Long, the founder of the dynasty. Each "
        "urn bears seventeen images in relief: mountains and rivers, sea gates, birds and "
        "beasts, plants, weapons, carts and boats. Together these one hundred and fifty three "
        "reliefs form an encyclopaedia in bronze of nineteenth century Vietnam. The urns became "
        "a national treasure in 2012, and in 2024 their reliefs joined the Memory of the World "
        "register for Asia and the Pacific. Please do not touch the bronze. "
    ),
    "fr": (
        "Bienvenue devant les Neuf Urnes dynastiques, les neuf chaudrons de bronze dressés "
        "devant le Temple des Générations, dans la Cité impériale de Huế. L'empereur Minh Mạng "
        "les fit couler entre la fin de 1835 et le début de 1837, et chacune porte le nom de "
        "temple d'un empereur Nguyễn. La plus grande, l'Urne suprême, honore Gia Long, le "
        "fondateur de la dynastie. Chaque urne porte dix-sept reliefs : montagnes et fleuves, "
        "embouchures, oiseaux et animaux, plantes, armes, chars et bateaux. Ensemble, ces cent "
        "cinquante-trois reliefs forment une encyclopédie de bronze du Viêt Nam au dix-neuvième "
        "siècle. Les urnes sont trésor national depuis 2012. Merci de ne pas toucher le bronze. "
    ),
    "zh": (
        "Huānyíng lái dào Jiǔ Dǐng. Zhè jiǔ zuò qīngtóng dǐng lì zài Shùnhuà huángchéng de "
        "Shìmiào qiánmiàn. Míngmìng huángdì zài yī bā sān wǔ nián zhì yī bā sān qī nián jiān "
        "xià lìng zhùzào le tāmen, měi zuò dǐng dōu yǐ yī wèi Ruǎn cháo huángdì de miàohào "
        "mìngmíng. Zuì dà de yī zuò jiào Gāo Dǐng, xiàn gěi kāiguó huángdì Jiālóng. Měi zuò "
        "dǐng shàng dōu kè yǒu shíqī fú fúdiāo, yǒu shānchuān, hǎikǒu, niǎoshòu, huācǎo, "
        "bīngqì hé chēchuán. Zhè yībǎi wǔshísān fú fúdiāo jiù xiàng yī bù qīngtóng bǎikē "
        "quánshū. Qǐng bùyào chùmō dǐng de biǎomiàn. "
    ),
    "ja": (
        "ここのつの かなえへ ようこそ。これらの せいどうの かなえは、フエの こうきゅうの なかに "
        "ならんでいます。ミンマンていが せんはっぴゃくさんじゅうごねんから "
        "せんはっぴゃくさんじゅうななねんに かけて つくらせました。それぞれの かなえには、"
        "グエンちょうの こうていの なまえが つけられています。いちばん おおきい かなえは、"
        "おうちょうを ひらいた ザーロンていに ささげられました。ひとつの かなえには "
        "じゅうななの うきぼりが あります。やま、かわ、うみ、とり、けもの、はな、ぶき、そして "
        "ふねです。かなえには さわらないで ください。"
    ),
    "ko": (
        "아홉 개의 왕조 솥에 오신 것을 환영합니다. 이 청동 솥들은 후에 황성의 세묘 앞에 서 "
        "있습니다. 민망 황제가 천팔백삼십오년 말부터 천팔백삼십칠년 초까지 주조하게 했으며, "
        "각 솥에는 응우옌 왕조 황제의 묘호가 붙어 있습니다. 가장 큰 솥은 왕조를 세운 자롱 "
        "황제에게 바쳐졌습니다. 솥마다 열일곱 개의 부조가 새겨져 있습니다. 산과 강, 바다의 "
        "어귀, 새와 짐승, 꽃과 풀, 무기, 수레와 배입니다. 백오십삼 개의 부조는 십구세기 "
        "베트남의 청동 백과사전과 같습니다. 청동을 만지지 마십시오. "
    ),
}

REPEATS: dict[str, int] = {"vi": 2, "en": 2, "fr": 3, "zh": 3, "ja": 3, "ko": 3}


def guide_text(lang: str) -> str:
    return (TEXTS[lang] * REPEATS[lang]).strip()
