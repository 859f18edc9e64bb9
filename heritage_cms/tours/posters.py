"""Printable stop-code posters: the number to type, the stop's name, and a QR code.

The QR code carries the language-neutral address ``/stops/<code>/``: the visitor's phone sends
its own language, so the same printed sign opens the stop in Vietnamese, English, Korean, …
The printed names are Vietnamese and English, as on the monuments' own signs.
"""

import io
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

# A5 portrait at 150 dpi: large enough to read from two metres, small enough to print anywhere.
WIDTH, HEIGHT = 874, 1240
INK, PAPER, ACCENT = (29, 27, 22), (251, 248, 241), (122, 31, 31)
FONT_PATHS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),  # Debian fonts-dejavu-core
    Path("/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_PATHS:
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _centred(draw: ImageDraw.ImageDraw, y: int, text: str, size: int, fill) -> int:
    font = _font(size)
    while draw.textlength(text, font=font) > WIDTH - 80 and size > 18:
        size -= 2
        font = _font(size)
    draw.text((WIDTH // 2, y), text, font=font, fill=fill, anchor="mt")
    return y + size + 16


def render_poster(code: str, url: str, titles: list[str]) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 28), fill=ACCENT)
    y = _centred(draw, 70, code, 260, ACCENT)
    for title in titles:
        y = _centred(draw, y + 10, title, 44, INK)
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=12)
    qr.add_data(url)
    qr.make(fit=True)
    qr_image = qr.make_image(fill_color=INK, back_color=PAPER).get_image().convert("RGB")
    side = min(520, HEIGHT - y - 150)
    qr_image = qr_image.resize((side, side), Image.Resampling.NEAREST)
    image.paste(qr_image, ((WIDTH - side) // 2, y + 30))
    _centred(draw, HEIGHT - 100, "Nhập số hoặc quét mã · Type the number or scan", 30, INK)
    return image


def poster_bytes(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "pdf":
        image.save(buffer, "PDF", resolution=150.0)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
