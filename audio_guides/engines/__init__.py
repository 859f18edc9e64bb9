"""Engine registry: short names for the built-ins, dotted paths for anything else."""

from __future__ import annotations

import importlib
from typing import Any

from audio_guides.engines.base import Engine
from audio_guides.errors import ConfigError

BUILTIN_ENGINES: dict[str, str] = {
    "espeak": "audio_guides.engines.espeak.EspeakEngine",
    "gtts": "audio_guides.engines.google.GTTSEngine",
}


def resolve_class_path(name_or_path: str) -> str:
    """``"espeak"`` -> its dotted path; a dotted path is returned unchanged."""
    return BUILTIN_ENGINES.get(name_or_path, name_or_path)


def load_engine(class_path: str, options: dict[str, Any] | None = None) -> Engine:
    """Import and instantiate an engine from a dotted path (or a built-in short name)."""
    path = resolve_class_path(class_path)
    module_name, _, attr = path.rpartition(".")
    if not module_name:
        raise ConfigError(f"engine {class_path!r} is neither a built-in name nor a dotted path")
    try:
        module = importlib.import_module(module_name)
        cls = getattr(module, attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"cannot import engine {path!r}.", str(exc)) from exc
    if not (isinstance(cls, type) and issubclass(cls, Engine)):
        raise ConfigError(f"{path!r} is not an audio_guides Engine subclass")
    try:
        return cls(**(options or {}))
    except TypeError as exc:
        raise ConfigError(f"bad options for engine {path!r}.", str(exc)) from exc


__all__ = ["BUILTIN_ENGINES", "Engine", "load_engine", "resolve_class_path"]
