"""End to end: outputs valid glTF (Khronos validator), poster, report, cache, CLI."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import trimesh
from PIL import Image

from assets_pipeline import AssetError, Options, process
from assets_pipeline.cli import main
from assets_pipeline.compress import decompress_glb
from assets_pipeline.export import check_glb

HERE = Path(__file__).parent
VALIDATOR = HERE / "node_modules" / "gltf-validator"


def khronos_validate(paths: list[Path]) -> list[dict[str, object]]:
    """Run the Khronos validator (npm `gltf-validator`, installed with `npm ci` here)."""
    node = shutil.which("node")
    if node is None or not VALIDATOR.is_dir():
        if os.environ.get("CI"):
            pytest.fail("gltf-validator missing: run `npm ci --prefix tests/assets_pipeline`")
        pytest.skip("gltf-validator not installed (npm ci --prefix tests/assets_pipeline)")
    result = subprocess.run(
        [node, str(HERE / "validate_gltf.mjs"), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    reports = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(reports) == len(paths), result.stderr
    return reports


def test_process_small_glb(tmp_path: Path, glb_path: Path) -> None:
    report = process(glb_path, tmp_path / "out")
    folder = tmp_path / "out" / report.sha256
    assert [lod.name for lod in report.lods] == ["thumb", "low", "high"]
    for lod in report.lods:
        assert (folder / lod.file).stat().st_size == lod.bytes
        assert lod.textured and lod.texture is not None
        assert check_glb(folder / lod.file) == []
        data = (folder / lod.file).read_bytes()
        assert lod.compression == "meshopt" and lod.bytes < lod.uncompressed_bytes
        loaded = trimesh.load(io.BytesIO(decompress_glb(data)), file_type="glb", force="mesh")
        assert isinstance(loaded.visual, trimesh.visual.TextureVisuals)
    assert report.lods[0].texture is not None and report.lods[0].texture.width <= 512
    assert report.measurements.height_cm == pytest.approx(200, rel=0.01)
    assert report.measurements.watertight and report.measurements.volume_m3
    assert Image.open(folder / "poster.png").size == (512, 512)
    saved = json.loads((folder / "report.json").read_text())
    assert saved["sha256"] == report.sha256
    assert set(report.seconds) >= {"load", "repair", "lods", "export", "poster", "metrics"}


def test_outputs_pass_khronos_validator(tmp_path: Path, obj_zip_path: Path) -> None:
    report = process(obj_zip_path, tmp_path / "out")
    files = [tmp_path / "out" / report.sha256 / lod.file for lod in report.lods]
    for result in khronos_validate(files):
        assert result["errors"] == 0, result


def test_rerun_does_no_work(tmp_path: Path, glb_path: Path) -> None:
    first = process(glb_path, tmp_path / "out")
    glb = tmp_path / "out" / first.sha256 / "thumb.glb"
    stamp = glb.stat().st_mtime_ns
    start = time.perf_counter()
    second = process(glb_path, tmp_path / "out")
    assert time.perf_counter() - start < 0.5
    assert second.cached and not first.cached
    assert glb.stat().st_mtime_ns == stamp
    assert second.lods == first.lods
    # different options are a different result: processed again
    third = process(glb_path, tmp_path / "out", Options(poster_px=256))
    assert not third.cached


def test_failed_input_leaves_no_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.glb"
    bad.write_bytes(b"glTF" + b"\0" * 30)
    with pytest.raises(AssetError, match="Export the GLB again"):
        process(bad, tmp_path / "out")
    out = tmp_path / "out"
    assert not out.exists() or not any(out.iterdir())


def test_cli_prints_report(
    tmp_path: Path, glb_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["process", str(glb_path), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "thumb" in out and "faces" in out and "poster" in out


def test_cli_json_and_units(
    tmp_path: Path, glb_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["process", str(glb_path), "-o", str(tmp_path / "o"), "--json", "--quiet"]
    args += ["--units", "cm"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out.split("\noutputs:")[0])
    assert data["normalise"]["source_units"] == "cm"
    assert data["measurements"]["height_cm"] == pytest.approx(2.0, rel=0.01)


def test_cli_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "x.glb"
    empty.write_bytes(b"")
    assert main(["process", str(empty), "-o", str(tmp_path / "out"), "--quiet"]) == 2
    assert "error [empty_file]" in capsys.readouterr().err


def test_module_entry_point(tmp_path: Path, glb_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assets_pipeline", "process", str(glb_path), "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=HERE.parent.parent,
    )
    assert result.returncode == 0, result.stderr
    assert "thumb" in result.stdout
    assert "processing" in result.stderr  # the progress bar


@pytest.mark.slow
def test_200k_textured_scan_end_to_end(tmp_path: Path, big_sphere: trimesh.Trimesh) -> None:
    from .meshes import write_obj_zip

    source = write_obj_zip(big_sphere, tmp_path / "scan.zip")
    report = process(source, tmp_path / "out")
    names = [lod.name for lod in report.lods]
    assert names == ["thumb", "low", "high", "highest"]
    assert report.lods[0].bytes < 200_000  # Voyager's thumb budget
    for lod in report.lods:
        assert lod.textured, lod.name
        assert lod.faces <= lod.target_faces
        assert lod.hausdorff_relative < 0.01
    files = [tmp_path / "out" / report.sha256 / lod.file for lod in report.lods]
    for result in khronos_validate(files):
        assert result["errors"] == 0, result


def test_error_is_measured_against_the_upload_not_the_repaired_mesh(tmp_path: Path) -> None:
    """A part repair removed is missing from every level: the error must say so (it said 0)."""
    body = trimesh.creation.icosphere(subdivisions=3, radius=0.5)
    lost = trimesh.creation.icosphere(subdivisions=3, radius=0.2)  # 16 % of the area
    lost.apply_translation([1.5, 0, 0])
    path = tmp_path / "two.ply"
    path.write_bytes(trimesh.util.concatenate([body, lost]).export(file_type="ply"))
    options = Options(debris_fraction=0.3, debris_gap_fraction=0.1)  # as a curator might ask
    report = process(path, tmp_path / "out", options)
    assert report.repair.debris_faces_removed == len(lost.faces)
    unsimplified = report.lods[-1]
    assert unsimplified.faces == len(body.faces)
    # The lost sphere's far side is 1.2 m from the body's nearest point.
    assert unsimplified.hausdorff_m > 1.0
    assert report.repair_hausdorff_m == pytest.approx(unsimplified.hausdorff_m, rel=0.05)
    assert "moved the surface by up to" in report.summary()
