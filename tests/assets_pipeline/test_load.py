"""Loading every format, and a clear typed error for each kind of bad upload."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
import trimesh

from assets_pipeline.errors import (
    CorruptFileError,
    EmptyFileError,
    EmptyMeshError,
    FileTooLargeError,
    FormatMismatchError,
    TooManyFacesError,
    UnsafeArchiveError,
    UnsafeReferenceError,
    UnsupportedFormatError,
    ZipBombError,
)
from assets_pipeline.load import load, sha256_file
from assets_pipeline.options import Limits, Options
from assets_pipeline.repair import repair

from .meshes import write_obj_zip

LIMITS = Limits()


def test_glb_loads_textured_with_hash(glb_path: Path, sphere: trimesh.Trimesh) -> None:
    _mesh, report = load(glb_path, LIMITS)
    assert report.file_type == "glb"
    assert report.faces == len(sphere.faces)
    assert report.textured
    assert report.declared_units == "m"
    assert report.sha256 == sha256_file(glb_path) and len(report.sha256) == 64


def test_zipped_obj_with_mtl_and_texture(obj_zip_path: Path, sphere: trimesh.Trimesh) -> None:
    _mesh, report = load(obj_zip_path, LIMITS)
    assert report.file_type == "obj"
    assert report.archive_member == "scan/model.obj"
    assert report.faces == len(sphere.faces)
    assert report.textured, report.warnings
    assert report.unzipped_bytes > 0


@pytest.mark.parametrize("fmt", ["ply", "stl", "3mf"])
def test_other_formats(tmp_path: Path, sphere: trimesh.Trimesh, fmt: str) -> None:
    plain = trimesh.Trimesh(sphere.vertices, sphere.faces, process=False)
    path = tmp_path / f"model.{fmt}"
    path.write_bytes(plain.export(file_type=fmt))
    _mesh, report = load(path, LIMITS)
    assert report.file_type == fmt
    assert report.faces == len(sphere.faces)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.glb"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError, match="empty"):
        load(path, LIMITS)


def test_wrong_extension_names_the_real_format(tmp_path: Path, glb_path: Path) -> None:
    path = tmp_path / "model.stl"
    path.write_bytes(glb_path.read_bytes())
    with pytest.raises(FormatMismatchError, match=r"named \.stl but its content is GLB.*Rename"):
        load(path, LIMITS)


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(UnsupportedFormatError, match="not supported"):
        load(path, LIMITS)


def test_garbage_content(tmp_path: Path) -> None:
    path = tmp_path / "model.ply"
    path.write_bytes(np.random.default_rng(0).bytes(4096))
    with pytest.raises(FormatMismatchError, match="does not look like"):
        load(path, LIMITS)


def test_truncated_glb(tmp_path: Path, glb_path: Path) -> None:
    path = tmp_path / "cut.glb"
    path.write_bytes(glb_path.read_bytes()[: glb_path.stat().st_size // 2])
    with pytest.raises(CorruptFileError, match="export it again"):
        load(path, LIMITS)


def test_truncated_glb_header(tmp_path: Path) -> None:
    path = tmp_path / "cut.glb"
    path.write_bytes(b"glTF" + struct.pack("<I", 2))
    with pytest.raises(CorruptFileError, match="truncated"):
        load(path, LIMITS)


def test_truncated_ply(tmp_path: Path, sphere: trimesh.Trimesh) -> None:
    data = trimesh.Trimesh(sphere.vertices, sphere.faces, process=False).export(file_type="ply")
    path = tmp_path / "cut.ply"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptFileError):
        load(path, LIMITS)


def test_zip_bomb_is_refused_before_extraction(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("model.obj", b"\0" * (64 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    with pytest.raises(ZipBombError, match="zip bomb"):
        load(path, Limits())


def test_zip_over_unzipped_limit(tmp_path: Path, obj_zip_path: Path) -> None:
    with pytest.raises(ZipBombError):
        load(obj_zip_path, Limits(max_unzipped_bytes=1000))


def test_zip_path_traversal(tmp_path: Path) -> None:
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../../etc/model.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n")
    with pytest.raises(UnsafeArchiveError, match="outside the archive"):
        load(path, LIMITS)


def test_mtl_texture_outside_upload(tmp_path: Path) -> None:
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("m.obj", "mtllib m.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n")
        archive.writestr("m.mtl", "newmtl a\nmap_Kd ../../../../etc/passwd\n")
    with pytest.raises(UnsafeReferenceError, match="not a file inside the upload"):
        load(path, LIMITS)


def test_missing_texture_is_a_warning(tmp_path: Path, sphere: trimesh.Trimesh) -> None:
    source = write_obj_zip(sphere, tmp_path / "full.zip")
    path = tmp_path / "missing.zip"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            if not info.filename.lower().endswith((".png", ".jpg", ".jpeg")):
                dst.writestr(info, src.read(info))
    _mesh, report = load(path, LIMITS)
    assert not report.textured
    assert any("missing" in w for w in report.warnings)


def test_too_many_faces_checked_from_header(tmp_path: Path, sphere: trimesh.Trimesh) -> None:
    path = tmp_path / "model.stl"
    path.write_bytes(trimesh.Trimesh(sphere.vertices, sphere.faces).export(file_type="stl"))
    with pytest.raises(TooManyFacesError, match="Decimate"):
        load(path, Limits(max_faces=100))


def test_huge_stl_header_rejected_without_parsing(tmp_path: Path) -> None:
    """A 50M-face binary STL header is refused from 84 bytes of header (file kept sparse)."""
    path = tmp_path / "huge.stl"
    count = 50_000_000
    with path.open("wb") as handle:
        handle.write(b"\0" * 80 + struct.pack("<I", count))
        handle.truncate(84 + 50 * count)
    with pytest.raises(TooManyFacesError, match="50,000,000"):
        load(path, Limits(max_file_bytes=10**10))


def test_file_too_large(glb_path: Path) -> None:
    with pytest.raises(FileTooLargeError, match="limit"):
        load(glb_path, Limits(max_file_bytes=100))


def test_nan_vertices_are_dropped_then_all_nan_is_an_error(tmp_path: Path) -> None:
    box = trimesh.creation.box()
    verts = box.vertices.copy()
    verts[0] = np.nan
    path = tmp_path / "nan.ply"
    path.write_bytes(trimesh.Trimesh(verts, box.faces, process=False).export(file_type="ply"))
    mesh, _ = load(path, LIMITS)
    fixed, report = repair(mesh, Options())
    assert report.non_finite_faces_removed > 0
    assert np.isfinite(fixed.vertices).all()

    all_nan = np.full_like(box.vertices, np.nan)
    path.write_bytes(trimesh.Trimesh(all_nan, box.faces, process=False).export(file_type="ply"))
    mesh, _ = load(path, LIMITS)
    with pytest.raises(EmptyMeshError, match="NaN"):
        repair(mesh, Options())


def test_truncated_zip(tmp_path: Path, obj_zip_path: Path) -> None:
    path = tmp_path / "cut.zip"
    path.write_bytes(obj_zip_path.read_bytes()[:2000])
    with pytest.raises(CorruptFileError, match="not a readable zip"):
        load(path, LIMITS)


def test_3mf_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.3mf"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("3D/3dmodel.model", b"\0" * (64 * 1024 * 1024))
    with pytest.raises(ZipBombError):
        load(path, LIMITS)
