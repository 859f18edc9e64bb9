"""Typed failures with a stable code: callers (CLI, CMS task) show a clear status.

Every failure is a ``GuideError``: ``code`` (also ``reason``, the name the CMS stores) is
machine-readable, ``str(error)`` is one sentence for a curator, and ``detail`` keeps the tool's or
library's own words (stderr, an exception's text) for logs and operators, never for that sentence.
"""

from __future__ import annotations


class GuideError(Exception):
    """Base of every expected failure; ``reason`` is a machine-readable code stored with it."""

    reason = "error"

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    @property
    def code(self) -> str:
        """The machine-readable code; the same value as ``reason``."""
        return self.reason


class EmptyText(GuideError):
    reason = "empty_text"


class TextTooLong(GuideError):
    reason = "text_too_long"


class UnsupportedLanguage(GuideError):
    reason = "unsupported_language"


class ScriptNotSupported(GuideError):
    """The engine cannot read the script (espeak-ng and Hanzi/kanji): refuse, never babble."""

    reason = "script_not_supported"


class EngineUnavailable(GuideError):
    """Transient: network down, timeout, 429 or 5xx after all retries; worth a fallback."""

    reason = "engine_unavailable"


class EngineFailed(GuideError):
    """The engine answered but produced no usable audio (bad voice, API change...)."""

    reason = "engine_failed"


class ToolMissing(GuideError):
    reason = "tool_missing"


class CorruptRecording(GuideError):
    reason = "corrupt_recording"


class PostProcessFailed(GuideError):
    reason = "postprocess_failed"


class ConfigError(GuideError):
    reason = "config_error"
