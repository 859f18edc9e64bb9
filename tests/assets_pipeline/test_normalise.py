"""Y-up, metres, on the floor: a Z-up scan in millimetres of a 2 m urn ends up 2 m tall."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
import trimesh

from assets_pipeline.load import load
from assets_pipeline.normalise import normalise
from assets_pipeline.options import Limits, Options


def urn_mm_z_up() -> trimesh.Trimesh:
    """A revolved urn profile, 2000 mm tall along +Z, 800 mm wide, off-centre."""
    profile = np.array([[0, 0], [300, 0], [400, 600], [250, 1500], [350, 2000], [0, 2000]], float)
    urn = trimesh.creation.revolve(profile, sections=48)  # revolves around Z
    urn.apply_translation([500, -200, 50])
    return urn


def test_stl_mm_z_up_becomes_metres_y_up(tmp_path: Path) -> None:
    path = tmp_path / "urn.stl"
    path.write_bytes(urn_mm_z_up().export(file_type="stl"))
    mesh, loaded = load(path, Limits())
    out, report = normalise(mesh, loaded.file_type, loaded.declared_units, Options())
    assert report.source_units == "mm" and report.up_axis == "z"
    lo, hi = out.vertices.min(axis=0), out.vertices.max(axis=0)
    assert hi[1] - lo[1] == pytest.approx(2.0, rel=1e-6)  # height along Y
    assert lo[1] == pytest.approx(0.0, abs=1e-9)  # on the floor
    assert (lo[0] + hi[0]) / 2 == pytest.approx(0, abs=1e-9)
    assert (lo[2] + hi[2]) / 2 == pytest.approx(0, abs=1e-9)


def test_declared_units_override_the_guess() -> None:
    out, report = normalise(urn_mm_z_up(), "stl", None, Options(units="cm"))
    assert report.units_reason == "declared by the uploader"
    assert np.ptp(out.vertices[:, 1]) == pytest.approx(20.0)


def test_gltf_is_already_metres_y_up() -> None:
    box = trimesh.creation.box(extents=[1, 2, 3])
    out, report = normalise(box, "glb", "m", Options())
    assert report.up_axis == "y" and report.scale == 1.0
    assert np.ptp(out.vertices, axis=0) == pytest.approx([1, 2, 3])


def three_mf(path: Path, unit: str | None, objects: int) -> Path:
    """A 3MF plate of `objects` tetrahedra, each 5 units wide and 4 tall (Z up), 10 apart."""
    unit_attr = f' unit="{unit}"' if unit else ""
    resources, items = [], []
    for i in range(objects):
        x = 10 * i
        verts = [(x, 0, 0), (x + 5, 0, 0), (x, 5, 0), (x, 0, 4)]
        vertices = "".join(f'<vertex x="{a}" y="{b}" z="{c}"/>' for a, b, c in verts)
        triangles = "".join(
            f'<triangle v1="{a}" v2="{b}" v3="{c}"/>'
            for a, b, c in ((0, 2, 1), (0, 1, 3), (1, 2, 3), (0, 3, 2))
        )
        resources.append(
            f'<object id="{i + 1}" type="model"><mesh><vertices>{vertices}</vertices>'
            f"<triangles>{triangles}</triangles></mesh></object>"
        )
        items.append(f'<item objectid="{i + 1}"/>')
    model = (
        f'<?xml version="1.0" encoding="UTF-8"?><model{unit_attr} xml:lang="en-US" '
        'xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">'
        f"<resources>{''.join(resources)}</resources><build>{''.join(items)}</build></model>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("3D/3dmodel.model", model)
    return path


@pytest.mark.parametrize("objects", [1, 3])
@pytest.mark.parametrize(
    ("unit", "height_cm"),
    [("inch", 10.16), ("millimeter", 0.4), (None, 0.4), ("centimeter", 4.0), ("micron", 0.0004)],
)
def test_3mf_declared_unit_is_used(
    tmp_path: Path, unit: str | None, height_cm: float, objects: int
) -> None:
    """An inch part 4 in tall is 10.16 cm, not 4 m; a plate of several keeps its unit too."""
    path = three_mf(tmp_path / "plate.3mf", unit, objects)
    mesh, report = load(path, Limits())
    placed, norm = normalise(mesh, report.file_type, report.declared_units, Options())
    assert norm.units_reason == "declared by the file"
    height = float(np.ptp(placed.vertices[:, 1])) * 100
    assert height == pytest.approx(height_cm, rel=1e-6)
