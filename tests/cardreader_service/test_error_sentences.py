"""Every failure the library raises: a ``code`` for programs, one sentence for people in
``str(error)`` (no path, no repr, no protocol bytes) and the raw facts kept in ``detail``."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardreader_service import (
    ApiError,
    CardServiceError,
    JournalError,
    KeyStoreError,
    MasterKeyStore,
    PcscdError,
    SnapshotError,
    TicketError,
    read_ticket,
)
from cardreader_service.cli import main
from cardreader_service.journal import Journal
from cardreader_service.snapshot import Snapshot


def assert_one_sentence(error: CardServiceError, code: str, *hidden: str) -> None:
    """``code`` as given; one plain sentence that names none of ``hidden``, which ``detail``
    (or, for a key, nothing at all) keeps."""
    text = str(error)
    assert error.code == code
    assert text[0].isupper() and text.endswith(".") and "\n" not in text, text
    assert "'" not in text.replace("'s ", "") and "Error(" not in text, text
    for word in hidden:
        assert word not in text, (word, text)


def test_an_unwritable_journal_names_its_file_only_in_the_detail(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "no-such-dir" / "taps.db")
    with pytest.raises(JournalError) as caught:
        journal.pending()
    assert_one_sentence(caught.value, "journal_unavailable", str(tmp_path), "taps.db")
    assert "taps.db" in caught.value.detail


def test_a_malformed_snapshot_keeps_the_parser_s_words_in_the_detail() -> None:
    with pytest.raises(SnapshotError) as caught:
        Snapshot.from_payload({"taken_at": "2026-01-01T00:00:00+00:00"})
    assert_one_sentence(caught.value, "snapshot_invalid", "KeyError", "'cards'")
    assert "KeyError('cards')" in caught.value.detail


def test_an_undecodable_ticket_says_why_only_in_the_detail() -> None:
    with pytest.raises(TicketError) as caught:
        read_ticket("HT1.!!!!.AAAA")
    assert_one_sentence(caught.value, "unreadable_ticket", "undecodable", "base64")
    assert caught.value.detail.startswith("undecodable")


def test_a_malformed_key_file_names_the_entry_never_the_key() -> None:
    key = "00112233445566778899aabbccddeeff"
    with pytest.raises(KeyStoreError) as caught:
        MasterKeyStore.parse(f"1 {key}\n1 {key}")
    assert_one_sentence(caught.value, "key_store_invalid", key)


@pytest.mark.parametrize(
    ("status", "code", "shown"),
    [(0, "server_unreachable", ""), (200, "bad_answer", ""), (503, "server_refused", "503")],
)
def test_a_server_failure_keeps_its_address_and_body_in_the_detail(
    status: int, code: str, shown: str
) -> None:
    error = ApiError(status, "http://127.0.0.1:9/api/gate/taps: <html>busy</html>")
    assert_one_sentence(error, code, "127.0.0.1", "<html>")
    assert shown in str(error) and "127.0.0.1" in error.detail and "busy" in error.detail


def test_a_pcscd_failure_keeps_pcscd_s_own_words_in_the_detail() -> None:
    error = PcscdError(detail="pcscd exited with 1: cannot bind /run/pcscd/pcscd.comm")
    assert_one_sentence(error, "pcscd_unavailable", "/run/pcscd")
    assert "/run/pcscd" in error.detail


def test_the_cli_prints_the_sentence_and_the_detail_only_when_verbose(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = str(tmp_path / "no-such-dir" / "taps.db")
    assert main(["replay", "--journal", journal]) == 1
    quiet = capsys.readouterr()
    assert quiet.err.strip().endswith(
        "The gate's journal cannot be written: the gate is out of service until it can."
    )
    assert str(tmp_path) not in quiet.err and "Traceback" not in quiet.err
    assert main(["--verbose", "replay", "--journal", journal]) == 1
    verbose = capsys.readouterr().err
    assert "detail (journal_unavailable): journal taps.db" in verbose
    assert "Traceback" not in verbose
