"""LODs meet the Voyager face budgets and a textured input stays textured at every level."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from assets_pipeline.load import has_texture
from assets_pipeline.lod import make_lods, plan, simplify
from assets_pipeline.metrics import hausdorff
from assets_pipeline.options import VOYAGER_LODS, Options
from assets_pipeline.repair import repair

from .meshes import uv_sphere


def test_plan_skips_highest_for_small_sources() -> None:
    assert [b.name for b in plan(VOYAGER_LODS, 100_000)] == ["thumb", "low", "high"]
    assert [b.name for b in plan(VOYAGER_LODS, 1_000_000)][-1] == "highest"


def test_small_mesh_is_kept_as_is() -> None:
    sphere = uv_sphere(16, 8)
    out, err = simplify(sphere, 20_000)
    assert out is sphere and err == 0.0


def test_uv_simplify_keeps_texture_and_seam() -> None:
    sphere, _ = repair(uv_sphere(128, 64), Options())
    out, _err = simplify(sphere, 2_000)
    assert 1_500 <= len(out.faces) <= 2_000
    assert has_texture(out)
    assert out.visual.uv.shape == (len(out.vertices), 2)
    # the seam survives: some positions still carry two UVs
    _, counts = np.unique(np.round(out.vertices, 6), axis=0, return_counts=True)
    assert (counts >= 2).any()
    h_max, _mean = hausdorff(sphere, out, 5_000)
    assert h_max < 0.05  # unit sphere: under 5 cm


def test_vertex_colours_survive() -> None:
    sphere = uv_sphere(64, 32, textured=False)
    colours = np.zeros((len(sphere.vertices), 4), np.uint8)
    colours[:, 0] = (sphere.vertices[:, 1] > 0) * 255
    colours[:, 3] = 255
    sphere.visual = trimesh.visual.ColorVisuals(vertex_colors=colours)
    out, _ = simplify(sphere, 500)
    assert out.visual.kind == "vertex"
    assert len(out.visual.vertex_colors) == len(out.vertices)


@pytest.mark.slow
def test_200k_textured_sphere_every_level_textured(big_sphere: trimesh.Trimesh) -> None:
    mesh, _ = repair(big_sphere, Options())
    lods = make_lods(mesh, plan(VOYAGER_LODS, len(mesh.faces)))
    by_name = {lod.budget.name: lod for lod in lods}
    assert set(by_name) == {"thumb", "low", "high", "highest"}
    for lod in lods:
        assert len(lod.mesh.faces) <= lod.budget.faces
        assert has_texture(lod.mesh), lod.budget.name
    assert len(by_name["thumb"].mesh.faces) > 15_000


def test_simplified_levels_stand_on_the_floor() -> None:
    """A thumb-sized level of a mesh whose lowest point is one spike must not float."""
    sphere = trimesh.creation.icosphere(subdivisions=5)
    verts = sphere.vertices.copy()
    bottom = int(np.argmin(verts[:, 1]))
    verts[bottom, 1] -= 0.05  # a thumb-like tip the simplifier removes
    verts[:, 1] -= verts[:, 1].min()
    spiky = trimesh.Trimesh(verts, sphere.faces, process=False)
    level, _ = simplify(spiky, 200)
    assert len(level.faces) <= 200
    assert float(level.vertices[:, 1].min()) == pytest.approx(0.0, abs=1e-9)
