"""Đại Nội, the Imperial City, with the Nine Dynastic Urns, the Nine Holy Cannons, the throne."""

from datetime import time

from ..schema import DemoHotspot, DemoModel, Monument, Relic, T
from .shared import LICENCE, NGUYEN, RIGHTS_HOLDER, daily, fares

CUU_DINH = Relic(
    slug="cuu-dinh",
    title=T("Cửu Đỉnh", "The Nine Dynastic Urns"),
    summary=T(
        (
            "Chín chiếc đỉnh đồng lớn đúc dưới triều Minh Mạng, đặt trước Thế Miếu, tượng trưng "
            "cho sự thống nhất và bền vững của vương triều Nguyễn."
        ),
        (
            "Nine monumental bronze urns cast under Emperor Minh Mạng and set before the Thế Miếu "
            "temple as symbols of a unified realm and an enduring dynasty."
        ),
    ),
    description=[
        T(
            (
                "Cửu Đỉnh được đúc tại Huế từ cuối năm 1835 đến đầu năm 1837 theo lệnh vua Minh "
                "Mạng. Tên các đỉnh gắn với tôn hiệu của các vị vua được thờ trong Thế Miếu. Cao "
                "Đỉnh, dành cho vua Gia Long – người sáng lập triều Nguyễn – lớn nhất và đặt ở "
                "chính giữa, nhô lên phía trước; tám đỉnh còn lại xếp đối xứng hai bên."
            ),
            (
                "The Nine Dynastic Urns were cast in Huế between late 1835 and early 1837 on the "
                "orders of Emperor Minh Mạng. Their names are tied to the emperors venerated in "
                "the Thế Miếu temple behind them. Cao Đỉnh, dedicated to Gia Long, the founder of "
                "the dynasty, is the largest and stands at the centre, slightly ahead of the "
                "others; the remaining eight are arranged symmetrically on either side."
            ),
        ),
        T(
            (
                "Mỗi đỉnh mang 17 hình chạm nổi: mặt trời, mặt trăng, sao, núi sông, biển cả, cửa "
                "biển, cây cỏ, muông thú, xe thuyền, binh khí… Gộp lại, các hình chạm trên chín "
                "đỉnh như một bộ “bách khoa thư” bằng đồng về đất nước Việt Nam thế kỷ 19. Năm "
                "2024, các hình chạm khắc trên Cửu Đỉnh được UNESCO ghi danh vào Danh mục Di sản "
                "Tư liệu thuộc Chương trình Ký ức Thế giới khu vực châu Á – Thái Bình Dương."
            ),
            (
                "Each urn carries seventeen cast reliefs – the sun, moon and stars, mountains and "
                "rivers, seas and estuaries, plants and animals, carts, boats and weapons. "
                "Together they read like a bronze encyclopaedia of nineteenth-century Vietnam. In "
                "2024 the reliefs were inscribed on UNESCO's Memory of the World Regional Register "
                "for Asia and the Pacific."
            ),
        ),
        T(
            (
                "Thoạt nhìn các đỉnh giống nhau, nhưng mỗi chiếc khác nhau về kích thước, kiểu "
                "quai, chân và hoa văn. Từ khi được đặt ở sân Thế Miếu, Cửu Đỉnh chưa từng bị di "
                "dời. Đây là một trong những tác phẩm đúc đồng quý nhất của triều Nguyễn và được "
                "công nhận là Bảo vật quốc gia năm 2012."
            ),
            (
                "At first glance the urns look alike, but each differs in size, handles, feet and "
                "decoration. They have stood in the Thế Miếu courtyard since they were installed "
                "and have never been moved. They rank among the finest bronzes of the Nguyễn era "
                "and were recognised as a National Treasure in 2012."
            ),
        ),
    ],
    inventory_number="HUE-DN-0001",
    dynasty=NGUYEN,
    reign=T("Minh Mạng (1820–1841)", "Minh Mạng (1820–1841)"),
    date_made=T("Cuối năm 1835 – đầu năm 1837", "Late 1835 – early 1837"),
    material=T("Đồng đúc", "Cast bronze"),
    location_within_site=T(
        "Sân Thế Miếu, giữa Hiển Lâm Các và Thế Miếu, phía tây Hoàng thành",
        (
            "Thế Miếu courtyard, between Hiển Lâm Pavilion and the Thế Miếu temple, west side of "
            "the Imperial City"
        ),
    ),
    provenance=T(
        (
            "Đúc tại Huế theo lệnh vua Minh Mạng; đặt tại sân Thế Miếu từ khi hoàn thành và chưa "
            "từng bị di dời."
        ),
        (
            "Cast in Huế on the orders of Emperor Minh Mạng; in the Thế Miếu courtyard since "
            "completion and never moved."
        ),
    ),
    condition="good",
    licence=LICENCE,
    rights_holder=RIGHTS_HOLDER,
    guide_text=T(
        (
            "Trước mặt bạn là Cửu Đỉnh, chín chiếc đỉnh đồng được đúc từ năm 1835 đến 1837 dưới "
            "triều vua Minh Mạng. Chiếc lớn nhất ở chính giữa là Cao Đỉnh, tôn vinh vua Gia Long, "
            "người sáng lập triều Nguyễn; phần lớn các đỉnh còn lại mang tên gắn với những vị vua "
            "được thờ trong Thế Miếu ngay phía sau. Hãy chậm rãi đi một vòng và ngắm kỹ: mỗi đỉnh "
            "có mười bảy hình chạm, khắc họa trời đất, núi sông, biển cả, muông thú, cây cỏ, "
            "thuyền bè và binh khí của nước Việt thế kỷ 19. Cửu Đỉnh chưa từng rời khỏi khoảng sân "
            "này; nay chúng là Bảo vật quốc gia, và các hình chạm đã được UNESCO ghi danh là di "
            "sản tư liệu Ký ức Thế giới khu vực châu Á – Thái Bình Dương."
        ),
        (
            "In front of you stand the Nine Dynastic Urns, cast in bronze between 1835 and 1837 "
            "for Emperor Minh Mạng. The biggest, Cao Đỉnh, stands in the middle and honours Gia "
            "Long, the founder of the Nguyễn dynasty; most of the others are named for emperors "
            "worshipped in the Thế Miếu temple just behind. Walk slowly around them and look "
            "closely at the reliefs: seventeen on every urn, showing the sky, mountains, rivers "
            "and seas, animals, plants, boats and weapons of nineteenth-century Vietnam. The urns "
            "have never left this courtyard. Today they are a National Treasure, and their reliefs "
            "are listed in UNESCO's Memory of the World register for Asia and the Pacific."
        ),
    ),
    designation=T(
        (
            "Bảo vật quốc gia (2012); hình chạm khắc trên Cửu Đỉnh được ghi danh Di sản Tư liệu Ký "
            "ức Thế giới khu vực châu Á – Thái Bình Dương (2024)"
        ),
        (
            "National Treasure (2012); reliefs inscribed on UNESCO's Memory of the World Regional "
            "Register for Asia and the Pacific (2024)"
        ),
    ),
    dimensions_note=T(
        "Cao khoảng 2,3–2,5 m; mỗi đỉnh nặng từ khoảng 1.930 kg đến khoảng 2.600 kg.",
        "About 2.3–2.5 m tall; individual urns weigh from roughly 1,930 kg to about 2,600 kg.",
    ),
    model=DemoModel(
        builder="dynastic_urn",
        hotspots=[
            DemoHotspot(
                T("Các hình chạm nổi", "The cast reliefs"),
                T(
                    "Mỗi đỉnh có 17 hình chạm: trời đất, sông núi, cây cỏ, muông thú, xe thuyền.",
                    "Seventeen reliefs on each urn: sky, rivers and mountains, plants, animals, "
                    "carts and boats.",
                ),
                (0.0, 1.2, 1.0),
            ),
            DemoHotspot(
                T("Quai đỉnh", "The handles"),
                T(
                    "Hai quai dựng đứng trên miệng đỉnh, để khiêng đỉnh khi làm lễ.",
                    "Two upright handles on the rim, by which the urn could be carried.",
                ),
                (0.45, 2.52, 0.0),
            ),
            DemoHotspot(
                T("Ba chân đỉnh", "Three legs"),
                T(
                    "Đỉnh đứng vững trên ba chân: hình ảnh của sự bền vững.",
                    "The urn stands firm on three legs, an image of stability.",
                ),
                (0.0, 0.2, 0.56),
            ),
        ],
    ),
)

