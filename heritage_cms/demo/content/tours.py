"""The two tours; each stop names a monument or relic by its slug."""

from ..schema import Stop, T, Tour

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
