"""Merge a model's parts into one mesh with one texture atlas, keeping every texel where it was.

The exporter writes one mesh with one material. Concatenating a textured and a plain part used
to drop the texture, and several textures (a multi-material OBJ) collapsed onto one. Here each
part's image, tiled as often as its UVs repeat, gets its own rectangle of an atlas and its UVs
are mapped affinely into it; a plain part gets a small swatch of its colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import trimesh
from PIL import Image

from .textures import base_color_image

FloatArray = npt.NDArray[np.float64]
PAD = 2  # texels of edge copy around each rectangle, so filtering does not bleed
MAX_TILES = 4  # UVs repeating more often than this per axis are wrapped face by face


@dataclass
class _Piece:
    image: Image.Image
    uv: FloatArray  # in the piece's own image, 0..1
    origin: tuple[int, int] = (0, 0)


def part_color(mesh: trimesh.Trimesh) -> tuple[int, int, int, int]:
    """The single colour a plain part shows: its material's, else its mean face colour."""
    visual: Any = mesh.visual
    material = getattr(visual, "material", None)
    for name in ("baseColorFactor", "main_color", "diffuse"):
        value = getattr(material, name, None)
        if value is not None:
            rgba = np.asarray(value, dtype=np.float64).reshape(-1)
            if rgba.max() <= 1.0:
                rgba = rgba * 255
            rgba = np.concatenate([rgba, [255.0] * (4 - len(rgba))])[:4]
            return tuple(int(c) for c in np.clip(rgba, 0, 255))  # type: ignore[return-value]
    if getattr(visual, "kind", None) in ("vertex", "face"):
        mean = np.asarray(visual.face_colors, dtype=np.float64).mean(axis=0)
        return tuple(int(c) for c in mean[:4])  # type: ignore[return-value]
    return (186, 170, 150, 255)


def _textured(mesh: trimesh.Trimesh) -> tuple[Image.Image, FloatArray] | None:
    visual: Any = mesh.visual
    uv = getattr(visual, "uv", None) if getattr(visual, "kind", None) == "texture" else None
    image = base_color_image(getattr(visual, "material", None))
    if uv is None or image is None or len(uv) != len(mesh.vertices):
        return None
    return image, np.asarray(uv, dtype=np.float64)


def _piece(mesh: trimesh.Trimesh, max_side: int) -> _Piece:
    """A part's image and UVs in it; repeating UVs become a tiled copy of the image."""
    found = _textured(mesh)
    if found is None:
        swatch = Image.new("RGBA", (4, 4), part_color(mesh))
        return _Piece(swatch, np.full((len(mesh.vertices), 2), 0.5))
    image, uv = found
    uv = np.where(np.isfinite(uv), uv, 0.0)
    lo, hi = np.floor(uv.min(axis=0)), np.ceil(uv.max(axis=0))
    hi = np.maximum(hi, lo + 1)
    tiles = (hi - lo).astype(int)
    tiled_pixels = int(tiles.prod()) * image.width * image.height
    if (tiles > MAX_TILES).any() or tiled_pixels > max_side * max_side:
        # Wrap each vertex into [0, 1): exact for faces inside one repeat, which most are.
        return _Piece(image, uv - np.floor(uv))
    if (tiles == 1).all():
        return _Piece(image, uv - lo)
    tiled = Image.new(image.mode, (image.width * tiles[0], image.height * tiles[1]))
    for i in range(tiles[0]):
        for j in range(tiles[1]):
            tiled.paste(image, (i * image.width, j * image.height))
    return _Piece(tiled, (uv - lo) / tiles)


def _pack(pieces: list[_Piece]) -> tuple[int, int]:
    """Shelf packing, tallest first; sets each piece's origin and returns the atlas size."""
    sizes = [(p.image.width + 2 * PAD, p.image.height + 2 * PAD) for p in pieces]
    width = max(max(w for w, _ in sizes), math.ceil(math.sqrt(sum(w * h for w, h in sizes))))
    x = y = shelf = 0
    for index in sorted(range(len(pieces)), key=lambda i: -sizes[i][1]):
        w, h = sizes[index]
        if x + w > width:
            x, y, shelf = 0, y + shelf, 0
        pieces[index].origin = (x, y)
        x, shelf = x + w, max(shelf, h)
    return width, y + shelf