CUU_VI_THAN_CONG = Relic(
    slug="cuu-vi-than-cong",
    title=T("Cửu vị thần công", "The Nine Holy Cannons"),
    summary=T(
        (
            "Chín khẩu súng thần công bằng đồng đúc thời Gia Long, được tôn làm thần hộ vệ Kinh "
            "thành và chưa từng được dùng trong chiến trận."
        ),
        (
            "Nine bronze cannons cast under Emperor Gia Long and revered as guardian spirits of "
            "the citadel; they were never used in battle."
        ),
    ),
    description=[
        T(
            (
                "Sau khi thống nhất đất nước, vua Gia Long cho thu gom đồ đồng của nhà Tây Sơn để "
                "đúc chín khẩu thần công. Việc đúc bắt đầu đầu năm 1803 và hoàn thành vào đầu năm "
                "1804. Năm 1816, cả chín khẩu được phong tước “Thần oai vô địch thượng tướng "
                "quân”; tước hiệu này được khắc trên thân súng."
            ),
            (
                "Having unified the country, Emperor Gia Long had bronze seized from the defeated "
                "Tây Sơn regime melted down to cast nine great cannons. Casting began early in "
                "1803 and was finished early in 1804. In 1816 all nine were granted the title "
                "“Thần oai vô địch thượng tướng quân” – roughly, “invincible supreme generals of "
                "divine majesty” – which is engraved on their barrels."
            ),
        ),
        T(
            (
                "Mỗi khẩu dài khoảng 5,1 m, đường kính nòng khoảng 23 cm và nặng hơn 10 tấn, đặt "
                "trên giá gỗ chạm khắc công phu. Bốn khẩu mang tên bốn mùa Xuân, Hạ, Thu, Đông; "
                "năm khẩu mang tên ngũ hành Kim, Mộc, Thủy, Hỏa, Thổ. Trên thân súng còn khắc tên, "
                "thứ bậc, trọng lượng, cách nạp thuốc và bài văn ghi lý do đúc súng."
            ),
            (
                "Each barrel is about 5.1 m long, with a bore of roughly 23 cm, and weighs more "
                "than 10 tonnes; each rests on a finely carved wooden carriage. Four are named "
                "after the seasons – Spring, Summer, Autumn and Winter – and five after the Five "
                "Elements: Metal, Wood, Water, Fire and Earth. The barrels also record each gun's "
                "name, rank and weight, instructions for charging it, and a short text explaining "
                "why the cannons were cast."
            ),
        ),
        T(
            (
                "Ban đầu các khẩu thần công được đặt trước Ngọ Môn. Năm 1917, dưới triều Khải "
                "Định, chúng được dời ra hai nhà che gần cửa Thể Nhân và cửa Quảng Đức của Kinh "
                "thành, hai bên Kỳ Đài, nơi du khách vẫn thấy ngày nay. Năm 2012, Cửu vị thần công "
                "được công nhận là Bảo vật quốc gia."
            ),
            (
                "The cannons first stood in front of the Noon Gate. In 1917, under Emperor Khải "
                "Định, they were moved to two sheltered galleries near the Thể Nhân and Quảng Đức "
                "gates of the citadel, on either side of the Flag Tower, where they remain today. "
                "They were recognised as a National Treasure in 2012."
            ),
        ),
    ],
    inventory_number="HUE-DN-0002",
    dynasty=NGUYEN,
    reign=T("Gia Long (1802–1820)", "Gia Long (1802–1820)"),
    date_made=T("1803–1804", "1803–1804"),
    material=T("Đồng đúc; giá súng bằng gỗ", "Cast bronze; wooden carriages"),
    location_within_site=T(
        (
            "Hai nhà che gần cửa Thể Nhân và cửa Quảng Đức của Kinh thành, hai bên Kỳ Đài, bên "
            "ngoài tường Hoàng thành"
        ),
        (
            "Two sheltered galleries by the Thể Nhân and Quảng Đức gates of the citadel, either "
            "side of the Flag Tower, outside the Imperial City walls"
        ),
    ),
    provenance=T(
        (
            "Đúc tại Huế từ đồ đồng thu được của nhà Tây Sơn; ban đầu đặt trước Ngọ Môn, dời về vị "
            "trí hiện nay năm 1917."
        ),
        (
            "Cast in Huế from bronze seized from the Tây Sơn; first placed in front of the Noon "
            "Gate, moved to the present site in 1917."
        ),
    ),
    condition="good",
    licence=LICENCE,
    rights_holder=RIGHTS_HOLDER,
    guide_text=T(
        (
            "Chín “người khổng lồ” bằng đồng này là Cửu vị thần công của vua Gia Long. Sau khi "
            "đánh bại nhà Tây Sơn, nhà vua cho nấu chảy đồ đồng thu được để đúc, từ năm 1803 đến "
            "1804, chín khẩu súng, mỗi khẩu dài hơn năm mét và nặng hơn mười tấn. Bốn khẩu mang "
            "tên bốn mùa, năm khẩu mang tên ngũ hành. Năm 1816, chúng còn được phong tước như "
            "những vị tướng. Thế nhưng chưa khẩu nào từng khai hỏa trong chiến trận: chúng được "
            "tôn làm thần hộ vệ kinh đô. Hãy nhìn dọc thân súng để tìm những dòng chữ khắc ghi "
            "tên, trọng lượng và câu chuyện đúc súng."
        ),
        (
            "These nine bronze giants are the Holy Cannons of Emperor Gia Long. After defeating "
            "the Tây Sơn, he had the captured bronze melted down and, between 1803 and 1804, "
            "recast into nine cannons, each more than five metres long and heavier than ten "
            "tonnes. Four bear the names of the seasons, five the names of the elements. In 1816 "
            "they were even given a general's title. Yet not one was ever fired in war: they were "
            "revered as guardian spirits of the capital. Look along the barrels for the engraved "
            "inscriptions recording their names, their weights and the story of their casting."
        ),
    ),
    designation=T("Bảo vật quốc gia (2012)", "National Treasure (2012)"),
    dimensions_note=T(
        "Mỗi khẩu dài khoảng 5,1 m, đường kính nòng khoảng 23 cm, nặng hơn 10 tấn.",
        "Each barrel about 5.1 m long with a bore of about 23 cm; each weighs over 10 tonnes.",
    ),
    model=DemoModel(
        builder="holy_cannon",
        hotspots=[
            DemoHotspot(
                T("Miệng nòng", "The muzzle"),
                T(
                    "Nòng súng rộng khoảng 23 cm; chín khẩu chưa từng bắn trong chiến trận.",
                    "A bore of about 23 cm; none of the nine was ever fired in battle.",
                ),
                (2.55, 0.39, 0.0),
            ),
            DemoHotspot(
                T("Đai gia cố", "Reinforcing rings"),
                T(
                    "Các đai đồng nổi quanh thân giúp nòng chịu được sức nén khi bắn.",
                    "Raised bronze rings strengthen the barrel against the pressure of a shot.",
                ),
                (-0.95, 0.75, 0.0),
            ),
        ],
    ),
)

