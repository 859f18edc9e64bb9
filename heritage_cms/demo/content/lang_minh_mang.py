"""The tomb of Minh Mạng (Hiếu Lăng) with the Thánh Đức Thần Công stele."""

from datetime import time

from ..schema import Monument, Relic, T
from .shared import LICENCE, NGUYEN, RIGHTS_HOLDER, TOMB_HOURS_NOTE, daily, fares

BIA_MINH_MANG = Relic(
    slug="bia-thanh-duc-than-cong-minh-mang",
    title=T(
        "Bia “Thánh đức thần công” lăng Minh Mạng",
        "The Sacred Virtue and Divine Merit Stele of Minh Mạng",
    ),
    summary=T(
        (
            "Tấm bia trong Bi Đình lăng Minh Mạng, khắc bài văn của vua Thiệu Trị ca ngợi cuộc đời "
            "và công đức của vua cha."
        ),
        (
            "The stele in the Stele Pavilion of Minh Mạng's tomb, engraved with Emperor Thiệu "
            "Trị's tribute to his father's life and achievements."
        ),
    ),
    description=[
        T(
            (
                "Theo lệ triều Nguyễn, lăng mỗi vị vua đều có một tấm bia “Thánh đức thần công” do "
                "vua kế vị soạn, ghi lại thân thế và công nghiệp của vua đã khuất. Ở Hiếu Lăng, "
                "bài văn bia do vua Thiệu Trị soạn năm 1841, năm đầu tiên ông trị vì."
            ),
            (
                "By Nguyễn custom, each emperor's tomb received a “Sacred Virtue and Divine Merit” "
                "stele whose text was composed by his successor, recording the late ruler's life "
                "and achievements. At Hiếu Lăng the inscription was written by Emperor Thiệu Trị "
                "in 1841, the first year of his reign."
            ),
        ),
        T(
            (
                "Văn bia kể về thân thế vua Minh Mạng – con thứ tư của vua Gia Long, được lập làm "
                "Hoàng thái tử năm 1816 và lên ngôi năm 1820 – ca ngợi công lao giữ gìn kỷ cương, "
                "mở mang thi cử, và ghi nhận những tập thơ văn ngự chế ông để lại."
            ),
            (
                "The text recounts the life of Minh Mạng – Gia Long's fourth son, named crown "
                "prince in 1816 and enthroned in 1820 – praises his work in upholding order and "
                "expanding the civil-service examinations, and notes the collections of poetry and "
                "prose he left behind."
            ),
        ),
        T(
            (
                "Bi Đình nằm trên đồi Phụng Thần, ngay sau Bái Đình, là điểm nhìn đẹp để ngắm trục "
                "thần đạo về cả hai phía. Tấm bia là một nguồn sử liệu Hán văn quan trọng để tìm "
                "hiểu triều Minh Mạng."
            ),
            (
                "The Stele Pavilion sits on Phụng Thần hill just beyond the Salutation Court, a "
                "fine vantage point over the sacred axis in both directions. The stele itself is "
                "an important Classical Chinese source on Minh Mạng's reign."
            ),
        ),
    ],
    inventory_number="HUE-MM-0001",
    dynasty=NGUYEN,
    reign=T("Thiệu Trị (1841–1847)", "Thiệu Trị (1841–1847)"),
    date_made=T(
        "Văn bia soạn năm 1841; dựng trong thời gian hoàn thiện lăng (1841–1843)",
        "Text composed 1841; erected while the tomb was being completed (1841–1843)",
    ),
    material=T("Đá", "Stone"),
    location_within_site=T(
        "Bi Đình trên đồi Phụng Thần, sau Bái Đình",
        "Stele Pavilion on Phụng Thần hill, beyond the Salutation Court",
    ),
    provenance=T(
        "Tạc dựng cho Hiếu Lăng theo lệnh vua Thiệu Trị; vẫn ở vị trí nguyên gốc.",
        "Made for Hiếu Lăng on the orders of Emperor Thiệu Trị; still in its original position.",
    ),
    condition="good",
    licence=LICENCE,
    rights_holder=RIGHTS_HOLDER,
    guide_text=T(
        (
            "Trong ngôi nhà bia này là tấm bia “Thánh đức thần công”. Ở lăng mỗi vị vua Nguyễn, "
            "người viết bài văn bia là vị vua kế vị, và tại đây vua Thiệu Trị đã soạn bài văn vào "
            "năm 1841, năm đầu tiên trị vì, để tưởng nhớ vua cha. Bài văn kể rằng Minh Mạng, con "
            "thứ tư của vua Gia Long, được lập làm Hoàng thái tử rồi lên ngôi, đã củng cố kỷ "
            "cương, mở mang thi cử và để lại nhiều tập thơ văn. Trước khi đi tiếp, hãy nhìn lại "
            "dọc trục thần đạo: từ ngọn đồi này, bạn sẽ thấy cả khu lăng được bố cục chính xác đến "
            "nhường nào."
        ),
        (
            "Inside this pavilion stands the stele of “Sacred Virtue and Divine Merit”. At every "
            "Nguyễn emperor's tomb it was the successor who wrote this text, and here Emperor "
            "Thiệu Trị composed it in 1841, the first year of his reign, in honour of his father. "
            "It tells how Minh Mạng, the fourth son of Gia Long, became crown prince and then "
            "emperor, how he strengthened the state and the examinations, and how he left volumes "
            "of poetry and prose. Before you move on, look back along the sacred axis: from this "
            "hill you can see how precisely the whole tomb was laid out."
        ),
    ),
)

