"""Draw the installable app's icons (a stylised Ngọ Môn gate) with Pillow.

Run once when the design changes: ``.venv/bin/python frontend/make_icons.py``; the PNGs are
committed in heritage_cms/core/static/icons/ so the build needs no Python.
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "heritage_cms/core/static/icons"
RED, GOLD, CREAM = (122, 24, 24), (243, 210, 122), (255, 253, 248)


def gate(size: int, padding: float) -> Image.Image:
    """The motif inside a safe zone: ``padding`` is the share of each side left empty."""
    image = Image.new("RGB", (size, size), RED)
    draw = ImageDraw.Draw(image)
    inner = size * (1 - 2 * padding)
    x0, y0 = size * padding, size * padding

    def box(left, top, right, bottom):
        return [x0 + left * inner, y0 + top * inner, x0 + right * inner, y0 + bottom * inner]

    draw.polygon(
        [
            (x0 + 0.05 * inner, y0 + 0.42 * inner),
            (x0 + 0.25 * inner, y0 + 0.18 * inner),
            (x0 + 0.75 * inner, y0 + 0.18 * inner),
            (x0 + 0.95 * inner, y0 + 0.42 * inner),
        ],
        fill=GOLD,
    )
    draw.rectangle(box(0.12, 0.42, 0.88, 0.9), fill=CREAM)
    draw.rectangle(box(0.0, 0.9, 1.0, 0.97), fill=GOLD)
    draw.rounded_rectangle(box(0.38, 0.56, 0.62, 0.9), radius=inner * 0.11, fill=RED)
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    gate(192, 0.12).save(OUT / "icon-192.png", optimize=True)
    gate(512, 0.12).save(OUT / "icon-512.png", optimize=True)
    gate(512, 0.22).save(OUT / "icon-maskable-512.png", optimize=True)  # Android's safe circle
    gate(180, 0.12).save(OUT / "apple-touch-icon.png", optimize=True)
    gate(32, 0.04).save(OUT / "favicon-32.png", optimize=True)


if __name__ == "__main__":
    main()
