"""3D scans to web-ready models: load, validate, repair, normalise, LODs, compress, poster, report.

A plain library and CLI that never imports Django; the CMS calls it from a background task.
"""

from .errors import AssetError
from .isolated import process_isolated
from .options import Limits, LodBudget, Options
from .pipeline import process
from .report import AssetReport

__all__ = [
    "AssetError",
    "AssetReport",
    "Limits",
    "LodBudget",
    "Options",
    "process",
    "process_isolated",
]
