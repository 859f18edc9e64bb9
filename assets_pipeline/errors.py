"""Typed failures, each carrying a sentence a curator can act on.

The CMS shows ``str(error)`` to the curator, so every message says what went wrong and what to do;
``code`` is for programs and ``detail`` keeps the raw facts (a library's exception, a child's exit
status) for logs, never for that sentence. The same three names as ``cardreader_service`` and
``audio_guides`` errors.
"""

from __future__ import annotations


class AssetError(Exception):
    """Base class: the upload cannot be processed; the message says what to do next."""

    code = "asset_error"

    def __init__(self, problem: str, advice: str, detail: str = "") -> None:
        self.problem = problem
        self.advice = advice
        self.detail = detail
        super().__init__(" ".join(part for part in (problem, advice) if part))


class EmptyFileError(AssetError):
    code = "empty_file"


class FileTooLargeError(AssetError):
    code = "file_too_large"


class TooManyFacesError(AssetError):
    code = "too_many_faces"


class UnsupportedFormatError(AssetError):
    code = "unsupported_format"


class FormatMismatchError(AssetError):
    code = "format_mismatch"


class CorruptFileError(AssetError):
    code = "corrupt_file"


class ZipBombError(AssetError):
    code = "zip_bomb"


class UnsafeArchiveError(AssetError):
    code = "unsafe_archive"


class UnsafeReferenceError(AssetError):
    code = "unsafe_reference"


class MissingFileError(AssetError):
    code = "missing_file"


class TextureTooLargeError(AssetError):
    code = "texture_too_large"


class ProcessingError(AssetError):
    code = "processing_failed"


class EmptyMeshError(AssetError):
    code = "empty_mesh"


class TimeLimitError(AssetError):
    code = "time_limit"


class MemoryLimitError(AssetError):
    code = "memory_limit"


class WorkerCrashError(AssetError):
    code = "worker_crashed"


def error_for_code(code: str, message: str) -> AssetError:
    """Rebuild a typed error from its code and sentence, as a child process reported them."""
    kinds: list[type[AssetError]] = [AssetError]
    while kinds:
        kind = kinds.pop()
        if kind.code == code:
            return kind(message, "")
        kinds.extend(kind.__subclasses__())
    return AssetError(message, "")
