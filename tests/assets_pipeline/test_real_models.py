"""Real models nobody here made: the test models Debian ships in `assimp-testmodels`.

They are the Open Asset Import Library's test data (BSD-3-Clause, see
/usr/share/doc/assimp-testmodels/copyright), installed by `make system-packages`; the tests read
them where Debian puts them and skip, saying why, where the package is absent.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from assets_pipeline import Options, process
from assets_pipeline.report import AssetReport
from assets_pipeline.texel_check import load_parts, mismatch_share, parts_lost

from .hostile import assert_one_line_error, run_cli

MODELS = Path("/usr/share/assimp/models")
PLAIN = Options(compression="none")  # float UVs any loader reads back exactly

pytestmark = pytest.mark.skipif(
    not MODELS.is_dir() and not os.environ.get("CI"),
    reason="Debian's assimp-testmodels is not installed (make system-packages)",
)


def model(relative: str) -> Path:
    path = MODELS / relative
    if not path.exists():
        pytest.fail(f"{path} is missing: install Debian's assimp-testmodels")
    return path


def zipped(tmp_path: Path, folder: Path, names: list[str], zip_name: str) -> Path:
    """The model's files zipped as a curator uploads them; also copied for the reference."""
    source = tmp_path / "src"
    source.mkdir(exist_ok=True)
    path = tmp_path / zip_name
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.write(folder / name, name)
            shutil.copy(folder / name, source / name)
    return path


def output(tmp_path: Path, report: AssetReport, name: str = "high") -> Path:
    lod = next(lod for lod in report.lods if lod.name == name)
    return tmp_path / "out" / report.sha256 / lod.file


def test_spider_obj_with_five_textures_keeps_its_texels(tmp_path: Path) -> None:
    """Five materials, Windows paths (`.\\SpiderTex.jpg`) and UVs repeating past 0..1."""
    folder = model("OBJ")
    names = ["spider.obj", "spider.mtl", "SpiderTex.jpg", "drkwood2.jpg", "engineflare1.jpg"]
    names += ["wal67ar_small.jpg", "wal69ar_small.jpg"]
    path = zipped(tmp_path, folder, names, "spider.zip")
    report = process(path, tmp_path / "out", PLAIN)
    assert report.load.textured and report.load.warnings == []
    parts = load_parts(tmp_path / "src" / "spider.obj")
    assert len(parts) >= 4
    share = mismatch_share(parts, report.normalise, output(tmp_path, report))
    assert share < 0.025, share  # 1.3 % here; trimesh.util.concatenate gives 3.8 %
    assert parts_lost(parts, report.normalise, output(tmp_path, report)) == []


def test_box_textured_gltf_with_separate_buffer_and_image(tmp_path: Path) -> None:
    folder = model("glTF2/BoxTextured-glTF")
    names = [p.name for p in folder.iterdir()]
    path = zipped(tmp_path, folder, names, "box.zip")
    report = process(path, tmp_path / "out", PLAIN)
    assert report.load.textured and all(lod.textured for lod in report.lods)
    parts = load_parts(tmp_path / "src" / "BoxTextured.gltf")
    share = mismatch_share(parts, report.normalise, output(tmp_path, report))
    assert share < 0.02, share


def test_engine_keeps_every_part(tmp_path: Path) -> None:
    """A CAD engine of 34 parts, some tiny: none is thrown away as debris."""
    path = model("glTF2/2CylinderEngine-glTF-Binary/2CylinderEngine.glb")
    report = process(path, tmp_path / "out", PLAIN)
    parts = load_parts(path)
    assert len(parts) > 20
    assert report.repair.debris_parts == []
    assert parts_lost(parts, report.normalise, output(tmp_path, report)) == []


def test_3mf_box_in_millimetres(tmp_path: Path) -> None:
    report = process(model("3MF/box.3mf"), tmp_path / "out")
    m = report.measurements
    assert (m.width_cm, m.height_cm, m.depth_cm) == pytest.approx((1.0, 3.0, 2.0))


@pytest.mark.parametrize(
    ("folder", "code"),
    [("glTF2/IndexOutOfRange", "corrupt_file"), ("glTF2/MissingBin", "missing_file")],
)
def test_broken_public_gltf_files_fail_in_one_line(
    tmp_path: Path, folder: str, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = model(folder)
    path = zipped(tmp_path, source, [p.name for p in source.iterdir()], "broken.zip")
    code_seen, err = run_cli(path, tmp_path / "out", capsys)
    assert_one_line_error(code_seen, err, str(tmp_path))
    assert f"error [{code}]" in err
