"""Where files go: derived files to public media, raw uploads to the private storage.

Derived files (audio guides, 3D levels) go to media storage under content-addressed names: the
name changes whenever the content does, so a URL never changes meaning and can be cached for a
year (see ``media.IMMUTABLE_PREFIXES``), and an identical file is uploaded only once.

Raw uploads (scans, curators' recordings) go to ``STORAGES["private"]``, which no public URL
serves, under random names, so neither a path trick nor a guessed name reaches them.
"""

import secrets
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import default_storage, storages
from django.utils.deconstruct import deconstructible


def store_once(path: Path, name: str) -> str:
    """Save ``path`` as ``name`` unless that name is already stored; returns the stored name."""
    if not default_storage.exists(name):
        with path.open("rb") as handle:
            name = default_storage.save(name, File(handle))
    return name


def private_storage():
    """The storage of raw uploads; a callable, so settings decide it and migrations stay put."""
    return storages["private"]


@deconstructible
class RandomName:
    """``upload_to`` giving ``<folder>/<random>.<ext>``: unguessable, keeps the format suffix."""

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePosixPath(filename).suffix.lower()
        if not suffix[1:].isalnum() or len(suffix) > 10:
            suffix = ""
        return f"{self.folder}/{secrets.token_urlsafe(18)}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder


def move_uploads_to_private(model, field_name: str, folder: str) -> int:
    """Move each row's file from public media to the private storage under a random name.

    For the data migrations that moved raw uploads out of public media: idempotent (a file already
    in the private storage stays), and the public copy is deleted only after the row points to the
    private one. Returns how many files moved.
    """
    private, moved = private_storage(), 0
    for pk, name in model.objects.exclude(**{field_name: ""}).values_list("pk", field_name):
        if private.exists(name) or not default_storage.exists(name):
            continue
        with default_storage.open(name, "rb") as handle:
            new_name = private.save(RandomName(folder)(None, name), File(handle))
        model.objects.filter(pk=pk).update(**{field_name: new_name})
        default_storage.delete(name)
        moved += 1
    return moved
