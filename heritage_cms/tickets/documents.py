"""A ticket's QR code as inline SVG (the ticket page must work offline, so no image request) and
an order's tickets as a printable PDF (Pillow, as the stop-code posters)."""

from __future__ import annotations

import io

import qrcode
from django.utils.html import escape
from PIL import Image, ImageDraw

from heritage_cms.tours.posters import _font

from .models import TicketOrder

BORDER = 4  # the quiet zone the QR standard asks for, in modules


def _matrix(text: str) -> list[list[bool]]:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=BORDER)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.get_matrix()


def qr_svg(text: str, label: str = "") -> str:
    """One ``<svg>`` path, one unit square per dark module: crisp at any size, a few KB."""
    matrix = _matrix(text)
    size = len(matrix)
    path = "".join(
        f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges" role="img" aria-label="{escape(label)}" class="ticket-qr">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{path}"/></svg>'
    )


# A6 portrait per ticket at 150 dpi: one visitor, one page, large enough to scan from paper.
WIDTH, HEIGHT = 620, 874
INK, PAPER, ACCENT = (29, 27, 22), (255, 255, 255), (122, 31, 31)


def _page(ticket, heading: str) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 20), fill=ACCENT)
    draw.text((WIDTH // 2, 50), heading, font=_font(34), fill=INK, anchor="mt")
    draw.text((WIDTH // 2, 100), ticket.fare_name, font=_font(30), fill=ACCENT, anchor="mt")
    matrix = _matrix(ticket.qr_text)
    scale = max(1, 480 // len(matrix))
    qr = Image.new("1", (len(matrix), len(matrix)), 1)
    qr.putdata([0 if dark else 1 for row in matrix for dark in row])
    qr = qr.resize((len(matrix) * scale, len(matrix) * scale), Image.Resampling.NEAREST)
    image.paste(qr.convert("RGB"), ((WIDTH - qr.width) // 2, 150))
    y = 150 + qr.height + 20
    draw.text((WIDTH // 2, y), ticket.code, font=_font(32), fill=INK, anchor="mt")
    days = f"{ticket.valid_from:%d/%m/%Y} – {ticket.valid_until:%d/%m/%Y}"
    draw.text((WIDTH // 2, y + 50), days, font=_font(26), fill=INK, anchor="mt")
    return image


def order_pdf(order: TicketOrder) -> bytes:
    pages = [_page(ticket, order.product.name) for ticket in order.tickets.all()]
    buffer = io.BytesIO()
    if pages:
        pages[0].save(buffer, "PDF", resolution=150.0, save_all=True, append_images=pages[1:])
    return buffer.getvalue()
