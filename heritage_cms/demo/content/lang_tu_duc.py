"""The tomb of Tự Đức (Khiêm Lăng) with the Khiêm Cung Ký stele."""

from datetime import time

from ..schema import Monument, Relic, T
from .shared import LICENCE, NGUYEN, RIGHTS_HOLDER, TOMB_HOURS_NOTE, daily, fares

BIA_KHIEM_CUNG_KY = Relic(
    slug="bia-khiem-cung-ky",
    title=T("Bia Khiêm Cung Ký", "The Khiêm Cung Ký Stele"),
    summary=T(
        (
            "Tấm bia đá khổng lồ khắc bài ký do chính vua Tự Đức soạn, được xem là một trong những "
            "tấm bia lớn nhất Việt Nam."
        ),
        (
            "A colossal stone stele carrying a text composed by Emperor Tự Đức himself, regarded "
            "as one of the largest steles in Vietnam."
        ),
    ),
    description=[
        T(
            (
                "Theo lệ, bia ở lăng các vua Nguyễn do vua kế vị soạn để ca ngợi công đức vua đã "
                "khuất. Vua Tự Đức không có con ruột, nên đã tự viết bài ký về chính mình – Khiêm "
                "Cung Ký – vào năm 1871. Vì vậy đây là tấm bia độc nhất trong hệ thống bia lăng "
                "triều Nguyễn, và theo Trung tâm Bảo tồn Di tích Cố đô Huế, cũng là tấm duy nhất "
                "còn lưu bút tích của chính tác giả bài văn."
            ),
            (
                "By custom, the stele at a Nguyễn emperor's tomb was written by his successor in "
                "praise of the departed ruler. Tự Đức, having no son of his own, wrote his own "
                "account – the Khiêm Cung Ký, the “Record of the Palace of Modesty” – in 1871. "
                "This makes it unique among the Nguyễn tomb steles and, according to the Huế "
                "Monuments Conservation Centre, the only one that preserves the handwriting of its "
                "author."
            ),
        ),
        T(
            (
                "Bài ký gồm 4.935 chữ Hán khắc trên cả hai mặt bia, nhiều chữ nhất trong các tấm "
                "bia ở Việt Nam. Nhà vua kể về thời thơ ấu, bệnh tật, những biến cố của triều đình "
                "và đất nước, việc mất các tỉnh Nam Kỳ mà ông coi là lỗi của mình, việc chọn đất "
                "xây lăng, và tự nhận xét về con người mình một cách thẳng thắn."
            ),
            (
                "The text runs to 4,935 Chinese characters engraved on both faces – more than on "
                "any other stele in Vietnam. In it the emperor writes of his childhood and "
                "illnesses, the crises facing court and country, the loss of the southern "
                "provinces, which he counted as his own failing, and the choice of the tomb site, "
                "and he offers a frank judgement of his own character."
            ),
        ),
        T(
            (
                "Bia được tạc từ một khối đá lớn, theo truyền tụng được chở từ Thanh Hóa vào Huế, "
                "nặng khoảng 20 tấn. Trán bia chạm rồng mây, diềm bia chạm rồng chầu mặt trời; bia "
                "đặt trên bệ đá Thanh hai cấp trong Bi Đình của khu lăng mộ."
            ),
            (
                "It was cut from a huge block of stone – brought, by tradition, from Thanh Hóa – "
                "and weighs around 20 tonnes. The crown is carved with dragons among clouds and "
                "the border with dragons flanking the sun; the stele stands on a two-tiered "
                "bluestone base inside the Stele Pavilion of the burial area."
            ),
        ),
    ],
    inventory_number="HUE-TD-0001",
    dynasty=NGUYEN,
    reign=T("Tự Đức (1847–1883)", "Tự Đức (1847–1883)"),
    date_made=T("Bài ký soạn năm 1871", "Text composed in 1871"),
    material=T("Đá; bệ bằng đá Thanh", "Stone; base of Thanh Hóa bluestone"),
    location_within_site=T("Bi Đình, khu lăng mộ", "Stele Pavilion, burial area"),
    provenance=T(
        "Tạc dựng tại Khiêm Lăng theo lệnh vua Tự Đức; vẫn ở vị trí nguyên gốc.",
        "Made for Khiêm Lăng on the orders of Emperor Tự Đức; still in its original position.",
    ),
    condition="good",
    licence=LICENCE,
    rights_holder=RIGHTS_HOLDER,
    guide_text=T(
        (
            "Đây là bia Khiêm Cung Ký, một trong những tấm bia lớn nhất Việt Nam, nặng khoảng hai "
            "mươi tấn. Thông thường, người con kế vị sẽ viết bài văn bia cho lăng vua cha. Nhưng "
            "vua Tự Đức không có con ruột, nên ông tự viết về mình: 4.935 chữ trên hai mặt bia, "
            "nhiều hơn bất kỳ tấm bia nào khác trong nước. Bài văn thẳng thắn đến bất ngờ: nhà vua "
            "nói về sức khỏe yếu kém, về những khó khăn của triều đại, về các tỉnh Nam Kỳ đã mất "
            "vào tay người Pháp, và về chính những khuyết điểm của mình. Hiếm có vị vua nào để lại "
            "một lời tự bạch riêng tư như thế trên đá."
        ),
        (
            "This is the Khiêm Cung Ký, one of the largest steles in Vietnam, weighing around "
            "twenty tonnes. Normally a son wrote the stele text for his father's tomb. But Tự Đức "
            "had no son of his own, so he wrote about himself – 4,935 characters on both faces, "
            "more than on any other stele in the country. It is a strikingly honest text: the "
            "emperor speaks of his poor health, of the troubles of his reign, of the southern "
            "provinces lost to France, and of his own shortcomings. Few monarchs have left such a "
            "personal confession carved in stone."
        ),
    ),
    dimensions_note=T(
        (
            "Nặng khoảng 20 tấn (số liệu ước tính thường được nêu); bài ký 4.935 chữ Hán trên hai "
            "mặt bia."
        ),
        (
            "Weighs about 20 tonnes (commonly cited estimate); 4,935 Chinese characters on its two "
            "faces."
        ),
    ),
)

