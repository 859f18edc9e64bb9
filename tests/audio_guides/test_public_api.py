"""The library's boundary: the names its __init__ promises, who reaches past them, its errors."""

from __future__ import annotations

import stat
from pathlib import Path

import audio_guides
from audio_guides import EngineSpec, GuideConfig, GuideError, synthesize
from tests.library_boundary import CODE, deep_imports, subclasses, unresolved

VI = "Chào mừng quý khách đến với Hoàng thành Huế."


def test_every_public_name_resolves() -> None:
    assert unresolved("audio_guides") == []
    assert len(set(audio_guides.__all__)) == len(audio_guides.__all__)


def test_the_cms_and_benchmarks_import_only_top_level_names() -> None:
    assert deep_imports("audio_guides") == []


def test_every_failure_has_its_own_snake_case_code() -> None:
    classes = subclasses(GuideError)
    codes = [cls("x").code for cls in classes]
    assert all(CODE.match(code) for code in codes), codes
    assert len(set(codes)) == len(codes), codes
    assert all(cls("x").code == cls.reason for cls in classes)


def test_a_tool_failure_keeps_its_own_words_out_of_the_sentence(tmp_path: Path) -> None:
    """ffmpeg's stderr and the configured binary's path go to ``detail``, never to the message."""
    ffmpeg = tmp_path / "bin" / "ffmpeg"
    ffmpeg.parent.mkdir()
    ffmpeg.write_text("#!/bin/sh\necho 'Invalid data found: /srv/secret/input.wav' >&2\nexit 1\n")
    ffmpeg.chmod(ffmpeg.stat().st_mode | stat.S_IXUSR)
    config = GuideConfig(default=EngineSpec("espeak"), fallback=None, ffmpeg=str(ffmpeg))
    result = synthesize(VI, "vi", config, tmp_path / "cache")
    assert not result.ok and result.reason == "postprocess_failed"
    assert "/srv/secret" not in result.message and str(tmp_path) not in result.message
    assert "\n" not in result.message and result.message.endswith(".")
    assert "Invalid data found" in result.detail


def test_a_missing_tool_names_the_package_not_the_configured_path(tmp_path: Path) -> None:
    config = GuideConfig(
        default=EngineSpec("espeak"), fallback=None, ffmpeg=str(tmp_path / "no-ffmpeg")
    )
    result = synthesize(VI, "vi", config, tmp_path / "cache")
    assert result.reason == "tool_missing" and "install the Debian package ffmpeg" in result.message
    assert str(tmp_path) not in result.message and str(tmp_path) in result.detail