LANG_MINH_MANG = Monument(
    slug="lang-minh-mang",
    title=T("Lăng Minh Mạng (Hiếu Lăng)", "Tomb of Emperor Minh Mạng (Hiếu Lăng)"),
    summary=T(
        (
            "Lăng của vua Minh Mạng, vị vua thứ hai triều Nguyễn, xây từ năm 1840 đến năm 1843 "
            "trên núi Cẩm Kê gần ngã ba Bằng Lãng, nổi tiếng với bố cục đối xứng hài hòa giữa kiến "
            "trúc và thiên nhiên."
        ),
        (
            "The tomb of Minh Mạng, second emperor of the Nguyễn dynasty, built from 1840 to 1843 "
            "on Cẩm Kê hill near the Bằng Lãng confluence and renowned for its symmetrical harmony "
            "of architecture and landscape."
        ),
    ),
    description=[
        T(
            (
                "Lăng nằm trên núi Cẩm Kê, gần ngã ba Bằng Lãng, nơi hai nguồn Tả Trạch và Hữu "
                "Trạch hợp lưu thành sông Hương, cách trung tâm Huế khoảng 12 km. Khoảng 40 công "
                "trình lớn nhỏ được bố trí đối xứng dọc một trục thần đạo dài chừng 700 m, từ Đại "
                "Hồng Môn đến chân La Thành phía sau mộ vua."
            ),
            (
                "The tomb lies on Cẩm Kê hill near the Bằng Lãng confluence, where the Tả Trạch "
                "and Hữu Trạch rivers join to form the Perfume River, about 12 km from central "
                "Huế. Some forty structures are arranged symmetrically along a sacred axis roughly "
                "700 m long, running from the Great Red Gate (Đại Hồng Môn) to the enclosing wall "
                "behind the emperor's grave."
            ),
        ),
        T(
            (
                "Đi dọc trục chính, du khách lần lượt qua Bái Đình với hai hàng tượng quan văn, "
                "quan võ, voi, ngựa bằng đá; Bi Đình đặt bia “Thánh đức thần công”; điện Sùng Ân "
                "thờ vua và Hoàng hậu Tá Thiên Nhân; lầu Minh Lâu trên đồi Tam Tài; rồi qua hồ Tân "
                "Nguyệt hình trăng non để đến Bửu Thành, vòng thành tròn bao quanh nấm mộ."
            ),
            (
                "Walking the axis, visitors pass the Salutation Court with its stone mandarins, "
                "elephants and horses; the Stele Pavilion sheltering the “Sacred Virtue and Divine "
                "Merit” stele; Sùng Ân Temple, dedicated to the emperor and Empress Tá Thiên Nhân; "
                "the Minh Lâu pavilion on Tam Tài hill; and finally the crescent-shaped Tân Nguyệt "
                "lake, beyond which the circular wall of Bửu Thành encloses the burial mound."
            ),
        ),
        T(
            (
                "Mặt nước hồ Trừng Minh, những rặng thông và đồi cỏ làm cho kiến trúc uy nghiêm "
                "trở nên mềm mại. Nhiều người xem lăng Minh Mạng là mẫu mực của kiến trúc lăng tẩm "
                "triều Nguyễn, phản ánh tinh thần Nho giáo nghiêm cẩn của vị vua đã thiết kế nó."
            ),
            (
                "The still water of Trừng Minh lake, the pine groves and grassy slopes soften the "
                "formality of the architecture. Many consider Minh Mạng's tomb the model of Nguyễn "
                "funerary architecture, a reflection of the disciplined Confucian outlook of the "
                "emperor who designed it."
            ),
        ),
    ],
    history=[
        T(
            (
                "Minh Mạng (trị vì 1820–1841), con thứ tư của vua Gia Long, là vị vua đã củng cố "
                "bộ máy nhà nước và hoàn thiện nhiều công trình ở kinh đô. Ông cho các quan đi tìm "
                "đất xây lăng từ năm 1826, nhưng đến năm 1840 mới quyết định chọn núi Cẩm Kê, đổi "
                "tên núi thành Hiếu Sơn và đặt tên lăng là Hiếu Lăng."
            ),
            (
                "Minh Mạng (r. 1820–1841), Gia Long's fourth son, strengthened the institutions of "
                "the state and completed many of the capital's buildings. He sent officials to "
                "look for a burial site as early as 1826, but only settled on Cẩm Kê hill in 1840, "
                "renaming it Hiếu Sơn and naming the tomb Hiếu Lăng."
            ),
        ),
        T(
            (
                "Công trình khởi công tháng 9 năm 1840. Chỉ vài tháng sau, tháng 1 năm 1841, nhà "
                "vua băng hà; vua Thiệu Trị tiếp tục xây dựng theo đúng thiết kế của vua cha. "
                "Tháng 8 năm 1841, thi hài vua Minh Mạng được an táng tại Bửu Thành, nhưng phải "
                "đến năm 1843 toàn bộ lăng mới hoàn thành, với sức lao động của khoảng 10.000 lính "
                "thợ."
            ),
            (
                "Construction began in September 1840. Only months later, in January 1841, the "
                "emperor died, and his successor Thiệu Trị carried the work through according to "
                "his father's plans. Minh Mạng was laid to rest in Bửu Thành in August 1841, but "
                "the whole complex was finished only in 1843, by a workforce of some ten thousand "
                "soldiers and craftsmen."
            ),
        ),
        T(
            (
                "Thời gian, chiến tranh và bão lũ đã làm nhiều hạng mục xuống cấp. Từ cuối thế kỷ "
                "20, lăng được trùng tu từng bước và nay là một trong những điểm tham quan được "
                "yêu thích nhất của Quần thể di tích Cố đô Huế."
            ),
            (
                "Time, war and storms took their toll on many of the buildings. Since the late "
                "twentieth century the tomb has been restored step by step, and it is now one of "
                "the best-loved sites in the Complex of Huế Monuments."
            ),
        ),
    ],
    dynasty=NGUYEN,
    period=T("1840–1843", "1840–1843"),
    address=T(
        "Núi Cẩm Kê, gần ngã ba Bằng Lãng, thành phố Huế (khoảng 12 km về phía nam trung tâm)",
        "Cẩm Kê hill near the Bằng Lãng confluence, Huế City (about 12 km south of the centre)",
    ),
    latitude=16.3877,
    longitude=107.5689,
    opening_hours=daily(time(7, 0), time(17, 30)),
    opening_hours_note=TOMB_HOURS_NOTE,
    fares=fares(adult=150_000, child=30_000),
    guide_text=T(
        (
            "Chào mừng bạn đến Hiếu Lăng, lăng của vua Minh Mạng. Trước hết, hãy để ý rằng mọi thứ "
            "ở đây đều nằm trên một đường thẳng: cổng, sân chầu, điện thờ, lầu gác, cầu và cuối "
            "cùng là nấm mộ, cách đây chừng 700 mét. Cổng chính Đại Hồng Môn trước mặt chỉ mở một "
            "lần duy nhất để đưa linh cữu nhà vua vào lăng, nên chúng ta đi qua hai cổng phụ. Tiếp "
            "đó, bạn sẽ đi giữa hai hàng tượng quan, voi, ngựa bằng đá ở Bái Đình rồi lên Bi Đình. "
            "Xa hơn, hồ nước và đồi thông bao quanh điện Sùng Ân và lầu Minh Lâu. Vua Minh Mạng đã "
            "tự tay duyệt thiết kế nhưng qua đời năm 1841 khi lăng chưa xong; vua Thiệu Trị hoàn "
            "thành công trình vào năm 1843."
        ),
        (
            "Welcome to Hiếu Lăng, the tomb of Emperor Minh Mạng. Notice first how everything here "
            "lies on a single straight line: gates, courtyards, temple, pavilion, bridges and, at "
            "the very end, the burial mound, some 700 metres away. The main gate ahead, Đại Hồng "
            "Môn, was opened only once – to let the emperor's coffin pass – so we enter through "
            "the side gates. Then walk between the stone mandarins, elephants and horses of the "
            "Salutation Court and climb to the Stele Pavilion. Further on, lakes and pine-covered "
            "hills frame Sùng Ân Temple and the Minh Lâu pavilion. Minh Mạng approved the plans "
            "himself but died in 1841 before the work was done; his son Thiệu Trị completed it in "
            "1843."
        ),
    ),
    relics=[BIA_MINH_MANG],
)
