"""The per-asset report: one JSON-serialisable value combining every step's report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from .load import LoadReport
from .metrics import Measurements
from .normalise import NormaliseReport
from .poster import PosterReport
from .repair import DebrisPart, RepairReport
from .textures import TextureReport
from .validate import ValidationReport

PIPELINE_VERSION = "4"


@dataclass
class LodReport:
    """One output level: what was asked, what came out, and how far it is from the upload."""

    name: str
    file: str
    target_faces: int
    faces: int
    vertices: int
    bytes: int
    uncompressed_bytes: int
    compression: str
    textured: bool
    texture: TextureReport | None
    hausdorff_m: float
    mean_error_m: float
    hausdorff_relative: float
    simplifier_error: float
    seconds: float


@dataclass
class AssetReport:
    """Everything the CMS stores about a processed asset; `cached` is True when no work ran."""

    sha256: str
    pipeline_version: str
    options_fingerprint: str
    load: LoadReport
    validation: ValidationReport
    repair: RepairReport
    normalise: NormaliseReport
    measurements: Measurements
    lods: list[LodReport]
    poster: PosterReport
    seconds: dict[str, float] = field(default_factory=dict)
    # What repair alone changed, against the upload (the levels' errors include it).
    repair_hausdorff_m: float = 0.0
    repair_mean_error_m: float = 0.0
    cached: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON fields in the CMS."""
        return asdict(self)

    def to_json(self) -> str:
        """Pretty JSON, as written next to the outputs."""
        return json.dumps(self.to_dict(), indent=2, sort_keys=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AssetReport:
        """Inverse of to_dict, used when a cached result is reused."""
        lods = [
            LodReport(
                **{**lod, "texture": TextureReport(**lod["texture"]) if lod["texture"] else None}
            )
            for lod in data["lods"]
        ]
        return cls(
            sha256=data["sha256"],
            pipeline_version=data["pipeline_version"],
            options_fingerprint=data["options_fingerprint"],
            load=LoadReport(**data["load"]),
            validation=ValidationReport(**data["validation"]),
            repair=RepairReport(
                **{
                    **data["repair"],
                    "debris_parts": [DebrisPart(**p) for p in data["repair"]["debris_parts"]],
                }
            ),
            normalise=NormaliseReport(**data["normalise"]),
            measurements=Measurements(**data["measurements"]),
            lods=lods,
            poster=PosterReport(**data["poster"]),
            seconds=dict(data["seconds"]),
            repair_hausdorff_m=float(data.get("repair_hausdorff_m", 0.0)),
            repair_mean_error_m=float(data.get("repair_mean_error_m", 0.0)),
            cached=bool(data.get("cached", False)),
        )

    def summary(self) -> str:
        """A few human lines for the CLI."""
        m = self.measurements
        lines = [
            f"asset {self.sha256[:16]}  ({self.load.source_name}, {self.load.file_type}"
            f"{', cached' if self.cached else ''})",
            f"size {m.width_cm:.1f} x {m.height_cm:.1f} x {m.depth_cm:.1f} cm, area "
            f"{m.surface_area_m2:.4f} m2, volume "
            f"{'-' if m.volume_m3 is None else f'{m.volume_m3:.6f} m3'}, watertight {m.watertight}",
            f"units {self.normalise.source_units} ({self.normalise.units_reason}), "
            f"up {self.normalise.up_axis}",
            f"repair: {self.repair.vertices_merged} vertices merged, "
            f"{self.repair.degenerate_faces_removed} degenerate + "
            f"{self.repair.duplicate_faces_removed} duplicate faces removed, "
            f"{self.repair.debris_components_removed} debris parts dropped, "
            f"{self.repair.faces_flipped} faces flipped, {self.repair.holes_filled}/"
            f"{self.repair.holes_found} holes filled; the repair moved the surface by up to "
            f"{self.repair_hausdorff_m * 1000:.2f} mm",
        ]
        for lod in self.lods:
            tex = f"{lod.texture.width}px {lod.texture.format}" if lod.texture else "untextured"
            lines.append(
                f"  {lod.name:8s} {lod.faces:>9,} faces {lod.bytes / 1024:>9.1f} KiB  {tex:14s} "
                f"error {lod.hausdorff_m * 1000:.2f} mm ({lod.hausdorff_relative:.2%} of size)"
            )
        lines.append(f"poster {self.poster.path} ({self.poster.bytes / 1024:.1f} KiB)")
        lines.append("time " + ", ".join(f"{k} {v:.2f}s" for k, v in self.seconds.items()))
        for part in self.repair.debris_parts:
            lines.append(
                f"removed debris: {part.faces} faces, {part.extent:.4g} across, "
                f"{part.gap:.4g} from the rest (units of the upload)"
            )
        for warning in self.load.warnings:
            lines.append(f"warning: {warning}")
        return "\n".join(lines)
