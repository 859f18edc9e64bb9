"""Demo content: five monuments of the Complex of Huế Monuments, their relics and two tours.

The facts are general public knowledge about the Huế monuments (published descriptions by the
Huế Monuments Conservation Centre, the Vietnamese national-treasure records, UNESCO listings and
standard reference works). Where a figure was uncertain it is left out or given qualitatively.
Inventory numbers are a local demo scheme (site code + number), not official numbers.

The descriptive text in this module is released under CC BY 4.0.
"""

from datetime import time

from .schema import DemoHotspot, DemoModel, Fare, Home, Hours, Monument, Relic, Stop, T, Tour

LICENCE = "cc-by-4.0"
RIGHTS_HOLDER = T("Trung tâm Bảo tồn Di tích Cố đô Huế", "Huế Monuments Conservation Centre")
NGUYEN = T("Nhà Nguyễn", "Nguyễn dynasty")
NGUYEN_LORDS = T("Chúa Nguyễn (Đàng Trong)", "Nguyễn lords (Đàng Trong)")


def _daily(opens: time, closes: time) -> list[Hours]:
    """Open every day of the week, Monday (0) to Sunday (6)."""
    return [Hours(first_day=0, last_day=6, opens=opens, closes=closes)]


FREE_DAYS_NOTE = T(
    (
        "Công dân Việt Nam được miễn vé vào mùng 1 Tết Nguyên đán, ngày 26/3, 2/9 và 23/11 (quy "
        "định áp dụng từ năm 2025)."
    ),
    (
        "Vietnamese citizens enter free on the first day of Lunar New Year, 26 March, 2 September "
        "and 23 November (rule in force since 2025)."
    ),
)
UNDER_SEVEN_NOTE = T("Trẻ em dưới 7 tuổi được miễn vé.", "Children under 7 enter free.")


def _fares(adult: int, child: int) -> list[Fare]:
    """Published fares of the Huế Monuments Conservation Centre, in whole VND."""
    return [
        Fare(visitor=T("Người lớn", "Adult"), price_vnd=adult, note=FREE_DAYS_NOTE),
        Fare(
            visitor=T("Trẻ em (7–12 tuổi)", "Child (7–12)"),
            price_vnd=child,
            note=UNDER_SEVEN_NOTE,
        ),
    ]


TOMB_HOURS_NOTE = T(
    (
        "Mở cửa hằng ngày. Giờ mở cửa có thể được điều chỉnh theo mùa, trong các dịp lễ hoặc khi "
        "thời tiết xấu; nên xem thông báo của Trung tâm Bảo tồn Di tích Cố đô Huế trước khi đến."
    ),
    (
        "Open every day. Hours may be adjusted by season, on public holidays or in bad weather; "
        "check the announcements of the Huế Monuments Conservation Centre before you go."
    ),
)


# ---------------------------------------------------------------------------
# Home
# ---------------------------------------------------------------------------

HOME = Home(
    title=T("Di sản Cố đô Huế", "Huế Imperial Heritage"),
    intro=T(
        (
            "Khám phá Quần thể di tích Cố đô Huế, Di sản Văn hóa Thế giới được UNESCO ghi danh năm "
            "1993: từ Đại Nội uy nghi bên bờ sông Hương, chùa Thiên Mụ cổ kính trên đồi Hà Khê đến "
            "những lăng vua Nguyễn ẩn mình giữa núi đồi. Mỗi di tích, hiện vật và hành trình ở đây "
            "đều có bài thuyết minh song ngữ để bạn tự tham quan theo nhịp của riêng mình."
        ),
        (
            "Explore the Complex of Huế Monuments, inscribed as a UNESCO World Heritage Site in "
            "1993: from the Imperial City on the banks of the Perfume River and the venerable "
            "Thiên Mụ Pagoda on Hà Khê hill to the tombs of the Nguyễn emperors tucked away among "
            "the hills. Every monument, object and tour comes with a bilingual audio-guide script, "
            "so you can explore at your own pace."
        ),
    ),
)


# ---------------------------------------------------------------------------
# Đại Nội (the Imperial City)
# ---------------------------------------------------------------------------

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
    opening_hours=_daily(time(7, 0), time(17, 30)),
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
    fares=_fares(adult=200_000, child=40_000),
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


