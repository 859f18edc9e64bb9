"""Fixtures: real espeak-ng and ffmpeg, a fake Google endpoint, an empty cache per test."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from audio_guides import EngineSpec, GuideConfig
from audio_guides.engines.google import reset_circuits
from tests.audio_guides import fake_google
from tests.audio_guides.counting import CountingEspeak

COUNTING = "tests.audio_guides.counting.CountingEspeak"


def _require(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"needs {tool}: sudo make system-packages (or apt-get install {tool})")


@pytest.fixture(autouse=True)
def _tools() -> None:
    _require("ffmpeg")
    _require("espeak-ng")


@pytest.fixture(autouse=True)
def _fresh_circuits() -> Iterator[None]:
    """An ephemeral port marked unreachable must not leak into a later test's fake server."""
    reset_circuits()
    yield
    reset_circuits()


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def espeak_config() -> GuideConfig:
    return GuideConfig(default=EngineSpec("espeak"), fallback=None)


@pytest.fixture
def counting_config() -> Iterator[GuideConfig]:
    CountingEspeak.calls = 0
    yield GuideConfig(default=EngineSpec(COUNTING), fallback=None)


@pytest.fixture(scope="session")
def gtts_mp3(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real MP3 chunk shaped like gTTS's (24 kHz mono, 32 kbps), made by ffmpeg."""
    out = tmp_path_factory.mktemp("mp3") / "chunk.mp3"
    subprocess.run(
        [
            "ffmpeg",
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=220:duration=0.8:sample_rate=24000",
            "-af",
            "volume=-12dB",
            "-ac",
            "1",
            "-c:a",
            "libmp3lame",
            "-b:a",
            "32k",
            str(out),
        ],
        check=True,
    )
    return out.read_bytes()


@pytest.fixture(scope="session")
def tls_cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def google(gtts_mp3: bytes) -> Iterator[fake_google.FakeGoogle]:
    fake = fake_google.start(fake_google.FakeGoogle(mp3=gtts_mp3))
    yield fake
    fake_google.stop(fake)


def gtts_config(url: str, fallback: bool = True, **options: object) -> GuideConfig:
    opts: dict[str, object] = {
        "endpoint": url,
        "timeout": 2,
        "retries": 2,
        "backoff": 0.01,
        "max_backoff": 0.05,
        "min_interval": 0,
        "connect_retries": 0,
        "circuit_s": 0,
    }
    opts.update(options)
    return GuideConfig(
        default=EngineSpec("gtts", opts), fallback=EngineSpec("espeak") if fallback else None
    )
