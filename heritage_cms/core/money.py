"""Vietnamese đồng: whole numbers only (VND has no minor unit), written the Vietnamese way."""


def format_vnd(amount: int) -> str:
    """150000 → '150.000 ₫'."""
    return f"{amount:,} ₫".replace(",", ".")
