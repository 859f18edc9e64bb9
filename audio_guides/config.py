"""Which engine speaks which language: a dotted-path class plus options, per language.

Shaped like wagtail-localize's machine-translator setting, so the CMS can keep it in Django
settings::

    AUDIO_GUIDES = {
        "DEFAULT": {"CLASS": "audio_guides.engines.google.GTTSEngine",
                    "OPTIONS": {"timeout": 10}},
        "LANGUAGES": {"zh": {"CLASS": "gtts"}},
        "FALLBACK": {"CLASS": "espeak"},        # or None
        "MAX_CHARS": 20000,
        "POSTPROCESS": {"opus": True},
        "FFMPEG": "ffmpeg",
    }
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from audio_guides.errors import ConfigError
from audio_guides.postprocess import PostProcessSettings


@dataclass(frozen=True)
class EngineSpec:
    class_path: str
    options: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_setting(cls, value: str | Mapping[str, Any]) -> EngineSpec:
        if isinstance(value, str):
            return cls(value)
        try:
            return cls(str(value["CLASS"]), dict(value.get("OPTIONS", {})))
        except (KeyError, TypeError) as exc:
            raise ConfigError(
                f"engine setting needs CLASS (and optional OPTIONS): {value!r}"
            ) from exc


@dataclass(frozen=True)
class GuideConfig:
    default: EngineSpec = field(default_factory=lambda: EngineSpec("gtts"))
    languages: Mapping[str, EngineSpec] = field(default_factory=dict)
    fallback: EngineSpec | None = field(default_factory=lambda: EngineSpec("espeak"))
    max_chars: int = 20_000
    postprocess: PostProcessSettings = field(default_factory=PostProcessSettings)
    ffmpeg: str = "ffmpeg"

    def engine_for(self, lang: str) -> EngineSpec:
        return self.languages.get(lang, self.default)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GuideConfig:
        fallback = data.get("FALLBACK", {"CLASS": "espeak"})
        try:
            post = PostProcessSettings(**dict(data.get("POSTPROCESS", {})))
        except TypeError as exc:
            raise ConfigError(
                "bad POSTPROCESS setting: unknown or missing option.", str(exc)
            ) from exc
        return cls(
            default=EngineSpec.from_setting(data.get("DEFAULT", {"CLASS": "gtts"})),
            languages={
                k: EngineSpec.from_setting(v) for k, v in dict(data.get("LANGUAGES", {})).items()
            },
            fallback=None if fallback is None else EngineSpec.from_setting(fallback),
            max_chars=int(data.get("MAX_CHARS", 20_000)),
            postprocess=post,
            ffmpeg=str(data.get("FFMPEG", "ffmpeg")),
        )
