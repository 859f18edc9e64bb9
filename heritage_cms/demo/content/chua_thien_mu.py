"""Thiên Mụ Pagoda with its great bell and its 1715 stele."""

from datetime import time

from ..schema import Monument, Relic, T
from .shared import LICENCE, NGUYEN_LORDS, RIGHTS_HOLDER, daily

DAI_HONG_CHUNG = Relic(
    slug="dai-hong-chung-thien-mu",
    title=T("Đại Hồng Chung chùa Thiên Mụ", "The Great Bell of Thiên Mụ Pagoda"),
    summary=T(
        (
            "Quả chuông đồng lớn do chúa Nguyễn Phúc Chu cho đúc năm 1710, được xem là một trong "
            "những quả chuông cổ đẹp nhất Việt Nam."
        ),
        (
            "A great bronze bell cast in 1710 for Lord Nguyễn Phúc Chu, counted among the finest "
            "old bells in Vietnam."
        ),
    ),
    description=[
        T(
            (
                "Theo bài minh khắc trên thân, chuông do chúa Nguyễn Phúc Chu – pháp danh Hưng "
                "Long, truyền thừa đời thứ 30 dòng Tào Động – cho đúc năm 1710 để cúng dường Tam "
                "bảo chùa Thiên Mụ. Chuông ghi trọng lượng 3.285 cân theo đơn vị đo thời chúa "
                "Nguyễn, tương đương khoảng 1.986 kg, chứ không phải 3.285 kg như đôi khi vẫn bị "
                "nhầm."
            ),
            (
                "The inscription on the bell records that it was cast in 1710 for Lord Nguyễn Phúc "
                "Chu – Dharma name Hưng Long, of the thirtieth generation of the Caodong (Tào "
                "Động) school – as an offering to the Three Jewels of Thiên Mụ. It gives the "
                "weight as 3,285 cân in the units of the day, about 1,986 kg – not 3,285 kg, as is "
                "sometimes claimed."
            ),
        ),
        T(
            (
                "Tính cả quai, chuông cao 2,4 m, đường kính miệng 1,4 m, dáng cân đối. Quai chuông "
                "tạo hình con bồ lao hai đầu; vai chuông trang trí rồng và phượng xen kẽ; thân "
                "chuông có chữ Thọ, quẻ bát quái và bài minh chữ Hán. Sự dung hòa các mô-típ Phật "
                "giáo, Nho giáo và Đạo giáo khiến chuông trở thành một tác phẩm mỹ thuật tiêu biểu "
                "của thời chúa Nguyễn."
            ),
            (
                "Including its handle the bell stands 2.4 m tall, with a mouth 1.4 m across. The "
                "handle takes the form of a two-headed pulao dragon; dragons and phoenixes "
                "alternate around the shoulder, and the body carries longevity characters, "
                "trigrams and a Chinese inscription. This blend of Buddhist, Confucian and Taoist "
                "motifs makes it a landmark of the decorative arts of the Nguyễn lords' era."
            ),
        ),
        T(
            (
                "Đại Hồng Chung được công nhận là Bảo vật quốc gia năm 2013. Kim loại chuông còn "
                "tốt, nhưng nhiều hoa văn và chữ khắc đã mòn vì khách tham quan chạm tay, vì vậy "
                "xin chỉ ngắm, đừng sờ hay gõ vào chuông."
            ),
            (
                "The bell was recognised as a National Treasure in 2013. The metal itself is "
                "sound, but much of the decoration and inscription has been worn away by visitors' "
                "hands – so please look, but do not touch or strike it."
            ),
        ),
    ],
    inventory_number="HUE-TM-0001",
    dynasty=NGUYEN_LORDS,
    reign=T("Chúa Nguyễn Phúc Chu (1691–1725)", "Lord Nguyễn Phúc Chu (1691–1725)"),
    date_made=T("1710", "1710"),
    material=T("Đồng đúc", "Cast bronze"),
    location_within_site=T(
        "Trong nhà chuông bên cạnh tháp Phước Duyên",
        "In the bell pavilion beside the Phước Duyên tower",
    ),
    provenance=T(
        (
            "Đúc năm 1710 theo lệnh chúa Nguyễn Phúc Chu để cúng chùa Thiên Mụ; lưu giữ tại chùa "
            "từ đó đến nay."
        ),
        (
            "Cast in 1710 on the orders of Lord Nguyễn Phúc Chu as an offering to Thiên Mụ Pagoda; "
            "kept at the pagoda ever since."
        ),
    ),
    condition="fair",
    licence=LICENCE,
    rights_holder=RIGHTS_HOLDER,
    guide_text=T(
        (
            "Trong ngôi nhà nhỏ này là Đại Hồng Chung chùa Thiên Mụ, được đúc năm 1710 theo lệnh "
            "chúa Nguyễn Phúc Chu. Bài minh trên chuông ghi trọng lượng 3.285 cân, theo đơn vị đo "
            "thời ấy là gần hai tấn. Hãy ngắm chiếc quai hình con bồ lao hai đầu, và những con "
            "rồng, chim phượng quanh vai chuông. Tiếng chuông vọng trên dòng sông Hương đã đi vào "
            "câu ca dao mà người Huế nào cũng thuộc: “Gió đưa cành trúc la đà, tiếng chuông Thiên "
            "Mụ, canh gà Thọ Xương”. Chuông là Bảo vật quốc gia, và hoa văn đã mòn đi nhiều vì bàn "
            "tay du khách, nên xin bạn chỉ ngắm mà không chạm vào."
        ),
        (
            "Inside this pavilion hangs the Great Bell of Thiên Mụ, cast in 1710 for Lord Nguyễn "
            "Phúc Chu. Its inscription gives the weight as 3,285 cân – old Vietnamese units that "
            "add up to almost two tonnes. Look at the handle shaped like a two-headed dragon, and "
            "at the dragons and phoenixes around the shoulder. The sound of this bell carrying "
            "over the Perfume River lives on in a folk verse everyone in Huế knows: “the bell of "
            "Thiên Mụ, the cockcrow of Thọ Xương”. The bell is a National Treasure, and its "
            "carvings are already worn by countless hands – please admire it without touching."
        ),
    ),
    designation=T("Bảo vật quốc gia (2013)", "National Treasure (2013)"),
    height_cm=240.0,
    depth_cm=140.0,
    weight_kg=1985.8,
    dimensions_note=T(
        (
            "Cao 240 cm (thân 188 cm, quai 52 cm); đường kính miệng 140 cm; nặng 3.285 cân theo "
            "bài minh, khoảng 1.986 kg."
        ),
        (
            "240 cm tall (body 188 cm, handle 52 cm); mouth diameter 140 cm; inscribed weight "
            "3,285 cân, about 1,986 kg."
        ),
    ),
)

