"""A poster image drawn in pure software (painter's algorithm with PIL), so no display is needed.

Faces are flat-shaded; a face large on screen shows its texture pixel by pixel (a textured box
or card), a small one the texel at its UV centroid. Drawn at 2x and downsampled for
anti-aliasing. Meant for the small LOD (about 20k faces takes well under a second).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import trimesh
from PIL import Image, ImageDraw

from .meshutil import attributes, face_colors_of
from .textures import base_color_image, shrink

BACKGROUND = (245, 243, 238)


@dataclass
class PosterReport:
    """Where the poster went and its size."""

    path: str
    width: int
    height: int
    bytes: int
    seconds: float


def _face_colors(mesh: trimesh.Trimesh) -> npt.NDArray[np.float64]:
    attrs = attributes(mesh)
    faces = np.asarray(mesh.faces)
    image = base_color_image(attrs.material) if attrs.uv is not None else None
    if image is not None and attrs.uv is not None:
        # A face's colour is one texel: 1024 px is plenty, and an 8k texture would take 1.6 GB.
        rgb = np.asarray(shrink(image.convert("RGB"), 1024), dtype=np.float64)
        uv = attrs.uv[faces].mean(axis=1) % 1.0
        h, w = rgb.shape[:2]
        px = np.clip((uv[:, 0] * (w - 1)).astype(int), 0, w - 1)
        py = np.clip(((1 - uv[:, 1]) * (h - 1)).astype(int), 0, h - 1)
        return np.asarray(rgb[py, px], dtype=np.float64)
    if attrs.colors is not None:
        return np.asarray(attrs.colors[faces][:, :, :3].mean(axis=1), dtype=np.float64)
    colors = face_colors_of(mesh)
    if colors is not None:
        return colors[:, :3].astype(np.float64)
    return np.tile([186.0, 170.0, 150.0], (len(faces), 1))


def render(mesh: trimesh.Trimesh, size: int = 512) -> Image.Image:
    """Three-quarter view (30 deg round, 20 deg down), orthographic, Lambert-lit, flat-shaded."""
    yaw, pitch = np.radians(30.0), np.radians(20.0)
    rot_y = np.array([[np.cos(yaw), 0, np.sin(yaw)], [0, 1, 0], [-np.sin(yaw), 0, np.cos(yaw)]])
    rot_x = np.array(
        [[1, 0, 0], [0, np.cos(pitch), -np.sin(pitch)], [0, np.sin(pitch), np.cos(pitch)]]
    )
    verts = np.asarray(mesh.vertices, dtype=np.float64) @ (rot_x @ rot_y).T
    faces = np.asarray(mesh.faces)
    tri = verts[faces]
    normals = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    lengths = np.linalg.norm(normals, axis=1, keepdims=True)
    normals = normals / np.where(lengths > 0, lengths, 1)
    visible = normals[:, 2] > 0  # camera looks down -Z; drop back faces
    light = np.array([0.4, 0.6, 0.7]) / np.linalg.norm([0.4, 0.6, 0.7])
    shade = 0.35 + 0.65 * np.clip(normals @ light, 0, 1)
    colors = np.clip(_face_colors(mesh) * shade[:, None], 0, 255).astype(np.uint8)
    scale_px = size * 2
    lo, hi = verts[:, :2].min(axis=0), verts[:, :2].max(axis=0)
    span = float(max(hi - lo)) or 1.0
    factor = 0.9 * scale_px / span
    offset = (scale_px - (hi - lo) * factor) / 2
    xy = (tri[:, :, :2] - lo) * factor + offset
    xy[:, :, 1] = scale_px - xy[:, :, 1]
    order = np.argsort(tri[:, :, 2].mean(axis=1))  # far (more negative z) first
    canvas = Image.new("RGB", (scale_px, scale_px), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    texture = _Texture.of(mesh)
    ab, ac = xy[:, 1] - xy[:, 0], xy[:, 2] - xy[:, 0]
    doubled = np.abs(ab[:, 0] * ac[:, 1] - ab[:, 1] * ac[:, 0])  # twice the area on screen
    # At most MAX_TEXTURED_FACES of the largest faces are painted texel by texel (each costs an
    # image transform); a scan's thousands of small faces keep their flat colour.
    large = doubled[visible]
    threshold = 2.0 * TEXTURED_FACE_PX
    if len(large) > MAX_TEXTURED_FACES:
        threshold = max(
            threshold, float(np.partition(large, -MAX_TEXTURED_FACES)[-MAX_TEXTURED_FACES])
        )
    for index in order[visible[order]].tolist():
        pts = [tuple(p) for p in xy[index].tolist()]
        if (
            texture is not None
            and doubled[index] > threshold
            and texture.paint(canvas, xy[index], faces[index], float(shade[index]))
        ):
            continue
        color = tuple(colors[index].tolist())
        draw.polygon(pts, fill=color, outline=color)
    return canvas.resize((size, size), Image.Resampling.LANCZOS)


# Faces covering more poster pixels than this (at 2x) show their texture pixel by pixel; the
# many tiny faces of a scan show one texel each, which is all they cover.
TEXTURED_FACE_PX = 256
MAX_TEXTURED_FACES = 150


class _Texture:
    """A mesh's base colour image and UVs, for painting large faces with their picture."""

    def __init__(self, image: Image.Image, uv: npt.NDArray[np.float64]) -> None:
        self.image = shrink(image.convert("RGB"), 2048)
        self.uv = uv

    @classmethod
    def of(cls, mesh: trimesh.Trimesh) -> _Texture | None:
        attrs = attributes(mesh)
        image = base_color_image(attrs.material) if attrs.uv is not None else None
        if image is None or attrs.uv is None:
            return None
        return cls(image, attrs.uv)

    def paint(
        self,
        canvas: Image.Image,
        screen: npt.NDArray[np.float64],
        face: npt.NDArray[Any],
        shade: float,
    ) -> bool:
        """Draw one triangle with its texture mapped affinely; False if it cannot be."""
        uv = self.uv[face]
        if not np.isfinite(uv).all() or not np.isfinite(screen).all():
            return False
        uv = uv - np.floor(uv.min(axis=0))  # the repeat the face sits in
        if uv.max() > 1.0:
            return False  # spans a repeat: the flat colour is the honest fallback
        w, h = self.image.size
        texel = np.column_stack([uv[:, 0] * w, (1 - uv[:, 1]) * h])
        x0, y0 = np.floor(screen.min(axis=0)).astype(int)
        x1, y1 = np.ceil(screen.max(axis=0)).astype(int)
        local = screen - [x0, y0]
        system = np.column_stack([local, np.ones(3)])
        if abs(np.linalg.det(system)) < 1e-9:
            return False
        # Screen (x, y) -> texel: the affine map that takes the three corners to their texels.
        coeffs = np.linalg.solve(system, texel)
        data = (*coeffs[:, 0][[0, 1, 2]], *coeffs[:, 1][[0, 1, 2]])
        size = (int(x1 - x0) + 1, int(y1 - y0) + 1)
        patch = self.image.transform(
            size, Image.Transform.AFFINE, data, resample=Image.Resampling.BILINEAR
        )
        patch = patch.point(lambda value: min(255, int(value * shade)))
        mask = Image.new("L", size, 0)
        ImageDraw.Draw(mask).polygon([tuple(p) for p in local.tolist()], fill=255, outline=255)
        canvas.paste(patch, (int(x0), int(y0)), mask)
        return True


def write_poster(mesh: trimesh.Trimesh, path: Path, size: int) -> PosterReport:
    """Render and save; the format follows the suffix (.png or .webp)."""
    start = time.perf_counter()
    image = render(mesh, size)
    if path.suffix.lower() == ".webp":
        image.save(path, format="WEBP", quality=85)
    else:
        image.save(path, format="PNG", optimize=True)
    return PosterReport(
        path=path.name,
        width=size,
        height=size,
        bytes=path.stat().st_size,
        seconds=round(time.perf_counter() - start, 3),
    )
