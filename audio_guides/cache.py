"""Content-addressed cache: an unchanged guide is never synthesised twice.

Entries are built in a staging directory and renamed into place in one step, so a crash or a
failure never leaves a half-written entry that looks "done".
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

META = "meta.json"


def cache_key(parts: Mapping[str, Any]) -> str:
    """sha256 of canonical JSON of everything that determines the audio."""
    raw = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class GuideCache:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def lookup(self, key: str) -> dict[str, Any] | None:
        """The stored metadata of a complete entry, or None."""
        meta = self.entry(key) / META
        try:
            data: dict[str, Any] = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data

    @contextlib.contextmanager
    def staging(self) -> Iterator[Path]:
        """A scratch directory on the cache's filesystem, removed afterwards whatever happens."""
        tmp = self.root / ".staging" / uuid.uuid4().hex
        tmp.mkdir(parents=True)
        try:
            yield tmp
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def commit(self, staged: Path, key: str, meta: Mapping[str, Any]) -> Path:
        """Write meta last, then atomically move the entry into place; first writer wins."""
        (staged / META).write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
        target = self.entry(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):  # a concurrent run stored the same key first
            os.rename(staged, target)
        return target
