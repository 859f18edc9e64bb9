"""gTTS's real client (request building, sending, response parsing) against a local fake of
Google's batchexecute endpoint; only the URL is redirected."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from audio_guides import synthesize
from audio_guides.engines.google import GTTSEngine
from tests.audio_guides import fake_google
from tests.audio_guides.audio_checks import loudness
from tests.audio_guides.conftest import gtts_config
from tests.audio_guides.fake_google import FakeGoogle

VI = (
    "Chào mừng quý khách đến với Cửu Đỉnh, chín cái đỉnh đồng của triều Nguyễn. Chín cái "
    "đỉnh được đúc dưới thời vua Minh Mạng. Mỗi đỉnh mang mười bảy hình chạm."
)
ZH = (
    "九鼎是阮朝明命皇帝在一八三五年至一八三七年间铸造的。"
    "每个鼎上都刻有十七幅图案，包括山川、河流、动物和武器。"
)


def test_real_client_chunks_on_sentences(google: FakeGoogle, cache_dir: Path) -> None:
    result = synthesize(VI, "vi", gtts_config(google.url), cache_dir)
    assert result.ok, result.message
    assert result.engine == "gtts" and result.fallback_from is None
    assert len(google.requests) == result.chunks == 2
    assert all(lang == "vi" and len(text) <= 100 for text, lang in google.requests)
    assert google.requests[0][0].endswith("Nguyễn.")
    measured = loudness(result.mp3_path)  # type: ignore[arg-type]
    assert abs(measured["i"] - -16.0) <= 1.0 and measured["tp"] <= -1.0


def test_chinese_is_sent_as_zh_cn_cut_at_punctuation(google: FakeGoogle, cache_dir: Path) -> None:
    result = synthesize(ZH, "zh-Hans", gtts_config(google.url), cache_dir)
    assert result.ok, result.message
    assert all(lang == "zh-CN" for _, lang in google.requests)
    assert "".join(t for t, _ in google.requests) == ZH
    assert all(t[-1] in "。，、" for t, _ in google.requests[:-1])


def test_429_is_retried_with_backoff(google: FakeGoogle, cache_dir: Path) -> None:
    google.modes.extend([429, 503])
    result = synthesize("Xin chào.", "vi", gtts_config(google.url), cache_dir)
    assert result.ok and result.engine == "gtts", result.message
    assert len(google.requests) == 3


def test_persistent_5xx_falls_back_to_espeak(google: FakeGoogle, cache_dir: Path) -> None:
    google.default_mode = 503
    result = synthesize("Xin chào.", "vi", gtts_config(google.url, retries=2), cache_dir)
    assert result.ok, result.message
    assert result.engine == "espeak" and result.fallback_from == "gtts"
    assert "503" in str(result.fallback_reason)
    assert len(google.requests) == 3  # 1 try + 2 retries


def test_hanging_server_times_out_and_falls_back(google: FakeGoogle, cache_dir: Path) -> None:
    google.default_mode = "hang"
    result = synthesize(
        "Xin chào.", "vi", gtts_config(google.url, timeout=0.3, retries=1), cache_dir
    )
    assert result.ok and result.engine == "espeak"
    assert "timed out" in str(result.fallback_reason)


def test_fallback_that_cannot_read_the_script_reports_both(
    google: FakeGoogle, cache_dir: Path
) -> None:
    google.default_mode = 503
    result = synthesize(ZH, "zh", gtts_config(google.url, retries=0), cache_dir)
    assert result.status == "failed" and result.reason == "engine_unavailable"
    assert "503" in result.message and "Hanzi" in result.message


@pytest.fixture
def closed_port() -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    yield port


def test_unreachable_without_fallback_fails(closed_port: int, cache_dir: Path) -> None:
    url = f"http://127.0.0.1:{closed_port}{fake_google.PATH}"
    result = synthesize(
        "Xin chào.", "vi", gtts_config(url, fallback=False, circuit_s=60), cache_dir
    )
    assert result.status == "failed" and result.reason == "engine_unavailable"
    assert "unreachable" in result.message
    # The host is now skipped for a while: the next guide falls back without a connection try.
    again = synthesize("Xin chào.", "vi", gtts_config(url, circuit_s=60), cache_dir)
    assert again.ok and again.engine == "espeak"
    assert "not retried" in str(again.fallback_reason)


def test_over_https(gtts_mp3: bytes, tls_cert: tuple[Path, Path], cache_dir: Path) -> None:
    fake = fake_google.start(FakeGoogle(mp3=gtts_mp3), cert=tls_cert)
    try:
        result = synthesize("Bonjour.", "fr", gtts_config(fake.url), cache_dir)
    finally:
        fake_google.stop(fake)
    assert fake.url.startswith("https://")
    assert result.ok and result.engine == "gtts", result.message
    assert fake.requests == [("Bonjour.", "fr")]


def test_second_run_sends_no_request(google: FakeGoogle, cache_dir: Path) -> None:
    synthesize("Xin chào.", "vi", gtts_config(google.url), cache_dir)
    again = synthesize("Xin chào.", "vi", gtts_config(google.url), cache_dir)
    assert again.cache_hit and len(google.requests) == 1


def _engine(url: str, **options: object) -> GTTSEngine:
    opts: dict[str, object] = {
        "endpoint": url,
        "timeout": 2,
        "retries": 3,
        "backoff": 0.5,
        "max_backoff": 4,
        "min_interval": 0,
        "circuit_s": 0,
    }
    opts.update(options)
    return GTTSEngine(**opts)


def test_backoff_doubles_between_retries(google: FakeGoogle, tmp_path: Path) -> None:
    google.modes.extend([503, 503, 503])
    engine = _engine(google.url)
    sleeps: list[float] = []
    engine.sleep = sleeps.append  # record instead of waiting; the HTTP exchange stays real
    files = engine.synthesize(["Xin chào."], "vi", tmp_path)
    assert files[0].read_bytes() == google.mp3
    assert engine.attempts == 4
    assert len(sleeps) == 3
    for delay, base in zip(sleeps, (0.5, 1.0, 2.0), strict=True):
        assert 0.75 * base <= delay <= 1.25 * base  # exponential with ±25 % jitter


def test_requests_are_throttled(google: FakeGoogle, tmp_path: Path) -> None:
    engine = _engine(google.url, min_interval=0.5)
    sleeps: list[float] = []
    engine.sleep = sleeps.append
    engine.synthesize(["Một.", "Hai.", "Ba."], "vi", tmp_path)
    assert len(google.requests) == 3
    assert len(sleeps) >= 2 and all(0 < s <= 0.5 for s in sleeps)


def test_retry_after_is_honoured(google: FakeGoogle, tmp_path: Path) -> None:
    google.modes.append(429)  # the fake answers 429 with "Retry-After: 0"
    engine = _engine(google.url)
    sleeps: list[float] = []
    engine.sleep = sleeps.append
    engine.synthesize(["Xin chào."], "vi", tmp_path)
    assert sleeps == [0.0] and engine.attempts == 2


def test_answer_without_audio_is_an_engine_failure(google: FakeGoogle, cache_dir: Path) -> None:
    google.default_mode = "noaudio"
    result = synthesize("Xin chào.", "vi", gtts_config(google.url), cache_dir)
    assert result.ok and result.engine == "espeak"
    assert str(result.fallback_reason).startswith("engine_failed")
    assert len(google.requests) == 1  # not retried: an API change does not heal by waiting
