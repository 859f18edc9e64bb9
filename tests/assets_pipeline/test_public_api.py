"""The library's boundary: the names its __init__ promises, who reaches past them, its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import assets_pipeline
from assets_pipeline import AssetError, Options, process
from audio_guides import GuideError
from cardreader_service import CardServiceError
from tests.library_boundary import CODE, deep_imports, subclasses, unresolved


def test_every_public_name_resolves() -> None:
    assert unresolved("assets_pipeline") == []
    assert len(set(assets_pipeline.__all__)) == len(assets_pipeline.__all__)


def test_the_cms_and_benchmarks_import_only_top_level_names() -> None:
    assert deep_imports("assets_pipeline") == []


def test_every_failure_has_its_own_snake_case_code() -> None:
    codes = [cls.code for cls in subclasses(AssetError)]
    assert all(CODE.match(code) for code in codes), codes
    assert len(set(codes)) == len(codes), codes


def test_a_failure_carries_its_code_and_a_sentence_without_the_server_path(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "scan.glb"
    empty.write_bytes(b"")
    with pytest.raises(AssetError) as caught:
        process(empty, tmp_path / "out", Options())
    assert caught.value.code == "empty_file"
    message = str(caught.value)
    assert "\n" not in message and str(tmp_path) not in message
    assert "scan.glb" in message and message.endswith(".")


def test_a_damaged_zip_keeps_the_library_s_words_in_the_detail(tmp_path: Path) -> None:
    upload = tmp_path / "scan.zip"
    upload.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(AssetError) as caught:
        process(upload, tmp_path / "out", Options())
    assert caught.value.code == "corrupt_file"
    assert "BadZipFile" not in str(caught.value) and str(tmp_path) not in str(caught.value)
    assert "BadZipFile" in caught.value.detail


def test_the_three_libraries_report_failures_with_the_same_names() -> None:
    failures = [
        AssetError("The scan is empty.", "Upload it again.", "0 bytes"),
        GuideError("The engine failed.", "exit 1"),
        CardServiceError("The reader failed.", "SCardConnect: 0x80100069"),
    ]
    for failure in failures:
        assert isinstance(failure.code, str) and failure.code
        assert str(failure).endswith(".") and failure.detail not in str(failure)
