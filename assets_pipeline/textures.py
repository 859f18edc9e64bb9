"""Resize and re-encode base-colour textures per level: smaller of JPEG and PNG (PNG if alpha)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from PIL import Image


@dataclass
class TextureReport:
    """The encoded texture of one level."""

    width: int
    height: int
    format: str
    bytes: int


def base_color_image(material: Any) -> Image.Image | None:
    """The base colour image of a trimesh PBR or simple material, if any."""
    image = getattr(material, "baseColorTexture", None)
    if image is None:
        image = getattr(material, "image", None)
    return image if isinstance(image, Image.Image) else None


def encode(image: Image.Image, max_px: int, quality: int) -> tuple[Image.Image, TextureReport]:
    """Shrink so the longest edge is at most max_px (never enlarge) and encode once.

    The returned image is re-opened from the encoded bytes, so trimesh's exporter keeps its format.
    """
    has_alpha = False
    if image.mode in ("RGBA", "LA"):
        alpha = image.getchannel("A").getextrema()
        has_alpha = isinstance(alpha, tuple) and not isinstance(alpha[0], tuple) and alpha[0] < 255
    work = image.convert("RGBA" if has_alpha else "RGB")
    scale = min(1.0, max_px / max(work.size))
    if scale < 1.0:
        size = (max(1, round(work.width * scale)), max(1, round(work.height * scale)))
        work = work.resize(size, Image.Resampling.LANCZOS)
    candidates: list[tuple[str, bytes]] = []
    png = io.BytesIO()
    work.save(png, format="PNG", compress_level=6)
    candidates.append(("PNG", png.getvalue()))
    if not has_alpha:  # photographs: JPEG; flat or synthetic colour: PNG is often smaller
        jpeg = io.BytesIO()
        work.save(jpeg, format="JPEG", quality=quality, optimize=True)
        candidates.append(("JPEG", jpeg.getvalue()))
    fmt, data = min(candidates, key=lambda item: len(item[1]))
    reopened = Image.open(io.BytesIO(data))
    reopened.load()
    return reopened, TextureReport(work.width, work.height, fmt, len(data))
