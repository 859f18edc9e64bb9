"""Validation counts problems; repair fixes them and says what it did, keeping UV seams split."""

from __future__ import annotations

import numpy as np
import trimesh

from assets_pipeline.options import Options
from assets_pipeline.repair import repair
from assets_pipeline.validate import validate

from .meshes import uv_sphere


def damaged_box() -> trimesh.Trimesh:
    """A subdivided box: duplicate and degenerate faces, a flipped patch, a hole, debris."""
    box = trimesh.creation.box().subdivide().subdivide().subdivide()  # 768 faces, closed
    faces = box.faces.copy()
    faces[:10] = faces[:10, ::-1]  # flipped patch
    faces = np.vstack([faces, faces[20:21], [[0, 0, 1]]])  # duplicate + degenerate
    faces = np.delete(faces, [40, 41], axis=0)  # a hole
    debris = trimesh.creation.icosahedron()
    debris.apply_scale(0.01)
    debris.apply_translation([3, 0, 0])
    verts = np.vstack([box.vertices, debris.vertices])
    faces = np.vstack([faces, debris.faces + len(box.vertices)])
    return trimesh.Trimesh(verts, faces, process=False)


def test_validate_finds_each_problem() -> None:
    report = validate(damaged_box())
    assert report.duplicate_faces == 1
    assert report.degenerate_faces == 1
    assert report.boundary_edges > 0
    assert report.inconsistent_edges > 0
    assert report.components == 2
    assert not report.watertight


def test_repair_fixes_and_reports() -> None:
    mesh, report = repair(damaged_box(), Options(debris_fraction=0.2))
    assert report.duplicate_faces_removed == 1
    assert report.degenerate_faces_removed == 1
    assert report.debris_components_removed == 1
    assert report.faces_flipped >= 10
    assert report.holes_found >= 1 and report.holes_filled == report.holes_found
    after = validate(mesh)
    assert after.watertight and report.watertight  # repair's own verdict agrees
    assert after.inconsistent_edges == 0
    assert after.components == 1
    assert mesh.volume > 0  # outward-facing
    assert abs(mesh.volume - 1.0) < 0.05  # the unit box, hole closed


def test_large_holes_are_reported_not_filled() -> None:
    _mesh, report = repair(damaged_box(), Options(debris_fraction=0.2, max_hole_edges=2))
    assert report.holes_filled == 0
    assert report.holes_left_open and report.holes_left_open[0] > 2


def test_uv_seams_are_not_merged_and_texture_kept() -> None:
    sphere = uv_sphere(32, 16)
    mesh, report = repair(sphere, Options())
    assert mesh.visual.uv is not None and len(mesh.visual.uv) == len(mesh.vertices)
    # positions on the u=0/u=1 seam keep two vertices (different UVs)
    rounded = np.round(mesh.vertices, 6)
    _, counts = np.unique(rounded, axis=0, return_counts=True)
    assert (counts >= 2).sum() >= 15
    assert report.degenerate_faces_removed == 2 * 32  # the pole rows
    assert validate(mesh).watertight


def test_wide_opening_is_reported_unless_allowed() -> None:
    """A vase mouth is a real opening: left open by default, capped when the uploader asks."""
    tube = trimesh.creation.cylinder(radius=0.2, height=1.0, sections=64)
    keep = tube.face_normals[:, 2] > -0.9  # remove the bottom cap
    opened = trimesh.Trimesh(tube.vertices, tube.faces[keep], process=False)
    mesh, report = repair(opened, Options())
    assert report.holes_filled == 0 and report.holes_left_open == [64]
    assert not validate(mesh).watertight and not report.watertight
    mesh, report = repair(opened, Options(max_hole_fraction=0.5))
    assert report.holes_filled == 1
    assert validate(mesh).watertight and report.watertight


def test_winding_is_fixed_on_a_large_mesh(big_sphere: trimesh.Trimesh) -> None:
    """200k faces: face-pair keys exceed 2**31, so an int32 key would silently match nothing."""
    mesh = big_sphere.copy()
    faces = np.asarray(mesh.faces).copy()
    patch = np.arange(150_000, 150_500)  # far from face 0, so the BFS root keeps its winding
    faces[patch] = faces[patch][:, ::-1]
    mesh.faces = faces
    _, report = repair(mesh, Options())
    assert report.faces_flipped == len(patch)


def plate(specks: bool) -> trimesh.Trimesh:
    """A print plate: 3 detailed busts and 9 low-poly blocks (under 1 % of faces each), apart;
    optionally two scanner specks floating well away from everything."""
    parts = []
    for i in range(3):
        bust = trimesh.creation.icosphere(subdivisions=4, radius=10.0)
        bust.apply_translation([i * 40.0, 0, 0])
        parts.append(bust)
    for i in range(9):
        block = trimesh.creation.box(extents=(6.0, 6.0, 6.0))
        block.apply_translation([(i % 3) * 40.0, 40.0 + (i // 3) * 30.0, 0])
        parts.append(block)
    # Small parts that touch the first bust: a helmet's screws and visor hinges.
    for angle in (0.3, 1.2, 2.0):
        screw = trimesh.creation.icosphere(subdivisions=1, radius=0.4)
        screw.apply_translation([10.2 * np.cos(angle), 10.2 * np.sin(angle), 0])
        parts.append(screw)
    if specks:
        for x in (150.0, -60.0):
            speck = trimesh.creation.icosahedron()
            speck.apply_scale(0.3)
            speck.apply_translation([x, 200.0, 0])
            parts.append(speck)
    return trimesh.util.concatenate(parts)


def test_small_real_parts_are_kept() -> None:
    """By face count alone 9 blocks and 3 screws were 'debris' (under 1 % of the faces)."""
    source = plate(specks=False)
    mesh, report = repair(source, Options())
    assert report.debris_components_removed == 0 and report.debris_parts == []
    assert len(mesh.faces) == len(source.faces)


def test_far_specks_are_removed_and_reported() -> None:
    source = plate(specks=True)
    mesh, report = repair(source, Options())
    assert report.debris_components_removed == 2
    assert [p.faces for p in report.debris_parts] == [20, 20]
    for part in report.debris_parts:
        assert part.extent < 1.0 and part.gap > 50.0
    assert len(mesh.faces) == len(source.faces) - 40
    _, kept = repair(source, Options(debris_fraction=0))
    assert kept.debris_components_removed == 0
