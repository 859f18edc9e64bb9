"""3D scans to web-ready models: load, validate, repair, normalise, LODs, compress, poster, report.

A plain library and CLI that never imports Django; the CMS calls it from a background task.
Everything a caller outside the package needs is named here (``__all__``); the modules behind it
may change. Every failure is an ``AssetError``: ``code`` for programs, ``str(error)`` (what went
wrong and what to do) for the curator.

Besides processing, the measuring tools the benchmark and the tests share: decompressing an
output, its surface error against the scan, and whether it still shows the scan's texels. They
are imported on first use, so a worker capped in memory loads only what processing needs.
"""

from __future__ import annotations

import importlib
from typing import Any

from .errors import AssetError
from .isolated import process_isolated
from .options import Limits, LodBudget, Options
from .pipeline import default_workers, process
from .repair import repair  # the function; its module of the same name is loaded by now
from .report import AssetReport

# Name -> module, for the measuring tools (see the docstring).
_ON_FIRST_USE = {
    "Surface": "metrics",
    "decompress_glb": "compress",
    "hausdorff_between": "metrics",
    "load_parts": "texel_check",
    "mismatch_share": "texel_check",
    "parts_lost": "texel_check",
    "read_glb": "compress",
}

__all__ = [
    "AssetError",
    "AssetReport",
    "Limits",
    "LodBudget",
    "Options",
    "Surface",
    "decompress_glb",
    "default_workers",
    "hausdorff_between",
    "load_parts",
    "mismatch_share",
    "parts_lost",
    "process",
    "process_isolated",
    "read_glb",
    "repair",
]


def __getattr__(name: str) -> Any:
    if name in _ON_FIRST_USE:
        return getattr(importlib.import_module(f".{_ON_FIRST_USE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
