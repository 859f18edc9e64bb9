"""Curated text to spoken guides per language: TTS engine, loudness, encoding, tags, cache.

A plain library and CLI that never imports Django; the CMS calls it from a background task::

    result = synthesize(text, "vi", GuideConfig.from_dict(settings.AUDIO_GUIDES), cache_dir)
    if result.ok: store(result.mp3_path, result.duration_s, result.engine, ...)
    else: mark_failed(result.reason, result.message)
"""

from audio_guides.config import EngineSpec, GuideConfig
from audio_guides.errors import GuideError
from audio_guides.pipeline import PIPELINE_VERSION, synthesize
from audio_guides.postprocess import PostProcessSettings
from audio_guides.result import GuideResult
from audio_guides.tagging import Tags

__version__ = "0.1.0"

__all__ = [
    "PIPELINE_VERSION",
    "EngineSpec",
    "GuideConfig",
    "GuideError",
    "GuideResult",
    "PostProcessSettings",
    "Tags",
    "synthesize",
]
