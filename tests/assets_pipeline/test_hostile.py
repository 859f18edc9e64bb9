"""Hostile files: each gets the one-line error (exit 2), in bounded memory, never a traceback."""

from __future__ import annotations

import json
import resource
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
import trimesh

from assets_pipeline import process
from assets_pipeline.load import load
from assets_pipeline.options import Limits

from .hostile import (
    assert_one_line_error,
    box_gltf,
    data_uri,
    glb_with_image,
    glb_with_json,
    png_claiming,
    run_cli,
    textured_obj_zip,
)


def fails_cleanly(
    path: Path, code_name: str, capsys: pytest.CaptureFixture[str], *phrases: str
) -> str:
    code, err = run_cli(path, path.parent / "out", capsys)
    assert_one_line_error(code, err, str(path.parent), "Errno")
    assert f"error [{code_name}]" in err, err
    for phrase in phrases:
        assert phrase in err, err
    return err


def test_zip_with_a_bad_crc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "scan.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("m.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n")
    data = bytearray(path.read_bytes())
    data[data.find(b"v 0 0 0")] = ord("w")  # the stored CRC no longer matches
    path.write_bytes(bytes(data))
    fails_cleanly(path, "corrupt_file", capsys, "'m.obj' is damaged")


def test_3mf_with_a_bad_crc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "part.3mf"
    mesh = trimesh.creation.box(extents=(10, 10, 10))
    path.write_bytes(mesh.export(file_type="3mf"))
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    data = bytearray(path.read_bytes())
    data[data.find(b"<vertex ")] = ord("(")
    path.write_bytes(bytes(data))
    fails_cleanly(path, "corrupt_file", capsys)


@pytest.mark.parametrize("fmt", ["gltf", "glb"])
def test_deeply_nested_json(tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    nested = b'{"asset":{"version":"2.0"},"extras":' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    path = tmp_path / f"deep.{fmt}"
    path.write_bytes(nested if fmt == "gltf" else glb_with_json({}, raw_json=nested))
    fails_cleanly(path, "corrupt_file", capsys, "JSON does not parse")


def obj_text(vertices: list[str]) -> str:
    return "".join(f"v {v}\n" for v in vertices) + "f 1 2 3\nf 1 3 4\nf 1 4 2\nf 2 4 3\n"


def test_coordinates_of_1e300_everywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "huge.obj"
    path.write_text(obj_text(["1e300 0 0", "0 1e300 0", "0 0 1e300", "1e300 1e300 1e300"]))
    fails_cleanly(path, "empty_mesh", capsys)


def test_one_vertex_at_1e300_is_dropped_with_a_warning(tmp_path: Path) -> None:
    mesh = trimesh.creation.icosphere(subdivisions=2)
    verts = [f"{x!r} {y!r} {z!r}" for x, y, z in mesh.vertices.tolist()]
    verts[5] = "1e300 -1e300 1e300"
    text = "".join(f"v {v}\n" for v in verts)
    text += "".join(f"f {a + 1} {b + 1} {c + 1}\n" for a, b, c in mesh.faces.tolist())
    path = tmp_path / "spike.obj"
    path.write_text(text)
    _loaded, report = load(path, Limits())
    assert any("beyond 1e+09" in w for w in report.warnings)

    result = process(path, tmp_path / "out")
    assert result.repair.non_finite_faces_removed == 5
    assert result.measurements.width_cm < 250


def test_glb_indices_out_of_range(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = trimesh.creation.box().export(file_type="glb")
    json_len = struct.unpack_from("<I", data, 12)[0]
    doc = json.loads(data[20 : 20 + json_len])
    accessor = doc["accessors"][doc["meshes"][0]["primitives"][0]["indices"]]
    view = doc["bufferViews"][accessor["bufferView"]]
    blob = bytearray(data[20 + json_len + 8 :])
    size = {5121: 1, 5123: 2, 5125: 4}[accessor["componentType"]]
    start = view.get("byteOffset", 0) + accessor.get("byteOffset", 0)
    blob[start : start + size] = (200 if size == 1 else 60_000).to_bytes(size, "little")
    path = tmp_path / "oob.glb"
    path.write_bytes(glb_with_json(doc, bytes(blob)))
    fails_cleanly(path, "corrupt_file", capsys, "refer to vertices it does not have")


def test_ply_indices_out_of_range(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    box = trimesh.creation.box()
    faces = box.faces.copy()
    faces[3, 1] = 1000
    path = tmp_path / "oob.ply"
    path.write_bytes(trimesh.Trimesh(box.vertices, faces, process=False).export(file_type="ply"))
    fails_cleanly(path, "corrupt_file", capsys, "refer to vertices it does not have")


def test_ply_negative_indices(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
    text += "property float z\nelement face 1\nproperty list uchar int vertex_indices\n"
    text += "end_header\n0 0 0\n1 0 0\n0 1 0\n3 0 -7 2\n"
    path = tmp_path / "neg.ply"
    path.write_text(text)
    fails_cleanly(path, "corrupt_file", capsys)


@pytest.mark.parametrize("megapixels", [144, 400])
def test_a_huge_texture_is_refused_before_it_is_decoded(
    tmp_path: Path, megapixels: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """An 18 KB GLB claiming a 144 MP texture used to take 2 GB; a 400 MP one vanished."""
    side = int(np.sqrt(megapixels * 1e6))
    path = tmp_path / "big.glb"
    path.write_bytes(glb_with_image(png_claiming(side, side)))
    assert path.stat().st_size < 20_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    err = fails_cleanly(path, "texture_too_large", capsys, "megapixel limit", "Resize it")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB
    if megapixels == 144:
        assert f"{side} x {side}" in err


def test_a_huge_texture_in_a_data_uri_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.gltf"
    path.write_text(json.dumps(box_gltf(image_uri=data_uri(png_claiming(12_000, 12_000)))))
    fails_cleanly(path, "texture_too_large", capsys, "12000 x 12000")


def test_an_unreadable_image_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "box.glb"
    path.write_bytes(glb_with_image(b"this is not a PNG at all"))
    _mesh, report = load(path, Limits())
    assert not report.textured
    assert any("image 0" in w and "not an image that can be read" in w for w in report.warnings)


def test_an_unreadable_obj_texture_is_a_warning(tmp_path: Path) -> None:
    good = textured_obj_zip(tmp_path / "good.zip", "skin.png")
    path = tmp_path / "quad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = b"\x89PNG but cut short" if info.filename == "skin.png" else src.read(info)
            dst.writestr(info.filename, data)
    _mesh, report = load(path, Limits())
    assert not report.textured
    assert any("'skin.png' is not an image that can be read" in w for w in report.warnings)
