"""Every texel where it was: UV seams, several materials, textured beside plain parts."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import trimesh
from PIL import Image

from assets_pipeline import Options, process
from assets_pipeline.texel_check import load_parts, mismatch_share

from .meshes import png_bytes, texture_image, uv_sphere

PLAIN = Options(compression="none")  # float UVs any loader reads back exactly


def level(report_root: Path, report: object, name: str = "high") -> Path:
    lod = next(lod for lod in report.lods if lod.name == name)  # type: ignore[attr-defined]
    return report_root / report.sha256 / lod.file  # type: ignore[attr-defined]


def shared_position_obj(mesh: trimesh.Trimesh, name: str, material: str) -> tuple[str, int]:
    """OBJ lines as scanning software writes them: one `v` per position, `vt` per corner."""
    rounded = np.round(mesh.vertices, 9)
    unique = np.unique(rounded, axis=0)
    lines = [f"o {name}", f"usemtl {material}"]
    lines += [f"v {x!r} {y!r} {z!r}" for x, y, z in unique.tolist()]
    lines += [f"vt {u!r} {v!r}" for u, v in mesh.visual.uv.tolist()]
    return "\n".join(lines), len(unique)


def faces_text(mesh: trimesh.Trimesh, v_offset: int, vt_offset: int) -> str:
    rounded = np.round(mesh.vertices, 9)
    _, index = np.unique(rounded, axis=0, return_inverse=True)
    index = index.reshape(-1)
    return "\n".join(
        "f " + " ".join(f"{index[c] + 1 + v_offset}/{c + 1 + vt_offset}" for c in face)
        for face in mesh.faces.tolist()
    )


def test_obj_uv_seams_are_kept_at_load(tmp_path: Path) -> None:
    """Positions shared across the seam, UVs not: merging them used to smear the texture."""
    sphere = uv_sphere(12, 24)  # a seam face in every 12: a merged seam shows plainly
    head, _count = shared_position_obj(sphere, "globe", "paint")
    obj = f"mtllib globe.mtl\n{head}\n{faces_text(sphere, 0, 0)}\n"
    path = tmp_path / "globe.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("globe.obj", obj)
        archive.writestr("globe.mtl", "newmtl paint\nKd 1 1 1\nmap_Kd globe.png\n")
        archive.writestr("globe.png", png_bytes(texture_image(512)))
    report = process(path, tmp_path / "out", PLAIN)
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path / "src")
    parts = load_parts(tmp_path / "src" / "globe.obj")
    share = mismatch_share(parts, report.normalise, level(tmp_path / "out", report))
    assert share < 0.02, share


def test_several_materials_share_one_atlas(tmp_path: Path) -> None:
    """Two textured objects with their own images: each keeps its own picture."""
    left = uv_sphere(32, 16)
    left.apply_translation([-1.5, 0, 0])
    right = uv_sphere(32, 16)
    right.apply_translation([1.5, 0, 0])
    inverted = Image.fromarray(255 - np.asarray(texture_image(256)))
    text = ["mtllib two.mtl"]
    faces = []
    v_offset = vt_offset = 0
    for mesh, name in ((left, "a"), (right, "b")):
        head, count = shared_position_obj(mesh, name, name)
        text.append(head)
        faces.append((f"usemtl {name}", faces_text(mesh, v_offset, vt_offset)))
        v_offset += count
        vt_offset += len(mesh.visual.uv)
    # OBJ keeps global indices: write all vertices first, then each object's faces.
    body = "\n".join(line for line in "\n".join(text).splitlines() if not line.startswith("usemtl"))
    body += "\n" + "\n".join(f"{use}\n{f}" for use, f in faces) + "\n"
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("two.obj", body)
        archive.writestr("two.mtl", "newmtl a\nmap_Kd a b.png\nnewmtl b\nmap_Kd b.png\n")
        archive.writestr("a b.png", png_bytes(texture_image(256)))
        archive.writestr("b.png", png_bytes(inverted))
    report = process(path, tmp_path / "out", PLAIN)
    assert report.lods[0].textured
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path / "src")
    parts = load_parts(tmp_path / "src" / "two.obj")
    assert len(parts) == 2
    assert mismatch_share(parts, report.normalise, level(tmp_path / "out", report)) < 0.03


def test_a_plain_part_beside_a_textured_one_keeps_both(tmp_path: Path) -> None:
    """Like a lantern: a textured body and an untextured red handle in one glTF scene."""
    body = uv_sphere(32, 16)
    handle = trimesh.creation.box(extents=(0.3, 0.6, 0.3))
    handle.apply_translation([0, 1.4, 0])
    handle.visual.face_colors = [200, 20, 20, 255]  # a glTF COLOR_0, no material texture
    scene = trimesh.Scene({"body": body, "handle": handle})
    path = tmp_path / "lantern.glb"
    path.write_bytes(scene.export(file_type="glb"))
    report = process(path, tmp_path / "out", PLAIN)
    assert report.load.textured and all(lod.textured for lod in report.lods)
    parts = load_parts(path)
    assert mismatch_share(parts, report.normalise, level(tmp_path / "out", report)) < 0.02


def test_an_atlas_too_large_is_shrunk_and_reported() -> None:
    from assets_pipeline.atlas import merge_parts

    parts = []
    for shift, color in ((0, (250, 0, 0)), (3, (0, 0, 250))):
        part = uv_sphere(16, 8)
        part.apply_translation([shift, 0, 0])
        image = Image.new("RGB", (1500, 1500), color)
        part.visual = trimesh.visual.TextureVisuals(
            uv=part.visual.uv,
            material=trimesh.visual.material.PBRMaterial(baseColorTexture=image),
        )
        parts.append(part)
    merged, warnings = merge_parts(parts, max_side=1024)
    atlas = merged.visual.material.baseColorTexture
    assert max(atlas.size) <= 1024 and warnings
    uv = merged.visual.uv
    half = len(parts[0].vertices)
    for rows, color in ((slice(0, half), (250, 0, 0)), (slice(half, None), (0, 0, 250))):
        px = (uv[rows, 0] * (atlas.width - 1)).astype(int)
        py = ((1 - uv[rows, 1]) * (atlas.height - 1)).astype(int)
        colors = np.asarray(atlas.convert("RGB"))[py, px]
        assert (np.abs(colors - color).max(axis=1) < 30).mean() > 0.95
