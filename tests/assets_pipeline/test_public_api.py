"""The library's boundary: the names its __init__ promises, who reaches past them, its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import assets_pipeline
from assets_pipeline import AssetError, Options, process
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
