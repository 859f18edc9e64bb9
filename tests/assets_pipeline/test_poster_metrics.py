"""The software poster shows the object; measurements and Hausdorff are right on known shapes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import trimesh
from PIL import Image

from assets_pipeline.metrics import hausdorff, measure
from assets_pipeline.poster import BACKGROUND, write_poster

from .meshes import uv_sphere


def test_poster_shows_the_texture(tmp_path: Path) -> None:
    report = write_poster(uv_sphere(64, 32), tmp_path / "poster.webp", 256)
    image = np.asarray(Image.open(tmp_path / "poster.webp").convert("RGB"), dtype=float)
    assert report.width == 256 and report.bytes > 0
    centre = image[96:160, 96:160]
    assert np.abs(centre - np.array(BACKGROUND)).mean() > 30  # the object, not the background
    assert centre.std(axis=(0, 1)).max() > 10  # texture detail, not a flat fill
    assert np.abs(image[2, 2] - np.array(BACKGROUND)).max() < 8  # corners are background


def test_measure_box() -> None:
    box = trimesh.creation.box(extents=[0.5, 2.0, 0.25])
    m = measure(box)
    assert (m.width_cm, m.height_cm, m.depth_cm) == (50.0, 200.0, 25.0)
    assert m.watertight and m.volume_m3 == pytest.approx(0.25)
    assert m.surface_area_m2 == pytest.approx(2 * (1.0 + 0.125 + 0.5))


def test_open_mesh_has_no_volume() -> None:
    box = trimesh.creation.box()
    opened = trimesh.Trimesh(box.vertices, box.faces[2:], process=False)
    assert measure(opened).volume_m3 is None and not measure(opened).watertight


def test_hausdorff_of_a_shift() -> None:
    sphere = uv_sphere(64, 32, textured=False)
    same_max, same_mean = hausdorff(sphere, sphere, 2000)
    # a conservative estimate (min over candidate triangles): exact but for thin pole triangles
    assert same_max < 1e-3 and same_mean < 1e-5
    moved = sphere.copy()
    moved.apply_translation([0.01, 0, 0])
    h_max, h_mean = hausdorff(sphere, moved, 5000)
    assert 0.008 < h_max < 0.0102 and h_mean < h_max


def test_a_low_poly_textured_box_shows_its_picture(tmp_path: Path) -> None:
    """12 faces: one texel per face showed no picture; the checker must show on each face."""
    box = trimesh.creation.box()
    y, x = np.mgrid[0:256, 0:256]
    checker = (((x // 32) + (y // 32)) % 2 * 220 + 20).astype(np.uint8)
    image = Image.fromarray(np.stack([checker] * 3, axis=-1), "RGB")
    box.unmerge_vertices()  # each face its own corners, so every face spans the image
    corners = np.array([[0, 0], [1, 0], [0, 1]] * len(box.faces), dtype=float)
    box.visual = trimesh.visual.TextureVisuals(
        uv=corners, material=trimesh.visual.material.PBRMaterial(baseColorTexture=image)
    )
    write_poster(box, tmp_path / "poster.png", 256)
    poster = np.asarray(Image.open(tmp_path / "poster.png").convert("L"), dtype=float)
    inside = np.abs(poster - np.mean(BACKGROUND)) > 12
    edges = np.zeros_like(inside)
    edges[1:-1, 1:-1] = (
        np.maximum.reduce(
            [
                np.abs(poster[1:-1, 1:-1] - poster[a:b, c:d])
                for a, b, c, d in (
                    (0, -2, 1, -1),
                    (2, None, 1, -1),
                    (1, -1, 0, -2),
                    (1, -1, 2, None),
                )
            ]
        )
        > 40
    )
    share = float((edges & inside).sum() / inside.sum())
    assert share > 0.08, share  # checker borders all over the faces, not only face borders