NGAI_VANG = Relic(
    slug="ngai-vang-trieu-nguyen",
    title=T("Ngai vua triều Nguyễn", "The Nguyễn Dynasty Throne"),
    summary=T(
        (
            "Chiếc ngai bằng gỗ sơn son thếp vàng của điện Thái Hòa, chiếc ngai duy nhất còn "
            "nguyên vẹn của triều đại quân chủ cuối cùng ở Việt Nam."
        ),
        (
            "The red-lacquered, gilded wooden throne of Thái Hòa Palace, the only intact surviving "
            "throne of Vietnam's last monarchy."
        ),
    ),
    description=[
        T(
            (
                "Theo Trung tâm Bảo tồn Di tích Cố đô Huế, ngai được chế tác dưới triều Gia Long "
                "và được sử dụng suốt 143 năm của triều Nguyễn, qua 13 đời vua, từ Gia Long đến "
                "Bảo Đại. Ngai đặt ở chính giữa điện Thái Hòa, nơi nhà vua ngự trong các buổi đại "
                "triều và những đại lễ như lễ đăng quang, lễ mừng thọ hay lễ tiếp sứ thần."
            ),
            (
                "According to the Huế Monuments Conservation Centre, the throne was made in the "
                "reign of Gia Long and served the Nguyễn dynasty throughout its 143 years, through "
                "thirteen emperors from Gia Long to Bảo Đại. It stood at the very centre of Thái "
                "Hòa Palace, where the emperor presided over the grand court assemblies and over "
                "ceremonies such as coronations, imperial birthdays and the reception of foreign "
                "envoys."
            ),
        ),
        T(
            (
                "Ngai làm bằng gỗ quý, sơn son thếp vàng, chạm khắc đề tài rồng mây tinh xảo; hai "
                "tay ngai uốn cong, kết thúc bằng hai đầu rồng. Phía trên là bửu tán bằng gỗ thếp "
                "vàng. Dưới triều Khải Định, bửu tán vốn bằng gấm được làm lại bằng gỗ chạm thếp "
                "vàng, và ngai cũng được tu sửa cho đồng bộ."
            ),
            (
                "It is carved from precious wood, lacquered red and gilded, and richly decorated "
                "with dragons among clouds; the curving armrests end in dragon heads. Above it "
                "hangs a gilded wooden canopy. Under Emperor Khải Định the original silk-brocade "
                "canopy was replaced with carved and gilded wood, and the throne itself was "
                "refurbished to match."
            ),
        ),
        T(
            (
                "Ngai được công nhận là Bảo vật quốc gia năm 2015. Tháng 5 năm 2025, một người đàn "
                "ông đã vượt qua dây ngăn, trèo lên ngai và làm gãy tay ngai bên trái. Hiện vật "
                "gốc sau đó được đưa vào kho của Bảo tàng Cổ vật Cung đình Huế để đánh giá và tu "
                "bổ, còn tại điện Thái Hòa trưng bày một phiên bản phục chế."
            ),
            (
                "The throne was recognised as a National Treasure in 2015. In May 2025 a man got "
                "past the barrier, climbed onto the throne and broke its left armrest. The "
                "original was then taken into the care of the Huế Museum of Royal Antiquities for "
                "assessment and conservation, and a restored replica was placed on display in Thái "
                "Hòa Palace."
            ),
        ),
    ],
    inventory_number="HUE-DN-0003",
    dynasty=NGUYEN,
    reign=T(
        "Chế tác thời Gia Long (1802–1820); dùng qua 13 đời vua đến năm 1945",
        "Made under Gia Long (1802–1820); used by thirteen emperors until 1945",
    ),
    date_made=T(
        "Đầu thế kỷ 19 (thời Gia Long); bửu tán làm lại thời Khải Định",
        "Early 19th century (Gia Long era); canopy remade under Khải Định",
    ),
    material=T("Gỗ quý sơn son thếp vàng", "Precious wood, red lacquer and gilding"),
    location_within_site=T(
        (
            "Vị trí nguyên gốc: chính giữa điện Thái Hòa. Từ tháng 5/2025, hiện vật gốc được bảo "
            "quản, tu bổ tại Bảo tàng Cổ vật Cung đình Huế; tại điện có phiên bản phục chế."
        ),
        (
            "Original position: centre of Thái Hòa Palace. Since May 2025 the original has been in "
            "conservation at the Huế Museum of Royal Antiquities; a replica stands in the palace."
        ),
    ),
    provenance=T(
        (
            "Làm cho điện Thái Hòa thời Gia Long; sử dụng liên tục đến khi triều Nguyễn cáo chung "
            "năm 1945; nay do Trung tâm Bảo tồn Di tích Cố đô Huế quản lý."
        ),
        (
            "Made for Thái Hòa Palace under Gia Long; in continuous use until the end of the "
            "dynasty in 1945; now in the care of the Huế Monuments Conservation Centre."
        ),
    ),
    condition="conservation",
    licence=LICENCE,
    rights_holder=RIGHTS_HOLDER,
    guide_text=T(
        (
            "Đây là vị trí của ngai vua triều Nguyễn, biểu tượng quyền lực của 13 đời vua trong "
            "suốt 143 năm. Ngai được làm từ thời Gia Long, bằng gỗ quý sơn son thếp vàng, chạm "
            "rồng ẩn trong mây, hai tay ngai kết thúc bằng hai đầu rồng. Từ chiếc ngai này, nhà "
            "vua chủ trì lễ đăng quang, lễ mừng thọ và các buổi đại triều mỗi tháng hai lần, khi "
            "bá quan văn võ đứng xếp hàng theo phẩm trật ngoài sân. Tháng 5 năm 2025, ngai gốc bị "
            "một người xâm phạm làm hư hại và đã được đưa đi bảo quản, tu bổ cẩn thận, nên chiếc "
            "ngai bạn đang thấy có thể là phiên bản phục chế. Dù vậy, xin hãy đứng ngoài dây ngăn "
            "để cùng gìn giữ một Bảo vật quốc gia."
        ),
        (
            "This is the place of the Nguyễn throne, the seat of power of thirteen emperors over "
            "143 years. Made under Gia Long, it is carved wood covered in red lacquer and gold, "
            "with dragons coiling among clouds and armrests that end in dragon heads. From here "
            "the emperor presided over coronations, birthday celebrations and the grand audiences "
            "held twice a month, while the mandarins stood in ranks in the courtyard outside. In "
            "May 2025 the original was damaged by an intruder and taken away for careful "
            "conservation, so the throne you see may be a faithful replica. Either way, please "
            "stay behind the barrier: it protects a National Treasure."
        ),
    ),
    designation=T("Bảo vật quốc gia (2015)", "National Treasure (2015)"),
    height_cm=101.0,
    width_cm=72.0,
    depth_cm=87.0,
    dimensions_note=T(
        (
            "Ngai cao 101 cm, rộng 72 cm, sâu 87 cm; bệ dài 118 cm, rộng 90 cm, cao 20 cm (không "
            "kể bửu tán)."
        ),
        (
            "Throne 101 cm high, 72 cm wide, 87 cm deep; base 118 cm long, 90 cm wide, 20 cm high "
            "(canopy not included)."
        ),
    ),
)

