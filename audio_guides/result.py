"""What a synthesis run returns: everything the CMS stores on an AudioGuide record."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

Status = Literal["done", "failed"]


@dataclass
class GuideResult:
    """``status`` is "done" only when the files exist, are tagged and were measured."""

    status: Status
    language: str
    reason: str | None = None
    message: str = ""
    #: The failing tool's or library's own words (stderr, exception text), for operators' logs.
    detail: str = ""
    engine: str | None = None
    voice: str | None = None
    #: The engine tried first when a fallback produced the audio, and why it was not used.
    fallback_from: str | None = None
    fallback_reason: str | None = None
    cache_key: str | None = None
    cache_hit: bool = False
    mp3_path: Path | None = None
    opus_path: Path | None = None
    duration_s: float | None = None
    integrated_lufs: float | None = None
    true_peak_dbtp: float | None = None
    loudness_range: float | None = None
    normalization_type: str | None = None
    bytes: int | None = None
    opus_bytes: int | None = None
    chunks: int | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "done"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (paths as strings)."""
        data = asdict(self)
        for name in ("mp3_path", "opus_path"):
            if data[name] is not None:
                data[name] = str(data[name])
        return data
