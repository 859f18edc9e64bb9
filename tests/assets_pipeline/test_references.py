"""Nothing outside the upload is read: buffer, image, MTL and texture references are confined."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from assets_pipeline.errors import UnsafeReferenceError
from assets_pipeline.isolated import _failure
from assets_pipeline.load import load
from assets_pipeline.options import Limits
from assets_pipeline.references import shown

from .hostile import (
    assert_one_line_error,
    box_gltf,
    glb_with_json,
    run_cli,
    secret_file,
    textured_obj_zip,
    watch_opens,
)

LIMITS = Limits()


@pytest.fixture
def server(tmp_path: Path) -> Path:
    """A folder standing for the server's own files, beside the upload folder."""
    secret_file(tmp_path / "server")
    return tmp_path / "server"


def upload_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "upload"
    folder.mkdir(exist_ok=True)
    return folder


def refuses(source: Path, server: Path, reference: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Exit 2 naming the reference, nothing under server opened, no output written."""
    out = source.parent.parent / "out"
    with watch_opens(server) as opened:
        code, err = run_cli(source, out, capsys)
    assert opened == []
    assert_one_line_error(code, err, str(source.parent), "Errno")
    assert "error [unsafe_reference]" in err and shown(reference) in err
    assert not out.exists() or not any(out.rglob("*.glb"))


@pytest.mark.parametrize("kind", ["relative", "absolute", "file-uri", "percent-encoded"])
def test_gltf_buffer_outside_the_upload_is_refused(
    tmp_path: Path, server: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = server / "secret.bin"
    reference = {
        "relative": "../server/secret.bin",
        "absolute": str(secret),
        "file-uri": f"file://{secret}",
        "percent-encoded": "%2E%2E/server/secret.bin",
    }[kind]
    source = upload_dir(tmp_path) / "box.gltf"
    source.write_text(json.dumps(box_gltf(buffer_uri=reference)))
    refuses(source, server, reference, capsys)


def test_gltf_image_outside_the_upload_inside_a_zip_is_refused(
    tmp_path: Path, server: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reference = "../../server/secret.bin"
    source = upload_dir(tmp_path) / "box.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("model/box.gltf", json.dumps(box_gltf(image_uri=reference)))
    refuses(source, server, reference, capsys)


def test_glb_with_an_absolute_buffer_path_is_refused(
    tmp_path: Path, server: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = box_gltf()
    reference = str(server / "secret.bin")
    doc["buffers"].append({"uri": reference, "byteLength": 16})
    source = upload_dir(tmp_path) / "box.glb"
    source.write_bytes(glb_with_json(doc))
    refuses(source, server, reference, capsys)


def test_mtl_outside_the_upload_is_refused(
    tmp_path: Path, server: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (server / "stolen.mtl").write_text("newmtl x\nKd 1 0 0\n")
    reference = "../../server/stolen.mtl"
    source = upload_dir(tmp_path) / "scan.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("scan/m.obj", f"mtllib {reference}\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n")
    refuses(source, server, reference, capsys)


def test_texture_path_with_a_space_outside_the_upload_is_refused(
    tmp_path: Path, server: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only the last word used to be checked: 'my secret.png' passed, '../..' went unseen."""
    (server / "my secret.png").write_bytes((server / "secret.bin").read_bytes())
    reference = "../../../server/my secret.png"
    source = textured_obj_zip(upload_dir(tmp_path) / "quad.zip", reference)
    refuses(source, server, reference, capsys)


def test_texture_named_with_spaces_inside_the_upload_is_used(tmp_path: Path) -> None:
    source = textured_obj_zip(tmp_path / "quad.zip", "fuze uv.png")
    mesh, report = load(source, LIMITS)
    assert report.textured and report.warnings == []
    assert mesh.visual.material.image.getpixel((0, 0))[:3] == (30, 160, 60)


def test_3mf_part_paths_stay_inside_the_archive(tmp_path: Path, server: Path) -> None:
    """3MF components point at model parts by path: only the archive's own members are read."""
    model = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<model unit="millimeter" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02"'
        ' xmlns:p="http://schemas.microsoft.com/3dmanufacturing/production/2015/06">'
        '<resources><object id="1" type="model"><mesh><vertices>'
        '<vertex x="0" y="0" z="0"/><vertex x="10" y="0" z="0"/><vertex x="0" y="10" z="0"/>'
        '<vertex x="0" y="0" z="10"/></vertices><triangles>'
        '<triangle v1="0" v2="2" v3="1"/><triangle v1="0" v2="1" v3="3"/>'
        '<triangle v1="1" v2="2" v3="3"/><triangle v1="0" v2="3" v3="2"/>'
        "</triangles></mesh></object>"
        f'<object id="2" type="model"><components><component objectid="1" '
        f'p:path="{server}/secret.model"/><component objectid="1" '
        'p:path="/../../server/secret.model"/></components></object></resources>'
        '<build><item objectid="1"/></build></model>'
    )
    (server / "secret.model").write_text(model.replace('unit="millimeter"', 'unit="meter"'))
    source = upload_dir(tmp_path) / "part.3mf"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("3D/3dmodel.model", model)
    with watch_opens(server) as opened:
        _mesh, report = load(source, LIMITS)
    assert opened == [] and report.faces == 4


def test_a_single_file_upload_reads_nothing_beside_it(tmp_path: Path) -> None:
    """A .gltf uploaded alone: its sibling .bin is not part of the upload, so it is not read."""
    folder = upload_dir(tmp_path)
    doc = box_gltf()
    (folder / "box.bin").write_bytes(b"\0" * 1024)
    doc["images"] = [{"uri": "box.png"}]
    (folder / "box.png").write_bytes(b"not read")
    source = folder / "box.gltf"
    source.write_text(json.dumps(doc))
    with watch_opens(folder) as opened:
        _mesh, report = load(source, LIMITS)
    assert set(opened) <= {str(source.resolve()), str(source)}
    assert any("'box.png'" in w and "missing from the upload" in w for w in report.warnings)


def test_an_outside_reference_is_refused_by_the_library_too(tmp_path: Path) -> None:
    source = upload_dir(tmp_path) / "box.gltf"
    source.write_text(json.dumps(box_gltf(image_uri="C:\\Windows\\win.ini")))
    with pytest.raises(UnsafeReferenceError, match=r"win\.ini.*not a file inside the upload"):
        load(source, LIMITS)


def test_a_crashed_worker_reports_no_raw_exception_text() -> None:
    stderr = (
        "Traceback (most recent call last):\n"
        '  File "/srv/heritage/app/assets_pipeline/load.py", line 3, in load\n'
        "IndexError: index 60000 is out of bounds for axis 0 with size 8\n"
    )
    error = _failure(1, stderr, None)
    assert error.code == "worker_crashed"
    assert "/srv" not in str(error) and "IndexError" not in str(error)
    assert "\n" not in str(error) and str(error).endswith(".")