BIA_THIEN_MU = Relic(
    slug="bia-ngu-kien-thien-mu-tu",
    title=T("Bia “Ngự kiến Thiên Mụ tự”", "The 1715 Stele of Thiên Mụ Pagoda"),
    summary=T(
        (
            "Tấm bia đá lớn đặt trên lưng rùa do chúa Nguyễn Phúc Chu dựng năm 1715, ghi lại việc "
            "đại trùng tu chùa Thiên Mụ."
        ),
        (
            "A great stone stele on a tortoise, raised by Lord Nguyễn Phúc Chu in 1715 to record "
            "the rebuilding of Thiên Mụ Pagoda."
        ),
    ),
    description=[
        T(
            (
                "Sau đợt đại trùng tu chùa năm 1714, chúa Nguyễn Phúc Chu cho dựng tấm bia này vào "
                "năm 1715. Trán bia chạm nổi hai chữ Hán “Ngự kiến” và ba chữ “Thiên Mụ tự”, chồng "
                "lên đó là hình dấu ấn “Đại Việt quốc Nguyễn Chúa vĩnh trấn chi bảo”. Lòng bia "
                "khắc bài ký và bài minh của chính chúa Nguyễn Phúc Chu, gồm khoảng 1.250 chữ Hán, "
                "kể lại việc xây dựng chùa và bày tỏ lòng sùng mộ đạo Phật."
            ),
            (
                "After the great rebuilding of the pagoda in 1714, Lord Nguyễn Phúc Chu had this "
                "stele raised in 1715. Its head bears the characters “Ngự kiến” (“built by royal "
                "command”) and “Thiên Mụ tự” (“Thiên Mụ Pagoda”), overlaid by the seal of the "
                "Nguyễn lord of Đại Việt. The body is engraved with a record and a verse composed "
                "by Nguyễn Phúc Chu himself – about 1,250 Chinese characters telling how the "
                "pagoda was built and expressing his devotion to Buddhism."
            ),
        ),
        T(
            (
                "Bia được ghép từ hai loại đá: trán bia bằng cẩm thạch trắng chạm rồng mây và sóng "
                "nước, thân bia bằng sa thạch màu xám. Bia đặt trên lưng một con rùa tạc từ khối "
                "đá hoa cương nguyên khối, đầu vươn cao, bốn chân như đang bơi, tượng trưng cho sự "
                "trường tồn."
            ),
            (
                "The stele combines two kinds of stone: a white marble head carved with dragons, "
                "clouds and waves, and a grey sandstone body. It rests on a tortoise carved from a "
                "single block of granite, head raised and legs spread as if swimming – an emblem "
                "of longevity."
            ),
        ),
        T(
            (
                "Với chiều cao 3,89 m, đây là tấm bia có kích thước lớn nhất trong số các bia đá "
                "thời chúa Nguyễn còn được lưu giữ. Năm 2020, bia được công nhận là Bảo vật quốc "
                "gia."
            ),
            (
                "At 3.89 m tall, it is the largest surviving stone stele from the era of the "
                "Nguyễn lords. It was recognised as a National Treasure in 2020."
            ),
        ),
    ],
    inventory_number="HUE-TM-0002",
    dynasty=NGUYEN_LORDS,
    reign=T("Chúa Nguyễn Phúc Chu (1691–1725)", "Lord Nguyễn Phúc Chu (1691–1725)"),
    date_made=T("1715", "1715"),
    material=T(
        "Trán bia cẩm thạch trắng, thân bia sa thạch xám; rùa đội bia bằng đá hoa cương",
        "White marble head, grey sandstone body; granite tortoise",
    ),
    location_within_site=T(
        "Trong nhà bia bên cạnh tháp Phước Duyên",
        "In the stele pavilion beside the Phước Duyên tower",
    ),
    provenance=T(
        (
            "Chúa Nguyễn Phúc Chu cho dựng năm 1715 sau đợt đại trùng tu chùa năm 1714; vẫn ở tại "
            "chùa Thiên Mụ."
        ),
        (
            "Raised by Lord Nguyễn Phúc Chu in 1715 after the rebuilding of 1714; still at Thiên "
            "Mụ Pagoda."
        ),
    ),
    condition="good",
    licence=LICENCE,
    rights_holder=RIGHTS_HOLDER,
    guide_text=T(
        (
            "Tấm bia lớn này được chúa Nguyễn Phúc Chu cho dựng năm 1715, sau khi ông đại trùng tu "
            "chùa Thiên Mụ. Cao gần bốn mét, đây là tấm bia lớn nhất còn lại từ thời các chúa "
            "Nguyễn. Hãy để ý hai loại đá: trán bia bằng cẩm thạch trắng chạm rồng và sóng nước, "
            "thân bia bằng sa thạch xám khắc khoảng 1.250 chữ Hán do chính chúa soạn. Bên dưới, "
            "con rùa đá hoa cương ngẩng cao đầu như đang bơi ra từ quá khứ; theo quan niệm phương "
            "Đông, rùa tượng trưng cho sự trường tồn. Năm 2020, tấm bia được công nhận là Bảo vật "
            "quốc gia."
        ),
        (
            "This great stele was raised in 1715 by Lord Nguyễn Phúc Chu after he had rebuilt "
            "Thiên Mụ on a grand scale. Nearly four metres tall, it is the largest stele surviving "
            "from the age of the Nguyễn lords. Notice the two stones: a white marble crown carved "
            "with dragons and waves, and a grey sandstone body engraved with about 1,250 "
            "characters composed by the lord himself. Beneath it all, a granite tortoise lifts its "
            "head as if swimming out of the past – in East Asian tradition, the tortoise stands "
            "for long life and endurance. The stele became a National Treasure in 2020."
        ),
    ),
    designation=T("Bảo vật quốc gia (2020)", "National Treasure (2020)"),
    height_cm=389.0,
    width_cm=168.0,
    depth_cm=25.0,
    dimensions_note=T(
        (
            "Bia cao 3,89 m, rộng 1,68 m, dày 0,25 m; rùa đội bia dài 2,24 m, rộng 1,65 m, cao "
            "0,66 m; bệ vuông cạnh 1,73 m, cao 0,52 m."
        ),
        (
            "Stele 3.89 m high, 1.68 m wide, 0.25 m thick; tortoise 2.24 m long, 1.65 m wide, 0.66 "
            "m high; square base 1.73 m a side, 0.52 m high."
        ),
    ),
)

