"""gTTS (Google Translate's TTS): the default online engine.

gTTS waits forever unless given a timeout, never retries, and cuts text at 100 characters
wherever it falls; so we pass a timeout, retry 429/5xx/timeouts with exponential backoff, space
requests out (throttle), and feed it chunks we cut on sentence boundaries ourselves.

Known limitation: gTTS always sends with TLS verification off (``verify=False``) and we do not
patch its client; the response is only ever decoded as audio.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

import requests
from gtts import gTTS, gTTSError  # type: ignore[import-untyped]

from audio_guides.engines.base import Engine
from audio_guides.errors import EngineFailed, EngineUnavailable

GTTS_LANGS: dict[str, str] = {
    "vi": "vi",
    "en": "en",
    "fr": "fr",
    "zh": "zh-CN",
    "ja": "ja",
    "ko": "ko",
}

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

# Shared across engine instances (one per guide): requests to one host are spaced out globally,
# and a host found unreachable is not tried again for ``circuit_s`` (a batch of guides then falls
# back at once instead of each paying the connect retries).
_throttle_lock = threading.Lock()
_last_request: dict[str, float] = {}
_down_until: dict[str, tuple[float, str]] = {}


def reset_circuits() -> None:
    """Forget unreachable hosts (after a network change; between tests)."""
    with _throttle_lock:
        _down_until.clear()


class _EndpointGTTS(gTTS):  # type: ignore[misc]
    """gTTS with only the request URL replaced (a proxy/mirror, or the test suite's fake server).

    Body, headers, sending and response parsing stay gTTS's own code.
    """

    def __init__(self, *args: Any, endpoint: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._endpoint = endpoint

    def _prepare_requests(self) -> list[requests.PreparedRequest]:
        prepared: list[requests.PreparedRequest] = super()._prepare_requests()
        if self._endpoint:
            for request in prepared:
                request.prepare_url(self._endpoint, None)
        return prepared


class GTTSEngine(Engine):
    """Options: ``tld`` ("com"), ``endpoint`` (full batchexecute URL override), ``timeout``
    (seconds, default 10), ``retries`` (extra attempts on 429/5xx/timeout, default 4),
    ``connect_retries`` (extra attempts when the host is unreachable, default 1),
    ``backoff`` (first delay, s), ``max_backoff`` (s), ``min_interval`` (s between requests),
    ``circuit_s`` (seconds to skip a host found unreachable, default 60), ``slow`` (bool)."""

    name: ClassVar[str] = "gtts"
    max_chunk_chars: ClassVar[int] = 100  # gTTS.GOOGLE_TTS_MAX_CHARS

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.tld = str(options.get("tld", "com"))
        endpoint = options.get("endpoint")
        self.endpoint = str(endpoint) if endpoint else None
        self.timeout = float(options.get("timeout", 10.0))
        self.retries = int(options.get("retries", 4))
        self.connect_retries = int(options.get("connect_retries", 1))
        self.backoff = float(options.get("backoff", 1.0))
        self.max_backoff = float(options.get("max_backoff", 30.0))
        self.min_interval = float(options.get("min_interval", 0.3))
        self.slow = bool(options.get("slow", False))
        self.circuit_s = float(options.get("circuit_s", 60.0))
        self.sleep: Callable[[float], None] = time.sleep
        #: Number of HTTP attempts made by this instance (observability and tests).
        self.attempts = 0

    def languages(self) -> frozenset[str]:
        return frozenset(GTTS_LANGS)

    def voice(self, lang: str) -> str:
        return f"{GTTS_LANGS[lang]}@{self.tld}"

    def settings(self) -> dict[str, Any]:
        return {"slow": self.slow}

    @property
    def _host(self) -> str:
        return self.endpoint or self.tld

    def _check_circuit(self) -> None:
        with _throttle_lock:
            until, why = _down_until.get(self._host, (0.0, ""))
        left = until - time.monotonic()
        if left > 0:
            raise EngineUnavailable(f"gTTS {why}; not retried for another {left:.0f} s")

    def _open_circuit(self, why: str) -> None:
        if self.circuit_s > 0:
            with _throttle_lock:
                _down_until[self._host] = (time.monotonic() + self.circuit_s, why)

    def _throttle(self) -> None:
        host = self._host
        with _throttle_lock:
            wait = _last_request.get(host, 0.0) + self.min_interval - time.monotonic()
            if wait > 0:
                self.sleep(wait)
            _last_request[host] = time.monotonic()

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after is not None and retry_after.strip().isdigit():
            return min(float(retry_after), self.max_backoff)
        base = min(self.backoff * 2.0**attempt, self.max_backoff)
        return base * (0.75 + random.random() / 2)  # jitter: don't retry in lockstep

    def _one(self, text: str, lang: str, out: Path) -> None:
        attempt = 0
        connect_failures = 0
        while True:
            self._throttle()
            self.attempts += 1
            tts = _EndpointGTTS(
                text,
                tld=self.tld,
                lang=GTTS_LANGS[lang],
                slow=self.slow,
                lang_check=False,
                timeout=self.timeout,
                endpoint=self.endpoint,
            )
            try:
                with out.open("wb") as fh:
                    tts.write_to_fp(fh)
            except gTTSError as exc:
                response = getattr(exc, "rsp", None)
                status = getattr(response, "status_code", None)
                cause = exc.__context__
                if status is None:
                    timed_out = isinstance(cause, requests.exceptions.Timeout)
                    if not timed_out:
                        connect_failures += 1
                    budget_left = (
                        attempt < self.retries
                        if timed_out
                        else connect_failures <= self.connect_retries
                    )
                    what = (
                        f"timed out after {self.timeout:g} s"
                        if timed_out
                        else f"unreachable ({type(cause or exc).__name__})"
                    )
                    if not budget_left:
                        if not timed_out:
                            self._open_circuit(what)
                        raise EngineUnavailable(f"gTTS {what}") from exc
                    self.sleep(self._delay(attempt, None))
                    attempt += 1
                    continue
                if status in RETRY_STATUSES:
                    if attempt >= self.retries:
                        raise EngineUnavailable(
                            f"gTTS answered HTTP {status} after {attempt + 1} attempts"
                        ) from exc
                    retry_after = (
                        response.headers.get("Retry-After") if response is not None else None
                    )
                    self.sleep(self._delay(attempt, retry_after))
                    attempt += 1
                    continue
                raise EngineFailed(f"gTTS failed (HTTP {status}).", str(exc)) from exc
            except requests.exceptions.RequestException as exc:  # raised while streaming
                if attempt >= self.retries:
                    raise EngineUnavailable("gTTS connection broke.", str(exc)) from exc
                self.sleep(self._delay(attempt, None))
                attempt += 1
                continue
            if out.stat().st_size == 0:
                raise EngineFailed("gTTS returned no audio")
            return

    def synthesize(self, chunks: Sequence[str], lang: str, workdir: Path) -> list[Path]:
        self._check_circuit()
        files: list[Path] = []
        for index, chunk in enumerate(chunks):
            out = workdir / f"gtts-{index:04d}.mp3"
            self._one(chunk, lang, out)
            files.append(out)
        return files
