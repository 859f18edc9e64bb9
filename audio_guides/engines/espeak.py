"""espeak-ng: the offline engine (fallback and test-suite engine).

Pitfalls handled here: ``cmn`` mispronounces Hanzi, so Chinese is read only from pinyin with
``cmn-latn-pinyin``; ``ja`` reads kana only (kanji come out as "Chinese letter"); there is no
sound card, so audio always goes to a WAV file.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from audio_guides.engines.base import Engine
from audio_guides.errors import EngineFailed, ScriptNotSupported, ToolMissing
from audio_guides.languages import LANGUAGES, has_han, has_hangul, has_kana, looks_like_pinyin

DEFAULT_VOICES: dict[str, str] = {
    "vi": "vi-VN-x-central",  # Huế is in Central Vietnam.
    "en": "en-us",
    "fr": "fr-fr",
    "zh": "cmn-latn-pinyin",
    "ja": "ja",
    "ko": "ko",
}


class EspeakEngine(Engine):
    """Options: ``voices`` (lang -> voice), ``speed`` (wpm), ``pitch`` (0-99), ``binary``,
    ``timeout`` (seconds per call)."""

    name: ClassVar[str] = "espeak"
    max_chunk_chars: ClassVar[int] = 2000

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.voices = {**DEFAULT_VOICES, **dict(options.get("voices", {}))}
        self.speed = int(options.get("speed", 160))
        self.pitch = int(options.get("pitch", 50))
        self.binary = str(options.get("binary", "espeak-ng"))
        self.timeout = float(options.get("timeout", 120.0))

    def languages(self) -> frozenset[str]:
        return frozenset(self.voices) & LANGUAGES

    def voice(self, lang: str) -> str:
        return str(self.voices[lang])

    def settings(self) -> dict[str, Any]:
        return {"speed": self.speed, "pitch": self.pitch}

    def prepare(self, text: str, lang: str) -> str:
        if has_han(text):
            if lang == "zh":
                raise ScriptNotSupported(
                    "espeak-ng cannot read Chinese characters (Hanzi): give the Chinese guide "
                    "as pinyin (read with cmn-latn-pinyin) or use the gtts engine"
                )
            if lang == "ja":
                raise ScriptNotSupported(
                    "espeak-ng reads Japanese kana only and this text contains kanji: give it "
                    "in kana or use the gtts engine"
                )
            raise ScriptNotSupported(
                f"espeak-ng ({lang}) cannot read the Chinese characters in this text: "
                "remove or transliterate them, or use the gtts engine"
            )
        if has_kana(text) and lang != "ja":
            raise ScriptNotSupported(f"espeak-ng ({lang}) cannot read Japanese kana in this text")
        if has_hangul(text) and lang != "ko":
            raise ScriptNotSupported(f"espeak-ng ({lang}) cannot read Korean Hangul in this text")
        if lang == "zh" and not looks_like_pinyin(text):
            raise ScriptNotSupported(
                "espeak-ng reads Chinese only as pinyin, and this text is not pinyin "
                "(letters outside the pinyin alphabet)"
            )
        return text

    def synthesize(self, chunks: Sequence[str], lang: str, workdir: Path) -> list[Path]:
        """One espeak-ng process for the whole text: it paces sentences itself, and is fastest."""
        exe = shutil.which(self.binary)
        if exe is None:
            raise ToolMissing(
                "espeak-ng not found: install the Debian package espeak-ng.", self.binary
            )
        text_file = workdir / "espeak-input.txt"
        text_file.write_text("\n".join(chunks) + "\n", encoding="utf-8")
        out = workdir / "espeak.wav"
        cmd = [
            exe,
            "-v",
            self.voice(lang),
            "-s",
            str(self.speed),
            "-p",
            str(self.pitch),
            "-b",
            "1",
            "-f",
            str(text_file),
            "-w",
            str(out),
        ]
        try:
            proc = subprocess.run(
                cmd, capture_output=True, text=True, timeout=self.timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise EngineFailed(f"espeak-ng timed out after {self.timeout:g} s") from exc
        if proc.returncode != 0 or not out.exists() or out.stat().st_size <= 44:
            detail = (proc.stderr or proc.stdout).strip() or f"exit code {proc.returncode}"
            raise EngineFailed(f"espeak-ng failed with voice {self.voice(lang)!r}.", detail)
        return [out]