def _padded(image: Image.Image) -> Image.Image:
    """The image with its edge texels repeated PAD times on every side."""
    array = np.asarray(image.convert("RGBA"))
    return Image.fromarray(np.pad(array, ((PAD, PAD), (PAD, PAD), (0, 0)), mode="edge"), "RGBA")


def merge_parts(parts: list[trimesh.Trimesh], max_side: int) -> tuple[trimesh.Trimesh, list[str]]:
    """One mesh from several parts; textures (if any part has one) packed into one atlas.

    Returns the mesh and warnings (an atlas shrunk to fit max_side is reported).
    """
    if not any(_textured(p) is not None for p in parts):
        return trimesh.util.concatenate(parts), []
    pieces = [_piece(part, max_side) for part in parts]
    # Parts sharing one image and one UV layout (a glTF's primitives) share one rectangle.
    shared: dict[int, int] = {}
    unique: list[_Piece] = []
    owner: list[int] = []
    for piece in pieces:
        key = id(piece.image)
        if key not in shared:
            shared[key] = len(unique)
            unique.append(piece)
        owner.append(shared[key])
    offsets = np.cumsum([0] + [len(p.vertices) for p in parts])
    vertices = np.vstack([np.asarray(p.vertices, dtype=np.float64) for p in parts])
    faces = np.vstack(
        [np.asarray(p.faces, dtype=np.int64) + o for p, o in zip(parts, offsets, strict=False)]
    )
    if len(unique) == 1:  # one image for every part (primitives of one scan): no atlas needed
        material = trimesh.visual.material.PBRMaterial(  # type: ignore[no-untyped-call]
            baseColorTexture=unique[0].image
        )
        visual = trimesh.visual.TextureVisuals(  # type: ignore[no-untyped-call]
            uv=np.vstack([p.uv for p in pieces]), material=material
        )
        return trimesh.Trimesh(vertices, faces, visual=visual, process=False), []
    warnings: list[str] = []
    total = sum(p.image.width * p.image.height for p in unique)
    if total > max_side * max_side:  # shrink before pasting: the atlas must fit in memory
        factor = (max_side * max_side / total) ** 0.5 * 0.9
        for piece in unique:
            size = (
                max(1, int(piece.image.width * factor)),
                max(1, int(piece.image.height * factor)),
            )
            piece.image = piece.image.resize(size, Image.Resampling.LANCZOS)
        warnings.append(f"the {len(unique)} textures were shrunk to {factor:.0%} to fit one atlas")
    width, height = _pack(unique)
    atlas = Image.new("RGBA", (width, height), (0, 0, 0, 255))
    for piece in unique:
        atlas.paste(_padded(piece.image), piece.origin)
    uvs: list[FloatArray] = []
    for piece, index in zip(pieces, owner, strict=True):
        rect = unique[index]
        x0, y0 = rect.origin[0] + PAD, rect.origin[1] + PAD
        w, h = rect.image.width, rect.image.height
        u = (x0 + piece.uv[:, 0] * w) / width
        v = 1.0 - (y0 + (1.0 - piece.uv[:, 1]) * h) / height
        uvs.append(np.column_stack([u, v]))
    if max(width, height) > max_side:
        scale = max_side / max(width, height)
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        warnings.append(
            f"the {len(unique)} textures make a {width} x {height} atlas, shrunk to "
            f"{size[0]} x {size[1]}"
        )
        atlas = atlas.resize(size, Image.Resampling.LANCZOS)
    alpha = atlas.getchannel("A").getextrema()
    if isinstance(alpha, tuple) and alpha[0] == 255:
        atlas = atlas.convert("RGB")
    material = trimesh.visual.material.PBRMaterial(  # type: ignore[no-untyped-call]
        baseColorTexture=atlas
    )
    visual = trimesh.visual.TextureVisuals(  # type: ignore[no-untyped-call]
        uv=np.vstack(uvs), material=material
    )
    merged = trimesh.Trimesh(vertices, faces, visual=visual, process=False)
    return merged, warnings
