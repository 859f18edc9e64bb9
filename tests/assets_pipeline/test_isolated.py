"""The pipeline in a child process: the same report, typed errors, and hard limits that hold."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assets_pipeline import AssetError, Options, process_isolated
from assets_pipeline.errors import CorruptFileError, MemoryLimitError, TimeLimitError


def test_a_child_process_gives_the_same_report_as_in_process(glb_path: Path, tmp_path: Path):
    report = process_isolated(glb_path, tmp_path / "out", Options(), timeout=300)
    assert report.lods and report.poster.bytes > 0
    assert (tmp_path / "out" / report.sha256 / report.lods[0].file).exists()


def test_a_bad_file_keeps_its_type_and_sentence(tmp_path: Path):
    broken = tmp_path / "broken.glb"
    broken.write_bytes(b"glTF\x02\x00\x00\x00 truncated")
    with pytest.raises(CorruptFileError) as caught:
        process_isolated(broken, tmp_path / "out", Options(), timeout=300)
    assert caught.value.code == "corrupt_file" and str(caught.value).endswith(".")


def test_a_runaway_job_is_killed_at_the_deadline(glb_path: Path, tmp_path: Path):
    started = time.monotonic()
    with pytest.raises(TimeLimitError, match=r"stopped after 0\.3 s"):
        # Importing the pipeline alone takes longer than this.
        process_isolated(glb_path, tmp_path / "out", Options(), timeout=0.3)
    assert time.monotonic() - started < 10


def test_a_job_past_its_memory_cap_fails_cleanly(glb_path: Path, tmp_path: Path):
    with pytest.raises(MemoryLimitError, match="out of memory") as caught:
        process_isolated(glb_path, tmp_path / "out", Options(), timeout=300, memory_mb=120)
    assert isinstance(caught.value, AssetError) and caught.value.code == "memory_limit"
