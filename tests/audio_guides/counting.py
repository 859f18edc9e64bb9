"""Engines for tests, loaded through the dotted-path configuration like any other engine."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from audio_guides.engines.espeak import EspeakEngine


class CountingEspeak(EspeakEngine):
    """Real espeak-ng, counting how many times synthesis actually runs."""

    calls: ClassVar[int] = 0

    def synthesize(self, chunks: Sequence[str], lang: str, workdir: Path) -> list[Path]:
        type(self).calls += 1
        return super().synthesize(chunks, lang, workdir)
