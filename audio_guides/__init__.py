"""Curated text to spoken guides per language: TTS engine, loudness, encoding, tags, cache.

A plain library and CLI that never imports Django; the CMS calls it from a background task::

    result = synthesize(text, "vi", GuideConfig.from_dict(settings.AUDIO_GUIDES), cache_dir)
    if result.ok: store(result.mp3_path, result.duration_s, result.engine, ...)
    else: mark_failed(result.reason, result.message)

Everything a caller outside the package needs is named here (``__all__``); the modules behind it
may change. Expected failures come back as a failed ``GuideResult`` (``reason`` = the error's
``code``); the library's own exceptions are all ``GuideError``.
"""

from audio_guides.chunking import normalise_text
from audio_guides.config import EngineSpec, GuideConfig
from audio_guides.engines.base import Engine
from audio_guides.engines.espeak import EspeakEngine
from audio_guides.errors import GuideError
from audio_guides.pipeline import PIPELINE_VERSION, synthesize
from audio_guides.postprocess import PostProcessSettings
from audio_guides.result import GuideResult
from audio_guides.tagging import Tags

__version__ = "0.1.0"

__all__ = [
    "PIPELINE_VERSION",
    "Engine",
    "EngineSpec",
    "EspeakEngine",
    "GuideConfig",
    "GuideError",
    "GuideResult",
    "PostProcessSettings",
    "Tags",
    "normalise_text",
    "synthesize",
]
