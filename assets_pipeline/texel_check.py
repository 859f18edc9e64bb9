"""Texel check: does each point of an output show the colour the uploaded model shows there?

For the tests and the benchmark. The source is read part by part (no merging), so it is a
reference independent of the pipeline's own merge; its surface is sampled densely with each
sample's texel colour, then every sampled point of the output is compared with the nearest
source sample.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import trimesh
from scipy.spatial import cKDTree  # type: ignore[import-untyped]

from .atlas import part_color
from .normalise import NormaliseReport, transform_points
from .references import UploadResolver
from .textures import base_color_image

FloatArray = npt.NDArray[np.float64]


def surface_colors(mesh: trimesh.Trimesh, count: int, seed: int) -> tuple[FloatArray, FloatArray]:
    """count area-uniform points of a mesh and the RGB each shows (texel, or plain colour)."""
    rng = np.random.default_rng(seed)
    tri = np.asarray(mesh.vertices, dtype=np.float64)[np.asarray(mesh.faces)]
    area = np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)
    area = np.nan_to_num(area)
    faces = rng.choice(len(tri), count, p=area / area.sum())
    points: FloatArray
    u, v = rng.random(count), rng.random(count)
    flip = u + v > 1
    u[flip], v[flip] = 1 - u[flip], 1 - v[flip]
    bary = np.column_stack([1 - u - v, u, v])
    points = np.einsum("ij,ijk->ik", bary, tri[faces])
    visual: Any = mesh.visual
    image = base_color_image(getattr(visual, "material", None))
    uv = getattr(visual, "uv", None) if getattr(visual, "kind", None) == "texture" else None
    if image is None or uv is None:
        return points, np.tile(np.asarray(part_color(mesh)[:3], float), (count, 1))
    corner_uv = np.asarray(uv, dtype=np.float64)[np.asarray(mesh.faces)[faces]]
    at = np.einsum("ij,ijk->ik", bary, corner_uv) % 1.0
    rgb = np.asarray(image.convert("RGB"), dtype=np.float64)
    h, w = rgb.shape[:2]
    px = np.clip((at[:, 0] * w).astype(int), 0, w - 1)
    py = np.clip(((1 - at[:, 1]) * h).astype(int), 0, h - 1)
    return points, rgb[py, px]


def load_parts(path: Path, root: Path | None = None) -> list[trimesh.Trimesh]:
    """The uploaded model's parts as trimesh reads them, each with its own material."""
    folder = root or path.parent
    loaded = trimesh.load(
        str(path),
        process=False,
        maintain_order=False,
        resolver=UploadResolver(path.parent, folder, 10**9),
    )
    if isinstance(loaded, trimesh.Scene):
        return [g for g in loaded.dump() if isinstance(g, trimesh.Trimesh) and len(g.faces)]
    return [loaded] if isinstance(loaded, trimesh.Trimesh) else []


def mismatch_share(
    parts: list[trimesh.Trimesh],
    placed: NormaliseReport,
    output: Path | trimesh.Trimesh,
    samples: int = 4000,
    tolerance: float = 60.0,
) -> float:
    """Share of output points whose colour differs from the nearest source point's colour.

    tolerance is the largest per-channel difference still counted as the same colour (JPEG and
    resizing move colours a little; a wrong texel usually moves them a lot).
    """
    total_area = sum(float(p.area) for p in parts)
    points, colors = [], []
    for part in parts:
        count = max(50, int(60 * samples * float(part.area) / total_area))
        at, rgb = surface_colors(part, count, seed=1)
        points.append(transform_points(at, placed))
        colors.append(rgb)
    tree = cKDTree(np.vstack(points))
    reference = np.vstack(colors)
    out: Any = output
    if not isinstance(out, trimesh.Trimesh):
        out = trimesh.load(str(output), file_type="glb", force="mesh", process=False)
    at, rgb = surface_colors(out, samples, seed=2)
    _, nearest = tree.query(at)
    wrong = np.abs(rgb - reference[nearest]).max(axis=1) > tolerance
    return float(wrong.mean())


def parts_lost(
    parts: list[trimesh.Trimesh], placed: NormaliseReport, output: Path | trimesh.Trimesh
) -> list[int]:
    """Indices of source parts whose surface is not on the output (median sample farther than
    1 % of the output's size): a part the pipeline threw away."""
    from .metrics import Surface

    out: Any = output
    if not isinstance(out, trimesh.Trimesh):
        out = trimesh.load(str(output), file_type="glb", force="mesh", process=False)
    surface = Surface(out, 2000)
    size = float(np.linalg.norm(np.ptp(np.asarray(out.vertices), axis=0)))
    lost = []
    for index, part in enumerate(parts):
        points, _ = surface_colors(part, 200, seed=index)
        distances = surface.distances(transform_points(points, placed))
        if np.median(distances) > 0.01 * size:
            lost.append(index)
    return lost
