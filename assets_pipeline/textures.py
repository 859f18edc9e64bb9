"""Resize and re-encode base-colour textures per level: smaller of JPEG and PNG (PNG if alpha)."""

from __future__ import annotations

import io
import threading
from concurrent.futures import Future
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


@dataclass
class EncodedTexture:
    """Encoded image bytes ready for a GLB's image buffer view."""

    data: bytes
    mime: str
    report: TextureReport


def encode(image: Image.Image, max_px: int, quality: int) -> EncodedTexture:
    """Shrink so the longest edge is at most max_px (never enlarge) and encode once."""
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
    return EncodedTexture(
        data, f"image/{fmt.lower()}", TextureReport(work.width, work.height, fmt, len(data))
    )


class TextureCache:
    """One encoding per (image, resulting size, quality), shared by levels and threads.

    Levels whose budgets exceed the source texture (high 4096 and highest 8192 of a 2048 scan)
    get the same image: encoding it once saves a PNG pass of the largest texture.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._made: dict[tuple[int, tuple[int, int], int], Future[EncodedTexture]] = {}
        self._images: list[Image.Image] = []  # held, so no other image can reuse an id

    def get(self, image: Image.Image, max_px: int, quality: int) -> EncodedTexture:
        key = (id(image), shrunk_size(image.size, max_px), quality)
        with self._lock:
            made = self._made.get(key)
            owner = made is None
            if made is None:
                made = self._made[key] = Future()
                self._images.append(image)
        if owner:
            try:
                made.set_result(encode(image, max_px, quality))
            except BaseException as exc:
                made.set_exception(exc)
        return made.result()


def shrunk_size(size: tuple[int, int], max_px: int) -> tuple[int, int]:
    """The size shrink() gives an image of this size."""
    width, height = size
    factor = max(size) // max_px if max(size) > max_px else 1
    if factor > 1:
        width, height = -(-width // factor), -(-height // factor)
    if max(width, height) > max_px:
        scale = max_px / max(width, height)
        width, height = max(1, round(width * scale)), max(1, round(height * scale))
    return width, height


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
