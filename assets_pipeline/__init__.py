"""3D scans to web-ready models: load, validate, repair, normalise, LODs, compress, poster, report.

A plain library and CLI that never imports Django; the CMS calls it from a background task.
Everything a caller outside the package needs is named here (``__all__``); the modules behind it
may change. Every failure is an ``AssetError``: ``code`` for programs, ``str(error)`` (what went
wrong and what to do) for the curator.

Besides processing, the measuring tools the benchmark and the tests share: decompressing an
output, its surface error against the scan, and whether it still shows the scan's texels.
"""

from .compress import decompress_glb, read_glb
from .errors import AssetError
from .isolated import process_isolated
from .metrics import Surface, hausdorff_between
from .options import Limits, LodBudget, Options
from .pipeline import default_workers, process
from .repair import repair
from .report import AssetReport
from .texel_check import load_parts, mismatch_share, parts_lost

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