CHUA_THIEN_MU = Monument(
    slug="chua-thien-mu",
    title=T("Chùa Thiên Mụ", "Thiên Mụ Pagoda"),
    summary=T(
        (
            "Ngôi chùa cổ trên đồi Hà Khê bên bờ bắc sông Hương, do chúa Nguyễn Hoàng khởi dựng "
            "năm 1601, với tháp Phước Duyên bảy tầng đã trở thành biểu tượng của Huế."
        ),
        (
            "An ancient pagoda on Hà Khê hill on the north bank of the Perfume River, founded by "
            "Lord Nguyễn Hoàng in 1601; its seven-storey Phước Duyên tower has become a symbol of "
            "Huế."
        ),
    ),
    description=[
        T(
            (
                "Chùa Thiên Mụ nằm trên đồi Hà Khê, cách Kinh thành Huế vài cây số về phía tây, "
                "nhìn thẳng xuống dòng sông Hương. Từ bờ sông, những bậc cấp dẫn lên tháp Phước "
                "Duyên, ngọn tháp bát giác bảy tầng cao khoảng 21 m, mỗi tầng đều thờ tượng Phật. "
                "Hai bên tháp là hai ngôi nhà nhỏ: một nhà đặt tấm bia đá dựng năm 1715, một nhà "
                "treo quả Đại Hồng Chung đúc năm 1710 – cả hai đều là Bảo vật quốc gia."
            ),
            (
                "Thiên Mụ Pagoda stands on Hà Khê hill a few kilometres west of the Huế citadel, "
                "looking straight down onto the Perfume River. From the riverbank, steps lead up "
                "to the Phước Duyên tower, an octagonal, seven-storey tower about 21 m tall with a "
                "Buddha image on every level. On either side of the tower is a small pavilion: one "
                "shelters the great stone stele of 1715, the other the Great Bell cast in 1710 – "
                "both of them National Treasures."
            ),
        ),
        T(
            (
                "Tiếng chuông chùa đã đi vào ca dao: “Gió đưa cành trúc la đà / Tiếng chuông Thiên "
                "Mụ, canh gà Thọ Xương”. Vua Thiệu Trị cũng xếp “Thiên Mụ chung thanh” (tiếng "
                "chuông Thiên Mụ) vào hàng hai mươi cảnh đẹp của đất kinh đô. Phía sau tháp là khu "
                "chính điện và vườn chùa rợp bóng cây, nơi còn trưng bày chiếc ô tô hiệu Austin "
                "gắn với Hòa thượng Thích Quảng Đức."
            ),
            (
                "The pagoda's bell has passed into folk poetry – “The wind sways the bamboo "
                "branches; the bell of Thiên Mụ, the cockcrow of Thọ Xương” – and Emperor Thiệu "
                "Trị counted “the bell of Thiên Mụ” among the twenty beauties of the capital. "
                "Behind the tower lie the main sanctuary and shaded gardens, where the Austin car "
                "associated with the monk Thích Quảng Đức is also displayed."
            ),
        ),
        T(
            (
                "Thiên Mụ là ngôi chùa đang hoạt động tôn giáo, có chư tăng tu học. Du khách vào "
                "cửa tự do, nhưng cần ăn mặc kín đáo và giữ yên lặng. Chùa là một hợp phần của "
                "Quần thể di tích Cố đô Huế được UNESCO ghi danh năm 1993."
            ),
            (
                "Thiên Mụ is a working monastery where monks live and study. Entry is free, but "
                "visitors are asked to dress modestly and keep their voices low. The pagoda is one "
                "of the components of the Complex of Huế Monuments inscribed by UNESCO in 1993."
            ),
        ),
    ],
    history=[
        T(
            (
                "Tương truyền, người dân quanh vùng từng thấy một bà lão mặc áo đỏ, quần xanh xuất "
                "hiện trên đồi và nói rằng sẽ có bậc chân chúa đến dựng chùa để tụ linh khí cho "
                "đất nước. Năm 1601, chúa Nguyễn Hoàng đi xem địa thế, nghe chuyện ấy bèn cho dựng "
                "chùa và đặt tên là Thiên Mụ, nghĩa là “bà lão nhà trời”."
            ),
            (
                "Legend tells of an old woman in a red tunic and green trousers who appeared on "
                "the hill and foretold that a true lord would come and build a pagoda here to "
                "gather the land's spiritual energy. In 1601 Lord Nguyễn Hoàng, surveying the "
                "area, heard the story, ordered a pagoda built and named it Thiên Mụ, the "
                "“Heavenly Lady”."
            ),
        ),
        T(
            (
                "Chùa được các chúa Nguyễn nhiều lần tu bổ. Chúa Nguyễn Phúc Chu (1691–1725) cho "
                "đúc Đại Hồng Chung năm 1710, đại trùng tu chùa năm 1714 và dựng bia lớn năm 1715, "
                "đưa Thiên Mụ trở thành ngôi chùa danh tiếng bậc nhất xứ Đàng Trong."
            ),
            (
                "Successive Nguyễn lords restored the pagoda. Lord Nguyễn Phúc Chu (r. 1691–1725) "
                "had the Great Bell cast in 1710, rebuilt the pagoda on a grand scale in 1714 and "
                "raised a great stele in 1715, making Thiên Mụ the most celebrated pagoda of the "
                "southern realm of Đàng Trong."
            ),
        ),
        T(
            (
                "Năm 1844, vua Thiệu Trị cho xây tháp Từ Nhân, sau đổi tên là Phước Duyên, cùng "
                "đình Hương Nguyện trước chùa. Thời Tự Đức, chùa có lúc được gọi là Linh Mụ, và "
                "đến nay người Huế vẫn quen dùng cả hai tên."
            ),
            (
                "In 1844 Emperor Thiệu Trị built the Từ Nhân tower – later renamed Phước Duyên – "
                "together with the Hương Nguyện pavilion in front of the pagoda. Under Tự Đức the "
                "pagoda was for a time called Linh Mụ, and people in Huế still use both names."
            ),
        ),
        T(
            (
                "Trong thế kỷ 20, Thiên Mụ gắn bó với phong trào Phật giáo miền Trung. Chiếc xe "
                "Austin lưu giữ ở chùa là chiếc xe đã đưa Hòa thượng Thích Quảng Đức đến giao lộ ở "
                "Sài Gòn, nơi ngài tự thiêu ngày 11 tháng 6 năm 1963 để phản đối chính sách kỳ thị "
                "Phật giáo – một dấu mốc của cuộc đấu tranh đòi bình đẳng tôn giáo."
            ),
            (
                "In the twentieth century Thiên Mụ was closely tied to the Buddhist movement in "
                "central Vietnam. The Austin car kept here is the one that carried the monk Thích "
                "Quảng Đức to the Saigon intersection where he burned himself to death on 11 June "
                "1963 in protest against the persecution of Buddhists – a turning point in the "
                "struggle for religious equality."
            ),
        ),
    ],
    dynasty=T("Chúa Nguyễn và nhà Nguyễn", "Nguyễn lords and Nguyễn dynasty"),
    period=T(
        "Khởi dựng năm 1601; tháp Phước Duyên năm 1844",
        "Founded 1601; Phước Duyên tower 1844",
    ),
    address=T(
        "Đồi Hà Khê, Kim Long, bờ bắc sông Hương, thành phố Huế",
        "Hà Khê hill, Kim Long, north bank of the Perfume River, Huế City",
    ),
    latitude=16.4536,
    longitude=107.5448,
    opening_hours=daily(time(8, 0), time(17, 0)),
    opening_hours_note=T(
        (
            "Chùa vào cửa tự do, không thu vé. Đây là cơ sở tôn giáo đang hoạt động: giờ đón khách "
            "có thể thay đổi vào các ngày lễ Phật giáo; xin ăn mặc kín đáo và giữ yên lặng."
        ),
        (
            "Free entry – no ticket is needed. This is a working Buddhist monastery: visiting "
            "hours may change on Buddhist festival days; please dress modestly and keep quiet."
        ),
    ),
    fares=[],
    guide_text=T(
        (
            "Chào mừng bạn đến chùa Thiên Mụ. Tương truyền, xưa kia có một bà lão hiện ra trên đồi "
            "này, báo rằng sẽ có bậc chân chúa đến dựng chùa; năm 1601, chúa Nguyễn Hoàng đã làm "
            "đúng như thế. Ngọn tháp bát giác trước mặt bạn là tháp Phước Duyên, do vua Thiệu Trị "
            "cho xây năm 1844: bảy tầng, cao khoảng 21 mét, tầng nào cũng thờ Phật. Trong hai ngôi "
            "nhà nhỏ hai bên tháp là hai Bảo vật quốc gia: quả chuông đồng đúc năm 1710 và tấm bia "
            "đá lớn dựng năm 1715 trên lưng rùa đá. Rồi hãy quay lại ngắm dòng sông Hương bên "
            "dưới. Xin nhớ rằng nơi đây có chư tăng tu hành: hãy nói khẽ và ăn mặc lịch sự."
        ),
        (
            "Welcome to Thiên Mụ, the Pagoda of the Heavenly Lady. Legend says an old woman "
            "appeared on this hill and foretold that a great lord would build a pagoda here; in "
            "1601 Lord Nguyễn Hoàng did just that. The octagonal tower before you, Phước Duyên, "
            "was added by Emperor Thiệu Trị in 1844: seven storeys, about 21 metres tall, with a "
            "Buddha on every level. In the small pavilions on either side are two National "
            "Treasures – a bronze bell cast in 1710 and a great stone stele of 1715 standing on a "
            "stone tortoise. Then turn around and enjoy the view over the Perfume River. Remember "
            "that monks live here: please speak softly and dress respectfully."
        ),
    ),
    relics=[DAI_HONG_CHUNG, BIA_THIEN_MU],
)
