"""The CLI as a user runs it: report on stdout, clear errors, non-zero exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "audio_guides", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(cwd),
            "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        },
    )


def test_synthesize_prints_a_report(tmp_path: Path) -> None:
    text = tmp_path / "guide.txt"
    text.write_text("Chào mừng quý khách đến với Huế.\n", encoding="utf-8")
    out = tmp_path / "out.mp3"
    args = [
        "synthesize",
        "--lang",
        "vi",
        "--engine",
        "espeak",
        str(text),
        "-o",
        str(out),
        "--cache-dir",
        str(tmp_path / "c"),
    ]
    first = run(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    for word in ("duration", "LUFS", "dBTP", "bytes", "synthesis", "espeak", "cache miss"):
        assert word in first.stdout
    assert out.stat().st_size > 1000
    second = run(*args, "--json", cwd=tmp_path)
    report = json.loads(second.stdout)
    assert report["cache_hit"] is True and report["status"] == "done"


@pytest.mark.parametrize(
    ("content", "extra", "code", "message"),
    [
        ("  \n", [], 2, "empty"),
        ("Hello.", ["--lang", "xx"], 2, "unsupported language"),
        ("九鼎。", ["--lang", "zh"], 2, "Hanzi"),
        ("Hello.", ["--lang", "en", "--ffmpeg", "/nonexistent/ffmpeg"], 4, "ffmpeg"),
    ],
)
def test_bad_input(tmp_path: Path, content: str, extra: list[str], code: int, message: str) -> None:
    text = tmp_path / "guide.txt"
    text.write_text(content, encoding="utf-8")
    lang = [] if "--lang" in extra else ["--lang", "vi"]
    proc = run(
        "synthesize",
        *lang,
        *extra,
        "--engine",
        "espeak",
        str(text),
        "--cache-dir",
        str(tmp_path / "c"),
        cwd=tmp_path,
    )
    assert proc.returncode == code
    assert message in proc.stderr


def test_missing_text_file(tmp_path: Path) -> None:
    proc = run(
        "synthesize", "--lang", "vi", "--engine", "espeak", str(tmp_path / "nope.txt"), cwd=tmp_path
    )
    assert proc.returncode == 2 and "cannot read" in proc.stderr