# ---------------------------------------------------------------------------
# Thiên Mụ Pagoda
# ---------------------------------------------------------------------------

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
    opening_hours=_daily(time(8, 0), time(17, 0)),
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


# ---------------------------------------------------------------------------
# Tomb of Minh Mạng
# ---------------------------------------------------------------------------

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
    opening_hours=_daily(time(7, 0), time(17, 30)),
    opening_hours_note=TOMB_HOURS_NOTE,
    fares=_fares(adult=150_000, child=30_000),
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


# ---------------------------------------------------------------------------
# Tomb of Tự Đức
# ---------------------------------------------------------------------------

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
    opening_hours=_daily(time(7, 0), time(17, 30)),
    opening_hours_note=TOMB_HOURS_NOTE,
    fares=_fares(adult=150_000, child=30_000),
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


# ---------------------------------------------------------------------------
# Tomb of Khải Định
# ---------------------------------------------------------------------------

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
    opening_hours=_daily(time(7, 0), time(17, 30)),
    opening_hours_note=TOMB_HOURS_NOTE,
    fares=_fares(adult=150_000, child=30_000),
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


MONUMENTS: list[Monument] = [DAI_NOI, CHUA_THIEN_MU, LANG_MINH_MANG, LANG_TU_DUC, LANG_KHAI_DINH]


# ---------------------------------------------------------------------------
# Tours
# ---------------------------------------------------------------------------

