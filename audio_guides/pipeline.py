"""The one entry point: text (or a recording) in, a measured, tagged, cached guide out.

Expected failures never raise: they come back as ``GuideResult(status="failed", reason=...)``,
which is what a background task stores. Nothing is written to the cache unless it is complete.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audio_guides import postprocess
from audio_guides.cache import GuideCache, cache_key
from audio_guides.chunking import chunk_text, normalise_text
from audio_guides.config import EngineSpec, GuideConfig
from audio_guides.engines import load_engine, resolve_class_path
from audio_guides.engines.base import Engine
from audio_guides.errors import (
    EmptyText,
    EngineFailed,
    EngineUnavailable,
    GuideError,
    TextTooLong,
    UnsupportedLanguage,
)
from audio_guides.languages import canonical_language
from audio_guides.result import GuideResult
from audio_guides.tagging import Tags, tag_file

#: Bump when the processing changes the audio: every guide then regenerates once.
PIPELINE_VERSION = "1"


class _Timer:
    def __init__(self) -> None:
        self.steps: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.steps[name] = round(self.steps.get(name, 0.0) + time.perf_counter() - start, 4)


@dataclass(frozen=True)
class _Run:
    """What every step of one ``synthesize`` call shares, so the steps do not pass it piecemeal."""

    config: GuideConfig
    cache: GuideCache
    ff: postprocess.FFmpeg
    tags: Tags
    timer: _Timer


def synthesize(
    text: str,
    lang: str,
    config: GuideConfig | None,
    cache_dir: Path | str,
    *,
    recording: Path | str | None = None,
    tags: Tags | None = None,
) -> GuideResult:
    """Produce (or reuse) the guide for ``text`` in ``lang``.

    ``config`` None means the defaults (gTTS, espeak-ng fallback). ``recording``: a curator's
    audio file; it overrides synthesis for this locale (it is still trimmed, normalised,
    encoded and tagged like synthetic audio). Expected failures, and I/O errors such as a full
    disk, come back as a failed result; programming errors raise.
    """
    config = config or GuideConfig()
    tags = tags or Tags()
    timer = _Timer()
    language = lang
    try:
        with timer.step("validate"):
            language = canonical_language(lang)
            ff = postprocess.FFmpeg(config.ffmpeg)
        run = _Run(config, GuideCache(Path(cache_dir)), ff, tags, timer)
        if recording is not None:
            return _from_recording(Path(recording), language, run)
        with timer.step("validate"):
            norm = normalise_text(text)
            if not norm:
                raise EmptyText("the guide text is empty")
            if len(norm) > config.max_chars:
                raise TextTooLong(
                    f"the guide text has {len(norm)} characters; the limit is {config.max_chars}"
                )
        spec = config.engine_for(language)
        primary = _engine(spec, language)
        try:
            return _from_engine(primary, norm, language, run)
        except (EngineUnavailable, EngineFailed) as exc:
            fallback = config.fallback
            if fallback is None or _same(fallback, spec):
                raise
            try:
                second = _engine(fallback, language)
                result = _from_engine(second, norm, language, run)
            except GuideError as fb_exc:
                # Report the first engine's failure (often transient: worth a retry later) and
                # why the fallback could not stand in.
                raise type(exc)(
                    f"{exc.message}; fallback {fallback.class_path} could not "
                    f"stand in: {fb_exc.message}",
                    "; ".join(part for part in (exc.detail, fb_exc.detail) if part),
                ) from fb_exc
            result.fallback_from = primary.name
            result.fallback_reason = f"{exc.reason}: {exc.message}"
            return result
    except GuideError as exc:
        return GuideResult(
            status="failed",
            language=language,
            reason=exc.reason,
            message=exc.message,
            detail=exc.detail,
            timings=timer.steps,
        )
    except OSError as exc:
        return GuideResult(
            status="failed",
            language=language,
            reason="io_error",
            message="An audio file could not be read or written on the server; try again later.",
            detail=f"{type(exc).__name__}: {exc}",
            timings=timer.steps,
        )


def _same(a: EngineSpec, b: EngineSpec) -> bool:
    return resolve_class_path(a.class_path) == resolve_class_path(b.class_path)


def _engine(spec: EngineSpec, lang: str) -> Engine:
    engine = load_engine(spec.class_path, dict(spec.options))
    if lang not in engine.languages():
        raise UnsupportedLanguage(f"engine {engine.name!r} does not speak {lang!r}")
    return engine


def _from_engine(engine: Engine, text: str, lang: str, run: _Run) -> GuideResult:
    with run.timer.step("validate"):
        prepared = engine.prepare(text, lang)
    key = cache_key(
        {
            "text": prepared,
            "lang": lang,
            "engine": f"{type(engine).__module__}.{type(engine).__qualname__}",
            "voice": engine.voice(lang),
            "engine_settings": engine.settings(),
            "postprocess": run.config.postprocess.key(),
            "pipeline": PIPELINE_VERSION,
        }
    )
    base = GuideResult(
        status="done", language=lang, engine=engine.name, voice=engine.voice(lang), cache_key=key
    )
    hit = _cached(run, key, base)
    if hit is not None:
        return hit
    with run.cache.staging() as work:
        chunks = chunk_text(prepared, engine.max_chunk_chars)
        base.chunks = len(chunks)
        raw_dir = work / "raw"
        raw_dir.mkdir()
        with run.timer.step("synthesis"):
            files = engine.synthesize(chunks, lang, raw_dir)
        return _process(run, files, base, work)


def _from_recording(path: Path, lang: str, run: _Run) -> GuideResult:
    with run.timer.step("validate"):
        postprocess.validate_recording(run.ff, path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    key = cache_key(
        {
            "recording": digest,
            "lang": lang,
            "postprocess": run.config.postprocess.key(),
            "pipeline": PIPELINE_VERSION,
        }
    )
    base = GuideResult(
        status="done", language=lang, engine="recording", voice="human", cache_key=key, chunks=1
    )
    hit = _cached(run, key, base)
    if hit is not None:
        return hit
    with run.cache.staging() as work:
        return _process(run, [path], base, work)


def _names(tags: Tags) -> tuple[str, str]:
    digest = tags.digest()
    return f"guide-{digest}.mp3", f"guide-{digest}.opus"


def _cached(run: _Run, key: str, base: GuideResult) -> GuideResult | None:
    """A hit costs no synthesis; new tags only copy and re-tag the stored files."""
    meta = run.cache.lookup(key)
    if meta is None:
        return None
    entry = run.cache.entry(key)
    mp3_name, opus_name = _names(run.tags)
    with run.timer.step("tag"):
        for name, stored in ((mp3_name, meta.get("mp3")), (opus_name, meta.get("opus"))):
            if stored and not (entry / name).exists():
                tmp = entry / f".{name}.tmp"
                shutil.copyfile(entry / str(stored), tmp)
                _tag_and_move(tmp, entry / name, run.tags, base.language)
    base.cache_hit = True
    return _stored(run, base, meta, entry)


def _stored(run: _Run, base: GuideResult, meta: dict[str, Any], entry: Path) -> GuideResult:
    """Fills ``base`` from a cache entry, whether this run wrote it or found it there."""
    mp3_name, opus_name = _names(run.tags)
    _fill(base, meta)
    base.mp3_path = entry / mp3_name
    base.opus_path = entry / opus_name if meta.get("opus") else None
    base.bytes = base.mp3_path.stat().st_size
    base.opus_bytes = base.opus_path.stat().st_size if base.opus_path else None
    base.timings = run.timer.steps
    return base


def _tag_and_move(tmp: Path, final: Path, tags: Tags, lang: str) -> None:
    suffixed = tmp.with_suffix(final.suffix)
    tmp.rename(suffixed)
    tag_file(suffixed, tags, lang)
    suffixed.rename(final)


def _fill(result: GuideResult, meta: dict[str, Any]) -> None:
    for name in (
        "duration_s",
        "integrated_lufs",
        "true_peak_dbtp",
        "loudness_range",
        "normalization_type",
        "chunks",
        "engine",
        "voice",
    ):
        if name in meta:
            setattr(result, name, meta[name])


def _process(run: _Run, files: list[Path], base: GuideResult, work: Path) -> GuideResult:
    settings, ff, timer = run.config.postprocess, run.ff, run.timer
    mp3_name, opus_name = _names(run.tags)
    with timer.step("join_trim"):
        prep = postprocess.join_and_trim(ff, files, work / "joined.wav", settings)
    with timer.step("measure_pass1"):
        gain, measured = postprocess.choose_gain(ff, work / "joined.wav", prep, settings)
    out_dir = work / "out"
    out_dir.mkdir()
    mp3 = out_dir / mp3_name
    opus = out_dir / opus_name if settings.opus else None
    with timer.step("normalise_encode"):
        stats = postprocess.normalise_and_encode(
            ff, work / "joined.wav", prep, gain, measured, mp3, opus, settings
        )
    with timer.step("verify"):
        final = postprocess.measure(ff, mp3)
    with timer.step("tag"):
        tag_file(mp3, run.tags, base.language)
        if opus is not None:
            tag_file(opus, run.tags, base.language)
    meta: dict[str, Any] = {
        "mp3": mp3_name,
        "opus": opus_name if opus is not None else None,
        "duration_s": round(final.duration_s, 3),
        "integrated_lufs": final.integrated_lufs,
        "true_peak_dbtp": final.true_peak_dbtp,
        "loudness_range": final.lra,
        "normalization_type": stats.normalization_type,
        "chunks": base.chunks,
        "engine": base.engine,
        "voice": base.voice,
        "pipeline": PIPELINE_VERSION,
    }
    with timer.step("store"):
        entry = run.cache.commit(out_dir, str(base.cache_key), meta)
    if not (entry / mp3_name).exists():  # a concurrent run with other tags stored it first
        hit = _cached(run, str(base.cache_key), base)
        if hit is not None:
            hit.cache_hit = False
            return hit
    return _stored(run, base, meta, entry)