DAI_NOI = Monument(
    slug="dai-noi",
    title=T("Đại Nội Huế", "The Imperial City of Huế (Đại Nội)"),
    summary=T(
        (
            "Đại Nội là tên gọi quen thuộc của Hoàng thành và Tử Cấm thành trong lòng Kinh thành "
            "Huế, trung tâm chính trị và nghi lễ của triều Nguyễn từ năm 1802 đến năm 1945."
        ),
        (
            "Đại Nội is the everyday name for the Imperial City and the Purple Forbidden City "
            "inside Huế's citadel, the political and ceremonial heart of the Nguyễn dynasty from "
            "1802 to 1945."
        ),
    ),
    description=[
        T(
            (
                "Kinh thành Huế là một tòa thành gần vuông, chu vi gần 10 km, nằm ở bờ bắc sông "
                "Hương và lấy núi Ngự Bình làm tiền án. Bên trong Kinh thành là Hoàng thành, vòng "
                "thành thứ hai, mỗi cạnh khoảng 600 m, có bốn cửa chính mà nổi tiếng nhất là Ngọ "
                "Môn ở mặt trước. Trong cùng là Tử Cấm thành, nơi ăn ở và sinh hoạt riêng của nhà "
                "vua và hoàng gia."
            ),
            (
                "The Huế citadel (Kinh thành) is a roughly square fortress nearly 10 km around, "
                "set on the north bank of the Perfume River with Ngự Bình mountain as its natural "
                "screen. Inside it lies the Imperial City (Hoàng thành), a second walled enclosure "
                "about 600 m on each side with four main gates, the most famous being the Noon "
                "Gate (Ngọ Môn) at the front. At its innermost core was the Purple Forbidden City "
                "(Tử Cấm thành), the private world of the emperor and his household."
            ),
        ),
        T(
            (
                "Các công trình được bố cục dọc theo một trục chính: qua Ngọ Môn là hồ Thái Dịch, "
                "cầu Trung Đạo, sân Đại Triều và điện Thái Hòa, nơi đặt ngai vàng và cử hành các "
                "đại lễ như lễ đăng quang. Phía đông trục chính có Thái Miếu, Triệu Miếu; phía tây "
                "có Thế Miếu, Hiển Lâm Các, Cửu Đỉnh cùng cung Diên Thọ và cung Trường Sanh, nơi ở "
                "của các bà hoàng thái hậu."
            ),
            (
                "The buildings are laid out along a central axis: beyond the Noon Gate come Thái "
                "Dịch lake, the Trung Đạo bridge, the Great Rites Courtyard and Thái Hòa Palace, "
                "the throne hall where coronations and the grandest ceremonies took place. To the "
                "east of the axis stand the Thái Miếu and Triệu Miếu temples; to the west, the Thế "
                "Miếu temple, Hiển Lâm Pavilion and the Nine Dynastic Urns, together with the Diên "
                "Thọ and Trường Sanh residences of the queen mothers."
            ),
        ),
        T(
            (
                "Ngày nay Đại Nội là điểm đến trung tâm của Quần thể di tích Cố đô Huế. Nhiều công "
                "trình đã được trùng tu hoặc phục dựng, song dấu tích chiến tranh vẫn còn trên "
                "những mảng tường và nền móng cũ, nhắc du khách nhớ rằng nơi đây từng đi qua những "
                "biến cố lớn của lịch sử Việt Nam."
            ),
            (
                "Today Đại Nội is the centrepiece of the Complex of Huế Monuments. Many buildings "
                "have been restored or rebuilt, yet the scars of war remain on old walls and "
                "foundations, a reminder of the upheavals of Vietnamese history this place has "
                "lived through."
            ),
        ),
    ],
    history=[
        T(
            (
                "Sau khi lên ngôi năm 1802, vua Gia Long chọn Phú Xuân – Huế làm kinh đô của nước "
                "Việt Nam thống nhất. Hoàng thành được khởi dựng từ năm 1804; Kinh thành khởi công "
                "năm 1805 và đến năm 1832, dưới triều Minh Mạng, mới cơ bản hoàn tất."
            ),
            (
                "After taking the throne in 1802, Emperor Gia Long chose Phú Xuân – Huế – as the "
                "capital of a unified Vietnam. Work on the Imperial City began in 1804; the "
                "citadel was begun in 1805 and only essentially completed in 1832, under Emperor "
                "Minh Mạng."
            ),
        ),
        T(
            (
                "Vua Minh Mạng là người định hình phần lớn diện mạo Đại Nội như ngày nay: năm "
                "1833, ông cho xây Ngọ Môn và dời, dựng lại điện Thái Hòa ở vị trí hiện tại. Các "
                "đời vua sau tiếp tục xây thêm, sửa chữa cung điện và miếu thờ cho đến đầu thế kỷ "
                "20."
            ),
            (
                "It was Minh Mạng who gave Đại Nội much of its present form: in 1833 he built the "
                "Noon Gate and had Thái Hòa Palace moved and rebuilt on its current site. Later "
                "emperors went on adding to and altering the palaces and temples into the early "
                "twentieth century."
            ),
        ),
        T(
            (
                "Ngày 30 tháng 8 năm 1945, trên lầu Ngũ Phụng của Ngọ Môn, vua Bảo Đại thoái vị, "
                "khép lại chế độ quân chủ ở Việt Nam. Trong các cuộc chiến tranh giữa thế kỷ 20, "
                "nhất là năm 1968, nhiều công trình trong Đại Nội bị tàn phá nặng nề."
            ),
            (
                "On 30 August 1945, on the Five Phoenix Pavilion above the Noon Gate, Emperor Bảo "
                "Đại abdicated, bringing Vietnam's monarchy to an end. In the wars of the "
                "mid-twentieth century, above all in 1968, many of the buildings of Đại Nội were "
                "badly damaged or destroyed."
            ),
        ),
        T(
            (
                "Năm 1993, Quần thể di tích Cố đô Huế trở thành Di sản Văn hóa Thế giới đầu tiên "
                "của Việt Nam. Từ đó đến nay, Trung tâm Bảo tồn Di tích Cố đô Huế liên tục trùng "
                "tu, phục hồi các công trình trong Đại Nội."
            ),
            (
                "In 1993 the Complex of Huế Monuments became Vietnam's first World Heritage Site, "
                "and the Huế Monuments Conservation Centre has been restoring and rebuilding the "
                "structures of Đại Nội ever since."
            ),
        ),
    ],
    dynasty=NGUYEN,
    period=T(
        "1804–1833 (Hoàng thành); tiếp tục bổ sung đến đầu thế kỷ 20",
        "1804–1833 (Imperial City); additions into the early 20th century",
    ),
    address=T(
        "Kinh thành Huế, cổng chính Ngọ Môn (đường 23 Tháng 8), thành phố Huế",
        "Huế Citadel, main entrance at the Noon Gate (23 Tháng 8 Street), Huế City",
    ),
    latitude=16.4697,
    longitude=107.5778,
    opening_hours=daily(time(7, 0), time(17, 30)),
    opening_hours_note=T(
        (
            "Mở cửa hằng ngày. Giờ mở cửa có thể sớm hơn vào mùa hè và thay đổi trong các dịp lễ, "
            "sự kiện hoặc những đợt mở cửa ban đêm; nên xem thông báo của Trung tâm Bảo tồn Di "
            "tích Cố đô Huế trước khi đến."
        ),
        (
            "Open every day. Hours may start earlier in summer and change during festivals, "
            "special events or evening openings; check the announcements of the Huế Monuments "
            "Conservation Centre before you go."
        ),
    ),
    fares=fares(adult=200_000, child=40_000),
    guide_text=T(
        (
            "Bạn đang đứng trước Ngọ Môn, cổng chính của Hoàng thành triều Nguyễn. Công trình được "
            "xây năm 1833 dưới triều Minh Mạng, có năm lối đi, trong đó lối chính giữa chỉ dành "
            "riêng cho nhà vua. Hãy ngước nhìn lầu Ngũ Phụng phía trên: chính tại đây, ngày 30 "
            "tháng 8 năm 1945, vua Bảo Đại tuyên bố thoái vị, chấm dứt chế độ quân chủ ở Việt Nam. "
            "Qua khỏi cổng, bạn hãy đi theo trục chính, băng qua hồ Thái Dịch để đến điện Thái "
            "Hòa, nơi các vua đăng quang và thiết triều. Phía sau là Tử Cấm thành, xưa kia chỉ "
            "dành cho hoàng gia. Đừng vội vàng: những khoảng sân, miếu thờ và khu vườn yên tĩnh "
            "nơi đây xứng đáng để bạn dạo bước thật chậm."
        ),
        (
            "You are standing before the Noon Gate, Ngọ Môn, the main entrance to the Imperial "
            "City of the Nguyễn emperors. Built in 1833 under Emperor Minh Mạng, it has five "
            "passageways, and the central one was reserved for the emperor alone. Look up at the "
            "Five Phoenix Pavilion on top: it was there, on 30 August 1945, that Emperor Bảo Đại "
            "abdicated, ending the monarchy in Vietnam. Once through the gate, follow the main "
            "axis across Thái Dịch lake to Thái Hòa Palace, where emperors were crowned and held "
            "court. Beyond it lay the Purple Forbidden City, once closed to all but the imperial "
            "household. Take your time: the quiet courtyards, temples and gardens reward a slow "
            "walk."
        ),
    ),
    relics=[CUU_VI_THAN_CONG, NGAI_VANG, CUU_DINH],
)
