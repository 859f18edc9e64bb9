"""Processing options and limits in one frozen value, so a run is reproducible and hashable."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Literal

Compression = Literal["meshopt", "none"]
Units = Literal["auto", "m", "cm", "mm", "in", "ft"]
UpAxis = Literal["auto", "y", "z", "x"]

UNIT_TO_METRES: dict[str, float] = {
    "um": 1e-6,
    "m": 1.0,
    "cm": 0.01,
    "mm": 0.001,
    "in": 0.0254,
    "ft": 0.3048,
}


@dataclass(frozen=True)
class LodBudget:
    """One Voyager-style level: a face budget and a texture edge length in pixels."""

    name: str
    faces: int
    texture_px: int


VOYAGER_LODS: tuple[LodBudget, ...] = (
    LodBudget("thumb", 20_000, 512),
    LodBudget("low", 150_000, 1024),
    LodBudget("high", 150_000, 4096),
    LodBudget("highest", 500_000, 8192),
)


@dataclass(frozen=True)
class Limits:
    """Hard limits that keep one bad upload from exhausting the worker."""

    max_file_bytes: int = 2 * 1024**3
    max_faces: int = 20_000_000
    max_unzipped_bytes: int = 4 * 1024**3
    max_zip_members: int = 10_000
    max_zip_ratio: float = 200.0
    max_seconds: float = 1800.0
    max_texture_pixels: int = 8192 * 8192  # decoded; the largest level's texture is 8192 px


@dataclass(frozen=True)
class Options:
    """Everything that changes the outputs; its fingerprint is part of the cache key."""

    limits: Limits = field(default_factory=Limits)
    units: Units = "auto"
    up_axis: UpAxis = "auto"
    lods: tuple[LodBudget, ...] = VOYAGER_LODS
    # Debris: a part smaller than this share of the model's size AND farther than
    # debris_gap_fraction of that size from every other part. 0 keeps every part.
    debris_fraction: float = 0.01
    debris_gap_fraction: float = 0.02
    max_hole_edges: int = 2000
    max_hole_fraction: float = 0.1  # hole span / bounding-box diagonal; larger ones stay open
    fix_winding_max_faces: int = 3_000_000
    compression: Compression = "meshopt"
    jpeg_quality: int = 85
    thumb_max_bytes: int = 200_000
    poster_px: int = 512
    error_samples: int = 20_000

    def fingerprint(self) -> str:
        """Hash of the options that shape outputs (limits excluded: they only accept or reject)."""
        data = asdict(self)
        data.pop("limits")
        blob = json.dumps(data, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]
