"""Normalise to glTF conventions: Y up, metres, standing on the floor (min Y = 0), XZ centred."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import trimesh

from .meshutil import attributes, build, face_colors_of
from .options import UNIT_TO_METRES, Options

FloatArray = npt.NDArray[np.float64]

# Formats whose convention is Z-up (3MF by specification, STL by printing/scanning habit).
_Z_UP_FORMATS = {"stl", "3mf"}


@dataclass
class NormaliseReport:
    """Which units and up axis were assumed, and how they were decided."""

    source_units: str
    units_reason: str
    scale: float
    up_axis: str
    translation: list[float]
    seconds: float


def guess_units(extent: float, declared: str | None) -> tuple[str, str]:
    """Units from the file if declared, otherwise from the size: heritage objects are 1 cm-30 m."""
    if declared in UNIT_TO_METRES:
        return str(declared), "declared by the file"
    if declared in ("millimeters", "millimeter"):
        return "mm", "declared by the file"
    if extent > 30.0:
        return "mm", f"guessed: largest extent {extent:.4g} is implausible in metres"
    return "m", f"guessed: largest extent {extent:.4g} is plausible in metres"


def turn_up(verts: FloatArray, up: str) -> FloatArray:
    """Rotate so the given up axis becomes +Y."""
    if up == "z":  # (x, y, z) -> (x, z, -y): a -90 deg turn about X
        return np.column_stack([verts[:, 0], verts[:, 2], -verts[:, 1]])
    if up == "x":  # (x, y, z) -> (-y, x, z): +90 deg about Z
        return np.column_stack([-verts[:, 1], verts[:, 0], verts[:, 2]])
    return verts


def transform_points(verts: FloatArray, report: NormaliseReport) -> FloatArray:
    """Source coordinates as normalise() placed them (to compare outputs with the upload)."""
    turned = turn_up(np.asarray(verts, dtype=np.float64), report.up_axis)
    return turned * report.scale + np.asarray(report.translation, dtype=np.float64)


def normalise(
    mesh: trimesh.Trimesh, file_type: str, declared_units: str | None, options: Options
) -> tuple[trimesh.Trimesh, NormaliseReport]:
    """Return a transformed copy; UVs and topology are untouched."""
    start = time.perf_counter()
    up = options.up_axis
    if up == "auto":
        up = "z" if file_type in _Z_UP_FORMATS else "y"
    verts = turn_up(np.asarray(mesh.vertices, dtype=np.float64), up)
    extent = float(np.ptp(verts, axis=0).max())
    if options.units == "auto":
        units, reason = guess_units(extent, declared_units)
    else:
        units, reason = options.units, "declared by the uploader"
    scale = UNIT_TO_METRES[units]
    verts = verts * scale
    lo, hi = verts.min(axis=0), verts.max(axis=0)
    shift = np.array([-(lo[0] + hi[0]) / 2, -lo[1], -(lo[2] + hi[2]) / 2])
    # A new mesh around the same material: no copy of the texture, which keeps its identity
    # for the exporter's texture cache.
    mesh = build(verts + shift, np.asarray(mesh.faces), attributes(mesh), face_colors_of(mesh))
    report = NormaliseReport(
        source_units=units,
        units_reason=reason,
        scale=scale,
        up_axis=up,
        translation=[round(float(v), 6) for v in shift],
        seconds=round(time.perf_counter() - start, 3),
    )
    return mesh, report