TOURS: list[Tour] = [
    Tour(
        slug="mot-ngay-voi-cac-vua-nguyen",
        title=T("Một ngày với các vua Nguyễn", "A Day with the Nguyễn Emperors"),
        summary=T(
            (
                "Hành trình trọn ngày từ Đại Nội và chùa Thiên Mụ đến ba lăng vua tiêu biểu: Tự "
                "Đức, Minh Mạng và Khải Định."
            ),
            (
                "A full-day route from the Imperial City and Thiên Mụ Pagoda to three of the great "
                "imperial tombs: Tự Đức, Minh Mạng and Khải Định."
            ),
        ),
        description=[
            T(
                (
                    "Buổi sáng dành cho Đại Nội: bắt đầu từ Cửu vị thần công bên Kỳ Đài, qua Ngọ "
                    "Môn vào Hoàng thành rồi dừng chân trước Cửu Đỉnh. Sau đó, đi ngược dòng sông "
                    "Hương lên chùa Thiên Mụ. Buổi chiều, đi về phía nam thăm lăng Tự Đức, lăng "
                    "Minh Mạng và kết thúc ở lăng Khải Định."
                ),
                (
                    "Spend the morning in the Imperial City: start at the Nine Holy Cannons by the "
                    "Flag Tower, enter through the Noon Gate and pause at the Nine Dynastic Urns. "
                    "Then head upriver to Thiên Mụ Pagoda. In the afternoon, travel south to the "
                    "tombs of Tự Đức and Minh Mạng, finishing at the tomb of Khải Định."
                ),
            ),
            T(
                (
                    "Các lăng cách trung tâm khoảng 7–12 km nên bạn cần có phương tiện đi lại. Hãy "
                    "mang theo nước, mũ nón và giày đi bộ thoải mái. Vé Đại Nội và các lăng được "
                    "bán tại cổng; chùa Thiên Mụ vào cửa tự do."
                ),
                (
                    "The tombs lie roughly 7–12 km from the centre, so you will need transport. "
                    "Bring water, a hat and comfortable shoes. Tickets for the Imperial City and "
                    "the tombs are sold at each entrance; Thiên Mụ Pagoda is free."
                ),
            ),
        ],
        duration_minutes=480,
        stops=[
            Stop(
                target="cuu-vi-than-cong",
                stop_code="101",
                note=T(
                    "Bắt đầu ở đây, cạnh Kỳ Đài, trước khi vào Hoàng thành.",
                    "Begin here beside the Flag Tower, before entering the Imperial City.",
                ),
            ),
            Stop(
                target="dai-noi",
                stop_code="102",
                note=T(
                    "Qua Ngọ Môn và đi theo trục chính đến điện Thái Hòa.",
                    "Pass through the Noon Gate and follow the main axis to Thái Hòa Palace.",
                ),
            ),
            Stop(
                target="cuu-dinh",
                stop_code="103",
                note=T(
                    "Rẽ sang phía tây Hoàng thành để ngắm chín chiếc đỉnh đồng trước Thế Miếu.",
                    (
                        "Turn to the west side of the Imperial City to see the nine bronze urns "
                        "before Thế Miếu."
                    ),
                ),
            ),
            Stop(
                target="chua-thien-mu",
                stop_code="104",
                note=T(
                    (
                        "Đi ngược dòng sông Hương vài cây số về phía tây để đến ngôi chùa trên đồi "
                        "Hà Khê."
                    ),
                    "Head a few kilometres upriver to the pagoda on Hà Khê hill.",
                ),
            ),
            Stop(
                target="lang-tu-duc",
                stop_code="105",
                note=T(
                    "Sau bữa trưa, thăm khu lăng thơ mộng giữa rừng thông của vị vua thi sĩ.",
                    "After lunch, visit the poet-emperor's tomb among the pines.",
                ),
            ),
            Stop(
                target="lang-minh-mang",
                stop_code="106",
                note=T(
                    "Tiếp tục về phía nam đến khu lăng uy nghi bên ngã ba Bằng Lãng.",
                    "Continue south to the stately tomb by the Bằng Lãng confluence.",
                ),
            ),
            Stop(
                target="lang-khai-dinh",
                stop_code="107",
                note=T(
                    "Kết thúc ngày với 127 bậc cấp và những bức khảm rực rỡ của Ứng Lăng.",
                    "End the day with the 127 steps and glittering mosaics of Ứng Lăng.",
                ),
            ),
        ],
    ),
    Tour(
        slug="mot-buoi-trong-dai-noi",
        title=T("Một buổi trong Đại Nội", "A Morning in the Imperial City"),
        summary=T(
            (
                "Hành trình đi bộ khoảng hai tiếng rưỡi qua những báu vật của Đại Nội: thần công, "
                "ngai vàng và Cửu Đỉnh."
            ),
            (
                "A walk of about two and a half hours through the treasures of the Imperial City: "
                "the holy cannons, the throne and the dynastic urns."
            ),
        ),
        description=[
            T(
                (
                    "Tuyến đi bộ ngắn, phù hợp cho một buổi sáng mát trời hoặc cuối buổi chiều. "
                    "Toàn bộ lộ trình nằm trong Kinh thành và chỉ cần một vé Đại Nội; hãy dành "
                    "thêm thời gian nếu bạn muốn ghé Tử Cấm thành, cung Diên Thọ hay Thế Miếu."
                ),
                (
                    "A short walking route, ideal for a cool morning or late afternoon. The whole "
                    "route lies within the citadel and needs only an Imperial City ticket; allow "
                    "extra time if you wish to visit the Purple Forbidden City, the Diên Thọ "
                    "Residence or the Thế Miếu temple."
                ),
            ),
        ],
        duration_minutes=150,
        stops=[
            Stop(
                target="cuu-vi-than-cong",
                stop_code="201",
                note=T(
                    (
                        "Ngắm chín khẩu thần công trong hai nhà che cạnh cửa Thể Nhân và cửa Quảng "
                        "Đức."
                    ),
                    (
                        "See the nine cannons in their two galleries by the Thể Nhân and Quảng Đức "
                        "gates."
                    ),
                ),
            ),
            Stop(
                target="dai-noi",
                stop_code="202",
                note=T(
                    "Mua vé, vào Hoàng thành qua Ngọ Môn và đừng quên lên lầu Ngũ Phụng.",
                    (
                        "Buy your ticket, enter through the Noon Gate and don't miss the Five "
                        "Phoenix Pavilion."
                    ),
                ),
            ),
            Stop(
                target="ngai-vang-trieu-nguyen",
                stop_code="203",
                note=T(
                    "Vào điện Thái Hòa, nơi đặt ngai vàng của 13 đời vua Nguyễn.",
                    "Enter Thái Hòa Palace, home of the throne of thirteen Nguyễn emperors.",
                ),
            ),
            Stop(
                target="cuu-dinh",
                stop_code="204",
                note=T(
                    "Kết thúc ở sân Thế Miếu với Cửu Đỉnh, kiệt tác đúc đồng của triều Nguyễn.",
                    (
                        "Finish in the Thế Miếu courtyard with the Nine Dynastic Urns, "
                        "masterpieces of Nguyễn bronze casting."
                    ),
                ),
            ),
        ],
    ),
]
