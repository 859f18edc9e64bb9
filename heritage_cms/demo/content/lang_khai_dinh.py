"""The tomb of Khải Định (Ứng Lăng) with his bronze statue and the mosaics of Thiên Định palace."""

from datetime import time

from ..schema import Monument, Relic, T
from .shared import LICENCE, NGUYEN, RIGHTS_HOLDER, TOMB_HOURS_NOTE, daily, fares

TUONG_KHAI_DINH = Relic(
    slug="tuong-dong-khai-dinh",
    title=T("Tượng đồng vua Khải Định", "Bronze Statue of Emperor Khải Định"),
    summary=T(
        (
            "Pho tượng đồng mạ vàng, kích thước như người thật, thể hiện vua Khải Định ngồi trên "
            "ngai, được thực hiện tại Pháp năm 1922."
        ),
        (
            "A life-size gilded bronze statue of Emperor Khải Định seated on his throne, made in "
            "France in 1922."
        ),
    ),
    description=[
        T(
            (
                "Pho tượng được thực hiện tại Pháp năm 1922 theo mẫu của nhà điêu khắc người Pháp "
                "Paul Ducuing, người đã sang Đông Dương và được vua Khải Định đặt làm một pho "
                "tượng bằng kích thước thật cho lăng của mình. Tượng thể hiện nhà vua trong triều "
                "phục, đầu đội mũ, hai tay cầm vương trượng, ngồi trên ngai."
            ),
            (
                "The statue was made in France in 1922 after a model by the French sculptor Paul "
                "Ducuing, who had travelled to Indochina and was commissioned by Khải Định to "
                "create a life-size figure for his tomb. It shows the emperor in full court dress "
                "and headgear, seated on a throne and holding the royal sceptre in both hands."
            ),
        ),
        T(
            (
                "Tượng đặt trên bệ cao, dưới một bửu tán đồ sộ bằng bê tông trang trí rồng và khảm "
                "sành sứ, thủy tinh, trong điện Khải Thành của cung Thiên Định. Phía sau tượng là "
                "hình mặt trời với những tia sáng thếp vàng, thường được hiểu là mặt trời lặn, "
                "biểu thị sự băng hà của nhà vua."
            ),
            (
                "It sits on a high base beneath a massive concrete canopy decorated with dragons "
                "and inlaid porcelain and glass, in the Khải Thành hall of Thiên Định Palace. "
                "Behind it, the gilded rays of a sun – usually read as a setting sun, marking the "
                "emperor's passing – fan out across the wall."
            ),
        ),
        T(
            (
                "Theo nhiều tài liệu, thi hài vua Khải Định được an táng ở độ sâu khoảng 18 m ngay "
                "bên dưới pho tượng. Tượng là một trong những hiện vật tiêu biểu nhất cho sự giao "
                "thoa nghệ thuật Pháp – Việt đầu thế kỷ 20."
            ),
            (
                "According to many accounts, the emperor's remains lie about 18 metres below the "
                "statue. The figure is one of the most striking examples of Franco-Vietnamese "
                "artistic exchange in the early twentieth century."
            ),
        ),
    ],
    inventory_number="HUE-KD-0001",
    dynasty=NGUYEN,
    reign=T("Khải Định (1916–1925)", "Khải Định (1916–1925)"),
    date_made=T("1922", "1922"),
    material=T("Đồng mạ vàng", "Gilded bronze"),
    location_within_site=T(
        "Điện Khải Thành, cung Thiên Định", "Khải Thành hall, Thiên Định Palace"
    ),
    provenance=T(
        (
            "Thực hiện tại Pháp theo đơn đặt hàng của vua Khải Định, mẫu của nhà điêu khắc Paul "
            "Ducuing; đưa về đặt tại lăng."
        ),
        (
            "Made in France to Emperor Khải Định's commission after a model by the sculptor Paul "
            "Ducuing, then installed at the tomb."
        ),
    ),
    condition="good",
    licence=LICENCE,
    rights_holder=RIGHTS_HOLDER,
    guide_text=T(
        (
            "Dưới bửu tán cao vút này là vua Khải Định – hay đúng hơn là pho tượng đồng mạ vàng "
            "bằng kích thước thật của ông. Tượng được thực hiện tại Pháp năm 1922, năm nhà vua "
            "sang dự Đấu xảo Thuộc địa Marseille, theo mẫu của nhà điêu khắc Pháp Paul Ducuing. "
            "Nhà vua mặc triều phục, tay cầm vương trượng. Phía sau, những tia nắng vàng tỏa trên "
            "tường như một vầng mặt trời đang lặn. Và bên dưới chân bạn, sâu khoảng mười tám mét, "
            "là nơi thi hài nhà vua yên nghỉ. Hiếm có nơi nào ở Huế cho thấy rõ đến thế cuộc gặp "
            "gỡ Đông – Tây trong nghệ thuật cung đình những năm 1920."
        ),
        (
            "Beneath this towering canopy sits Emperor Khải Định himself – or rather his life-size "
            "likeness in gilded bronze. The statue was made in France in 1922, the year the "
            "emperor visited the Marseille Colonial Exhibition, after a model by the French "
            "sculptor Paul Ducuing. Khải Định is shown in full court dress, holding the royal "
            "sceptre. Behind him, golden rays spread across the wall like a setting sun. And below "
            "your feet, about eighteen metres down, the emperor's remains were laid to rest. Few "
            "places in Huế show so vividly how East and West met in the court art of the 1920s."
        ),
    ),
    dimensions_note=T("Kích thước bằng người thật, tư thế ngồi.", "Life-size, seated figure."),
)

