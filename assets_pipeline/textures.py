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
    work = shrink(work, max_px)
    if has_alpha:
        fmt = "PNG"
    elif max(work.size) <= 1024:  # cheap enough to encode both and keep the smaller
        fmt = ""
    else:  # predict from a small copy: PNG of a 4k photograph alone takes seconds
        probe = shrink(work, 512)
        fmt = "PNG" if len(_png(probe)) < len(_jpeg(probe, quality)) else "JPEG"
    candidates: list[tuple[str, bytes]] = []
    if fmt in ("", "PNG"):
        candidates.append(("PNG", _png(work)))
    if fmt in ("", "JPEG"):  # photographs: JPEG; flat or synthetic colour: PNG is often smaller
        candidates.append(("JPEG", _jpeg(work, quality)))
    fmt, data = min(candidates, key=lambda item: len(item[1]))
    reopened = Image.open(io.BytesIO(data))
    reopened.load()
    return reopened, TextureReport(work.width, work.height, fmt, len(data))


def shrink(image: Image.Image, max_px: int) -> Image.Image:
    """Longest edge at most max_px: box-average by whole factors (as mipmaps do), then Lanczos.

    Image.reduce is several times faster than a Lanczos resize of an 8k texture and keeps
    regular patterns regular, which PNG rewards.
    """
    factor = max(image.size) // max_px if max(image.size) > max_px else 1
    if factor > 1:
        image = image.reduce(factor)
    if max(image.size) > max_px:
        scale = max_px / max(image.size)
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    return image


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def _jpeg(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()
