"""The one interface every TTS engine implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar


class Engine(ABC):
    """A speech engine; instantiated from configuration with keyword options.

    ``settings()`` returns everything that changes the audio: it goes into the cache key so that
    changing a voice or speed regenerates, and nothing else does.
    """

    #: Short name stored with each guide ("espeak", "gtts").
    name: ClassVar[str] = "engine"
    #: Longest chunk the engine should receive in one request.
    max_chunk_chars: ClassVar[int] = 2000

    def __init__(self, **options: Any) -> None:
        self.options: Mapping[str, Any] = dict(options)

    @abstractmethod
    def languages(self) -> frozenset[str]:
        """Canonical language codes this engine can speak."""

    @abstractmethod
    def voice(self, lang: str) -> str:
        """The voice used for ``lang`` (part of the cache key)."""

    def settings(self) -> dict[str, Any]:
        """Audio-affecting options (part of the cache key)."""
        return {}

    def prepare(self, text: str, lang: str) -> str:
        """Check (and if needed adapt) normalised text before synthesis.

        Raise :class:`~audio_guides.errors.ScriptNotSupported` rather than produce wrong audio.
        """
        return text

    @abstractmethod
    def synthesize(self, chunks: Sequence[str], lang: str, workdir: Path) -> list[Path]:
        """Write audio for the chunks into ``workdir``; return the files in reading order."""