KHAM_THIEN_DINH = Relic(
    slug="tranh-kham-cung-thien-dinh",
    title=T(
        "Nghệ thuật khảm sành sứ cung Thiên Định",
        "The Porcelain and Glass Mosaics of Thiên Định Palace",
    ),
    summary=T(
        (
            "Những mảng trang trí khảm bằng mảnh sành sứ và thủy tinh phủ kín tường, trần cung "
            "Thiên Định, đỉnh cao của nghệ thuật khảm Huế đầu thế kỷ 20."
        ),
        (
            "Mosaics of porcelain and glass fragments covering the walls and ceilings of Thiên "
            "Định Palace, the high point of early twentieth-century Huế mosaic art."
        ),
    ),
    description=[
        T(
            (
                "Khắp nội thất cung Thiên Định, thợ thủ công Huế đã gắn hàng nghìn mảnh sành sứ, "
                "thủy tinh nhiều màu lên nền vữa để tạo nên những bức tranh nổi. Đề tài rất phong "
                "phú: rồng, phượng, hoa lá, bát bửu, phong cảnh, và cả những đồ vật hiện đại như "
                "đồng hồ báo thức, vợt quần vợt hay đèn dầu."
            ),
            (
                "Throughout the interior of Thiên Định Palace, Huế craftsmen pressed thousands of "
                "fragments of coloured porcelain and glass into mortar to create pictures in "
                "relief. The subjects range widely: dragons, phoenixes, flowers, the Eight "
                "Precious Things and landscapes – and even modern objects such as an alarm clock, "
                "a tennis racket and an oil lamp."
            ),
        ),
        T(
            (
                "Kỹ thuật khảm sành sứ vốn có mặt trên nhiều công trình cung đình Huế, nhưng ở "
                "lăng Khải Định nó đạt đến quy mô và độ tinh xảo cao nhất. Các mảng khảm kết hợp "
                "với phù điêu đắp nổi và tranh vẽ, nổi bật là bức “Cửu long ẩn vân” (chín rồng ẩn "
                "trong mây) trên trần điện Khải Thành."
            ),
            (
                "Mosaic inlay already decorated many of Huế's court buildings, but at Khải Định's "
                "tomb it reached its greatest scale and refinement. The mosaics work together with "
                "moulded reliefs and painting, above all the “Nine Dragons Hidden in the Clouds” "
                "on the ceiling of the Khải Thành hall."
            ),
        ),
        T(
            (
                "Khí hậu nóng ẩm khiến các mảng khảm cần được theo dõi và gia cố thường xuyên. Xin "
                "đừng chạm tay vào tường và chỉ chụp ảnh ở những nơi được phép."
            ),
            (
                "The hot, humid climate means the mosaics need constant monitoring and repair. "
                "Please do not touch the walls, and take photographs only where permitted."
            ),
        ),
    ],
    inventory_number="HUE-KD-0002",
    dynasty=NGUYEN,
    reign=T(
        "Khải Định (1916–1925) – Bảo Đại (1926–1945)",
        "Khải Định (1916–1925) – Bảo Đại (1926–1945)",
    ),
    date_made=T("1920–1931", "1920–1931"),
    material=T(
        "Mảnh sành sứ và thủy tinh gắn trên nền vữa",
        "Porcelain and glass fragments set in mortar",
    ),
    location_within_site=T(
        "Tường và trần cung Thiên Định, nhất là điện Khải Thành",
        "Walls and ceilings of Thiên Định Palace, above all the Khải Thành hall",
    ),
    provenance=T(
        "Thực hiện tại chỗ bởi thợ thủ công Huế trong quá trình xây lăng (1920–1931).",
        "Made on site by Huế craftsmen while the tomb was being built (1920–1931).",
    ),
    condition="good",
    licence=LICENCE,
    rights_holder=RIGHTS_HOLDER,
    guide_text=T(
        (
            "Hãy lại gần hơn – nhưng đừng chạm tay – và ngắm những bức tường quanh bạn. Trông như "
            "tranh vẽ, nhưng thực ra đó là tranh khảm, ghép từ hàng nghìn mảnh sành sứ và thủy "
            "tinh màu do thợ Huế gắn lên vữa trong những năm 1920. Hãy tìm những con rồng, chim "
            "phượng, hoa lá và bát bửu, rồi tìm tiếp những điều bất ngờ: một chiếc đồng hồ báo "
            "thức, một cây vợt quần vợt, một ngọn đèn dầu. Ngước lên, bạn sẽ thấy trên trần bức "
            "“Cửu long ẩn vân”, chín con rồng uốn lượn trong mây. Không nơi nào khác ở Huế, nghệ "
            "thuật khảm lại đạt đến độ phong phú như ở đây."
        ),
        (
            "Step closer – but don't touch – and look at the walls around you. What seem to be "
            "paintings are in fact mosaics, built from thousands of fragments of porcelain and "
            "coloured glass pressed into mortar by Huế craftsmen in the 1920s. Look for the "
            "dragons and phoenixes, the flowers and the Eight Precious Things – and then search "
            "for the surprises: an alarm clock, a tennis racket, an oil lamp. Above you, the "
            "ceiling shows nine dragons weaving through the clouds. Nowhere else in Huế did the "
            "art of mosaic reach such richness."
        ),
    ),
)