LANG_TU_DUC = Monument(
    slug="lang-tu-duc",
    title=T("Lăng Tự Đức (Khiêm Lăng)", "Tomb of Emperor Tự Đức (Khiêm Lăng)"),
    summary=T(
        (
            "Quần thể lăng của vua Tự Đức, xây từ năm 1864 đến năm 1867 giữa rừng thông và hồ "
            "nước, vừa là nơi an nghỉ vừa là nơi nhà vua lui về nghỉ ngơi, làm thơ lúc sinh thời."
        ),
        (
            "Emperor Tự Đức's tomb complex, built from 1864 to 1867 among pine woods and lakes, "
            "was both his burial place and a retreat where he rested and wrote poetry during his "
            "lifetime."
        ),
    ),
    description=[
        T(
            (
                "Lăng nằm trong một thung lũng hẹp ở làng Dương Xuân Thượng xưa, phía tây nam "
                "trung tâm Huế. Khác với trục thẳng tắp của lăng Minh Mạng, các công trình ở đây "
                "men theo địa hình, hòa vào rừng thông, đồi thấp và mặt hồ. Khoảng năm mươi công "
                "trình đều mang chữ “Khiêm” (khiêm tốn) trong tên gọi."
            ),
            (
                "The tomb lies in a narrow valley at the old village of Dương Xuân Thượng, "
                "south-west of central Huế. Unlike the ruler-straight axis of Minh Mạng's tomb, "
                "its buildings follow the lie of the land, blending into pine woods, low hills and "
                "water. Some fifty structures all carry the word “Khiêm” – modesty – in their "
                "names."
            ),
        ),
        T(
            (
                "Khu tẩm điện là nơi vua sống và làm việc mỗi khi lưu lại: hồ Lưu Khiêm với đảo "
                "Tịnh Khiêm; hai thủy tạ Xung Khiêm và Dũ Khiêm, nơi vua ngắm hoa, làm thơ; điện "
                "Hòa Khiêm, xưa là nơi làm việc, nay thờ vua và hoàng hậu; điện Lương Khiêm, nay "
                "thờ bà Từ Dũ, mẹ vua; và Minh Khiêm Đường, một trong những nhà hát cung đình cổ "
                "nhất còn lại ở Việt Nam."
            ),
            (
                "The temple area is where the emperor lived and worked during his stays: Lưu Khiêm "
                "lake with Tịnh Khiêm islet; the Xung Khiêm and Dũ Khiêm pavilions over the water, "
                "where he admired the flowers and wrote poetry; Hòa Khiêm Palace, once his office "
                "and now the shrine of the emperor and empress; Lương Khiêm Palace, now dedicated "
                "to his mother, Queen Mother Từ Dũ; and Minh Khiêm Đường, one of the oldest "
                "surviving royal theatres in Vietnam."
            ),
        ),
        T(
            (
                "Khu lăng mộ nằm bên trái khu tẩm điện, gồm Bái Đình, Bi Đình với tấm bia Khiêm "
                "Cung Ký, hồ Tiểu Khiêm hình bán nguyệt và Bửu Thành. Trong khuôn viên còn có lăng "
                "của Hoàng hậu Lệ Thiên Anh và Bồi Lăng của vua Kiến Phúc, một trong ba người con "
                "nuôi của vua Tự Đức."
            ),
            (
                "The burial area lies to the left of the temple area: the Salutation Court, the "
                "Stele Pavilion with the Khiêm Cung Ký stele, the crescent-shaped Tiểu Khiêm pond "
                "and the walled Bửu Thành. Within the grounds are also the tomb of Empress Lệ "
                "Thiên Anh and Bồi Lăng, the tomb of Emperor Kiến Phúc, one of Tự Đức's three "
                "adopted sons."
            ),
        ),
    ],
    history=[
        T(
            (
                "Tự Đức (trị vì 1847–1883) là vị vua ở ngôi lâu nhất triều Nguyễn. Ông nổi tiếng "
                "hay chữ, để lại nhiều thơ văn, nhưng sức khỏe yếu và không có con ruột, phải nhận "
                "ba người con nuôi."
            ),
            (
                "Tự Đức (r. 1847–1883) reigned longer than any other Nguyễn emperor. A gifted "
                "scholar who left a large body of poetry and prose, he was frail in health and had "
                "no children of his own, adopting three sons instead."
            ),
        ),
        T(
            (
                "Lăng được khởi công cuối năm 1864 với tên gọi ban đầu là Vạn Niên Cơ. Việc xây "
                "dựng đòi hỏi sức lao động rất lớn của binh lính và dân phu, góp phần dẫn đến cuộc "
                "nổi dậy Chày Vôi năm 1866. Sau khi dẹp yên, vua đổi tên công trình thành Khiêm "
                "Cung; phần chính của lăng hoàn thành năm 1867."
            ),
            (
                "Work began in late 1864 under the name Vạn Niên Cơ, the “Foundation of Ten "
                "Thousand Years”. The heavy demands placed on soldiers and conscript labourers "
                "helped spark the Chày Vôi uprising of 1866. After it was put down, the emperor "
                "renamed the site Khiêm Cung, the “Palace of Modesty”, and the main work was "
                "completed in 1867."
            ),
        ),
        T(
            (
                "Lúc sinh thời, vua thường lui về đây nghỉ ngơi, đọc sách, làm thơ. Năm 1883 ông "
                "băng hà và được an táng tại đây; từ đó nơi này được gọi là Khiêm Lăng. Tương "
                "truyền thi hài nhà vua không nằm trong Bửu Thành mà được chôn ở một nơi bí mật, "
                "đến nay vẫn chưa ai biết."
            ),
            (
                "In his lifetime the emperor often withdrew here to rest, read and write. When he "
                "died in 1883 he was buried here, and the complex became known as Khiêm Lăng. "
                "Tradition holds that his body does not lie within Bửu Thành but in a secret place "
                "that remains unknown to this day."
            ),
        ),
    ],
    dynasty=NGUYEN,
    period=T("1864–1867", "1864–1867"),
    address=T(
        "Làng Dương Xuân Thượng xưa (thôn Thượng Ba), phía tây nam trung tâm thành phố Huế",
        "Former Dương Xuân Thượng village (Thượng Ba hamlet), south-west of central Huế City",
    ),
    latitude=16.4325,
    longitude=107.5661,
    opening_hours=daily(time(7, 0), time(17, 30)),
    opening_hours_note=TOMB_HOURS_NOTE,
    fares=fares(adult=150_000, child=30_000),
    guide_text=T(
        (
            "Chào mừng bạn đến Khiêm Lăng. Vua Tự Đức, người ở ngôi ba mươi sáu năm – lâu nhất "
            "trong các vua Nguyễn – đã xây nơi này không chỉ để yên nghỉ mà còn để sống. Trước mặt "
            "bạn là hồ Lưu Khiêm. Từ thủy tạ Xung Khiêm dựng trên mặt nước, nhà vua thường ngắm "
            "sen, làm thơ và nghe gió reo qua rừng thông. Đi tiếp, bạn sẽ gặp điện Hòa Khiêm nơi "
            "vua làm việc, nhà hát Minh Khiêm nơi vua xem tuồng, và ở phía bên trái là khu lăng mộ "
            "với tấm bia khổng lồ. Hãy để ý: tên công trình nào cũng có chữ “Khiêm”, nghĩa là "
            "khiêm tốn – một cái tên khiêm nhường cho một công trình tốn kém đến mức đã châm ngòi "
            "cho cuộc nổi dậy năm 1866."
        ),
        (
            "Welcome to Khiêm Lăng, the Tomb of Modesty. Emperor Tự Đức, who reigned for "
            "thirty-six years – longer than any other Nguyễn ruler – built this place as much for "
            "living as for dying. Before you lies Lưu Khiêm lake. From the Xung Khiêm pavilion, "
            "standing over the water, the emperor liked to watch the lotus, compose poems and "
            "listen to the wind in the pines. Further on are the palace where he worked, the "
            "theatre where he watched classical opera, and, to the left, the burial area with its "
            "enormous stele. Notice that every building name contains the word “Khiêm”, modesty – "
            "a humble name for a project so costly that it helped spark an uprising in 1866."
        ),
    ),
    relics=[BIA_KHIEM_CUNG_KY],
)
