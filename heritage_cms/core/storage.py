"""Derived files (audio guides, 3D levels) go to media storage under content-addressed names.

The name changes whenever the content does, so a URL never changes meaning and can be cached for
a year (see ``media.IMMUTABLE_PREFIXES``), and an identical file is uploaded only once.
"""

from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage


def store_once(path: Path, name: str) -> str:
    """Save ``path`` as ``name`` unless that name is already stored; returns the stored name."""
    if not default_storage.exists(name):
        with path.open("rb") as handle:
            name = default_storage.save(name, File(handle))
    return name