LANG_KHAI_DINH = Monument(
    slug="lang-khai-dinh",
    title=T("Lăng Khải Định (Ứng Lăng)", "Tomb of Emperor Khải Định (Ứng Lăng)"),
    summary=T(
        (
            "Lăng của vua Khải Định trên sườn núi Châu Chữ, xây từ năm 1920 đến năm 1931, nổi bật "
            "với sự pha trộn kiến trúc Đông – Tây và nghệ thuật khảm sành sứ, thủy tinh rực rỡ."
        ),
        (
            "Emperor Khải Định's tomb on the slopes of Châu Chữ mountain, built from 1920 to 1931 "
            "and famous for its fusion of Eastern and Western architecture and its dazzling "
            "porcelain and glass mosaics."
        ),
    ),
    description=[
        T(
            (
                "Lăng tựa vào sườn núi Châu Chữ, cách trung tâm Huế khoảng 10 km về phía nam. Diện "
                "tích nhỏ hơn nhiều so với lăng các vua trước, nhưng công trình vươn cao theo sườn "
                "núi với 127 bậc cấp, hai bên là những con rồng lớn làm tay vịn."
            ),
            (
                "The tomb is built into the slope of Châu Chữ mountain, about 10 km south of "
                "central Huế. It covers far less ground than the tombs of earlier emperors, but "
                "climbs steeply up the hillside – 127 steps in all – flanked by great dragons that "
                "serve as balustrades."
            ),
        ),
        T(
            (
                "Đây là lăng vua duy nhất của triều Nguyễn được xây chủ yếu bằng bê tông cốt thép. "
                "Sắt thép, xi măng và ngói đá đen được nhập từ Pháp; sành sứ và thủy tinh để trang "
                "trí được mua từ Trung Quốc và Nhật Bản. Kiến trúc pha trộn yếu tố truyền thống "
                "Việt với những nét Gothic, Baroque, thậm chí Ấn Độ giáo, tạo nên diện mạo khác "
                "hẳn mọi lăng tẩm khác của triều Nguyễn."
            ),
            (
                "It is the only Nguyễn imperial tomb built mainly of reinforced concrete. Iron, "
                "steel, cement and slate tiles were imported from France, and the porcelain and "
                "glass for the decoration came from China and Japan. Its architecture mixes "
                "Vietnamese tradition with Gothic, Baroque and even Hindu touches, giving it a "
                "look unlike any other Nguyễn tomb."
            ),
        ),
        T(
            (
                "Qua Bái Đình với các hàng tượng quan, lính, voi, ngựa bằng đá và Bi Đình hình bát "
                "giác, du khách lên đến cung Thiên Định ở tầng cao nhất. Bên trong, tường và trần "
                "phủ kín tranh khảm sành sứ, thủy tinh; trần điện Khải Thành vẽ bức “Cửu long ẩn "
                "vân”; chính giữa là tượng đồng vua Khải Định ngồi trên ngai, dưới bửu tán."
            ),
            (
                "Past the Salutation Court, with its stone mandarins, soldiers, elephants and "
                "horses, and the octagonal Stele Pavilion, visitors reach Thiên Định Palace at the "
                "top. Inside, walls and ceilings are covered in porcelain and glass mosaic; the "
                "ceiling of the Khải Thành hall bears the “Nine Dragons Hidden in the Clouds”, and "
                "at the centre the bronze statue of Khải Định sits enthroned beneath a canopy."
            ),
        ),
    ],
    history=[
        T(
            (
                "Khải Định lên ngôi năm 1916 và trị vì đến khi qua đời năm 1925, trong bối cảnh "
                "triều đình chịu sự chi phối sâu sắc của chính quyền bảo hộ Pháp. Ông là vị vua "
                "cuối cùng của triều Nguyễn cho xây lăng cho chính mình."
            ),
            (
                "Khải Định came to the throne in 1916 and reigned until his death in 1925, at a "
                "time when the court was firmly under the control of the French protectorate. He "
                "was the last Nguyễn emperor to build a tomb for himself."
            ),
        ),
        T(
            (
                "Lăng khởi công ngày 4 tháng 9 năm 1920. Năm 1922, nhà vua sang Pháp dự Đấu xảo "
                "Thuộc địa Marseille, chuyến đi thường được cho là đã ảnh hưởng đến kiến trúc và "
                "trang trí của lăng. Công trình rất tốn kém: nhiều tài liệu cho rằng thuế đã được "
                "tăng thêm 30% để lấy kinh phí xây lăng, khiến nhà vua bị dư luận đương thời phê "
                "phán."
            ),
            (
                "Construction began on 4 September 1920. In 1922 the emperor travelled to France "
                "for the Marseille Colonial Exhibition, a journey often thought to have influenced "
                "the tomb's architecture and decoration. The project was costly: many accounts say "
                "taxes were raised by 30 percent to pay for it, which made the emperor unpopular "
                "with his subjects."
            ),
        ),
        T(
            (
                "Khi nhà vua băng hà năm 1925, lăng vẫn chưa xong. Vua Bảo Đại, con của Khải Định, "
                "tiếp tục công việc và hoàn thành lăng năm 1931, sau 11 năm xây dựng. Năm 1993, "
                "lăng trở thành một hợp phần của Di sản Thế giới Quần thể di tích Cố đô Huế."
            ),
            (
                "The tomb was still unfinished when Khải Định died in 1925. His son and successor "
                "Bảo Đại carried on the work and completed it in 1931, eleven years after it "
                "began. In 1993 it became part of the Complex of Huế Monuments World Heritage "
                "Site."
            ),
        ),
    ],
    dynasty=NGUYEN,
    period=T("1920–1931", "1920–1931"),
    address=T(
        "Núi Châu Chữ, phía nam trung tâm thành phố Huế (khoảng 10 km)",
        "Châu Chữ mountain, about 10 km south of central Huế City",
    ),
    latitude=16.3990,
    longitude=107.5903,
    opening_hours=daily(time(7, 0), time(17, 30)),
    opening_hours_note=TOMB_HOURS_NOTE,
    fares=fares(adult=150_000, child=30_000),
    guide_text=T(
        (
            "Chào mừng bạn đến Ứng Lăng, lăng vua Khải Định, và hãy chuẩn bị leo dốc: 127 bậc cấp "
            "dẫn từ cổng lên đến đỉnh, hai bên là những con rồng thuộc loại lớn nhất Việt Nam. Vua "
            "Khải Định, trị vì từ năm 1916 đến 1925, muốn một điều gì đó mới mẻ. Thay vì gỗ và "
            "gạch, lăng được xây bằng bê tông cốt thép với vật liệu từ Pháp, Trung Quốc và Nhật "
            "Bản, còn phong cách thì vay mượn châu Âu chẳng kém gì châu Á. Đừng vội đánh giá qua "
            "lớp vỏ xám rêu phong bên ngoài. Bên trong cung Thiên Định, mọi bức tường đều lấp lánh "
            "tranh khảm từ mảnh sành sứ và thủy tinh, và pho tượng đồng mạ vàng của nhà vua ngự "
            "trên ngai, ngay phía trên nơi ông yên nghỉ."
        ),
        (
            "Welcome to Ứng Lăng, the tomb of Emperor Khải Định – and get ready to climb: 127 "
            "steps lead from the entrance to the top, flanked by some of the largest dragon "
            "sculptures in Vietnam. Khải Định, who reigned from 1916 to 1925, wanted something "
            "new. Instead of wood and brick, his tomb was built of reinforced concrete with "
            "materials from France, China and Japan, and its style borrows from Europe as much as "
            "from Asia. Don't judge it by the grey, weathered exterior. Inside Thiên Định Palace "
            "every wall glitters with mosaics of broken porcelain and glass, and a gilded bronze "
            "statue of the emperor sits enthroned above his grave."
        ),
    ),
    relics=[TUONG_KHAI_DINH, KHAM_THIEN_DINH],
)
