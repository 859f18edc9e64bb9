"""What every monument shares: licence, rights holder, dynasties, opening hours and fares."""

from datetime import time

from ..schema import Fare, Hours, T

LICENCE = "cc-by-4.0"
RIGHTS_HOLDER = T("Trung tâm Bảo tồn Di tích Cố đô Huế", "Huế Monuments Conservation Centre")
NGUYEN = T("Nhà Nguyễn", "Nguyễn dynasty")
NGUYEN_LORDS = T("Chúa Nguyễn (Đàng Trong)", "Nguyễn lords (Đàng Trong)")


def daily(opens: time, closes: time) -> list[Hours]:
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


def fares(adult: int, child: int) -> list[Fare]:
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
