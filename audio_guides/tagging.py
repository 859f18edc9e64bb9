"""Metadata tags with mutagen: players and lock screens show the relic, site and language."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import mutagen.id3
import mutagen.oggopus

from audio_guides.languages import ISO639_2

# mutagen ships type hints but its constructors are unannotated: call them through Any.
_id3: Any = mutagen.id3
_OggOpus: Any = mutagen.oggopus.OggOpus


@dataclass(frozen=True)
class Tags:
    title: str = ""
    site: str = ""
    comment: str = ""

    def digest(self) -> str:
        """Short stable id, so a re-titled guide gets a new file name (files are immutable)."""
        raw = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(raw).hexdigest()[:12]


def tag_mp3(path: Path, tags: Tags, lang: str) -> None:
    iso = ISO639_2.get(lang, "und")
    id3 = _id3.ID3()
    id3.add(_id3.TIT2(encoding=3, text=tags.title or "Audio guide"))
    if tags.site:
        id3.add(_id3.TPE1(encoding=3, text=tags.site))
        id3.add(_id3.TALB(encoding=3, text=tags.site))
    id3.add(_id3.TLAN(encoding=3, text=iso))
    if tags.comment:
        id3.add(_id3.COMM(encoding=3, lang=iso, desc="", text=tags.comment))
    id3.save(str(path), v2_version=4)


def tag_opus(path: Path, tags: Tags, lang: str) -> None:
    audio = _OggOpus(str(path))
    audio["title"] = tags.title or "Audio guide"
    if tags.site:
        audio["artist"] = tags.site
        audio["album"] = tags.site
    audio["language"] = lang
    if tags.comment:
        audio["comment"] = tags.comment
    audio.save()


def tag_file(path: Path, tags: Tags, lang: str) -> None:
    if path.suffix == ".opus":
        tag_opus(path, tags, lang)
    else:
        tag_mp3(path, tags, lang)
