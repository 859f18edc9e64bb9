"""The QR scanner input without hardware: a pty pair stands for a keyboard-wedge scanner's tty,
a FIFO and pyserial's loopback for the others; the gate's ``process_ticket`` journals each scan
like a card tap."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cardreader_service import (
    Feedback,
    Gate,
    Journal,
    LineAssembler,
    MasterKeyStore,
    Scan,
    Scanner,
    ScannerError,
    SnapshotStore,
    open_source,
)
from cardreader_service.scanner import FdSource
from cardreader_service.ticket import MAX_TEXT

from .qr import key_row, qr
from .snapshots import NOW, payload

KEY = Ed25519PrivateKey.generate()
CODE = "HT7Q2M9KD4XA"


def wait_for(condition: Callable[[], Any], timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)
    return value


# --- assembling lines ----------------------------------------------------------------------


def test_lines_end_with_cr_lf_or_both_and_may_arrive_in_pieces() -> None:
    lines = LineAssembler()
    assert lines.feed(b"HT1.ab") == []
    assert lines.feed(b"c.de\r\n") == [Scan("HT1.abc.de")]
    assert lines.feed(b"one\rtwo\nthree\r\n\r\n") == [Scan("one"), Scan("two"), Scan("three")]
    assert not lines.pending


def test_a_huge_line_is_refused_once_and_never_held_in_memory() -> None:
    lines = LineAssembler()
    scans: list[Scan] = []
    for _ in range(1000):  # 4 MB without an end of line
        scans += lines.feed(b"A" * 4096)
        assert len(lines._line) <= MAX_TEXT
    assert scans == []
    scans = lines.feed(b"AAAA\nHT1.next\n")
    assert len(scans) == 2 and scans[1] == Scan("HT1.next")
    assert scans[0].text == "" and "4096004 bytes, the most is 512" in scans[0].problem


def test_a_line_of_exactly_the_limit_is_read_and_one_more_byte_is_refused() -> None:
    lines = LineAssembler()
    assert lines.feed(b"A" * MAX_TEXT + b"\n") == [Scan("A" * MAX_TEXT)]
    assert lines.feed(b"A" * (MAX_TEXT + 1) + b"\n")[0].problem


def test_a_line_cut_short_is_refused_once() -> None:
    lines = LineAssembler()
    lines.feed(b"HT1.eyJrIjoi")
    cut = lines.cut()
    assert len(cut) == 1 and "cut short after 12 bytes" in cut[0].problem
    assert lines.cut() == []


def test_binary_garbage_becomes_a_text_the_ticket_reader_refuses() -> None:
    (scan,) = LineAssembler().feed(b"\xff\xfe\x00HT1.\x1b[A\n")
    assert not scan.problem and not scan.text.isascii()


# --- the scanner thread over a pty, a FIFO and pyserial ------------------------------------


class Received:
    def __init__(self) -> None:
        self.scans: list[Scan] = []
        self.lock = threading.Lock()

    def __call__(self, scan: Scan) -> None:
        with self.lock:
            self.scans.append(scan)


@pytest.fixture
def pty_scanner() -> Iterator[tuple[int, Received, Scanner]]:
    master, slave = os.openpty()
    path = os.ttyname(slave)
    received = Received()
    scanner = Scanner(lambda: open_source(path), received, repeat_window=1.0).start()
    wait_for(lambda: scanner.state == "ready")
    try:
        yield master, received, scanner
    finally:
        scanner.stop()
        os.close(master)
        os.close(slave)


def test_a_keyboard_wedge_scanner_on_a_tty_delivers_whole_codes(
    pty_scanner: tuple[int, Received, Scanner],
) -> None:
    master, received, _ = pty_scanner
    text = qr(KEY)
    os.write(master, text[:40].encode())
    time.sleep(0.05)  # the rest a moment later, as keystrokes arrive
    os.write(master, text[40:].encode() + b"\r")
    wait_for(lambda: received.scans)
    assert received.scans == [Scan(text)]


def test_a_long_line_passes_the_tty_whole_as_raw_mode_keeps_no_line_discipline(
    pty_scanner: tuple[int, Received, Scanner],
) -> None:
    master, received, _ = pty_scanner
    os.write(master, b"X" * 5000 + b"\r")  # beyond the 4 KiB a canonical tty line holds
    wait_for(lambda: received.scans)
    time.sleep(0.1)
    assert len(received.scans) == 1 and "5000 bytes" in received.scans[0].problem


def test_the_same_code_again_within_the_window_is_the_same_presentation(
    pty_scanner: tuple[int, Received, Scanner],
) -> None:
    master, received, _ = pty_scanner
    text = qr(KEY)
    for _ in range(3):  # a scanner in continuous mode still looking at the ticket
        os.write(master, text.encode() + b"\r")
        time.sleep(0.05)
    wait_for(lambda: received.scans)
    time.sleep(0.2)
    assert len(received.scans) == 1
    time.sleep(1.1)
    os.write(master, text.encode() + b"\r")  # presented again later: a new scan
    wait_for(lambda: len(received.scans) == 2)


def test_a_partial_line_then_silence_is_refused_once(
    pty_scanner: tuple[int, Received, Scanner],
) -> None:
    master, received, _ = pty_scanner
    os.write(master, b"HT1.eyJrIjoi")
    wait_for(lambda: received.scans)
    time.sleep(0.5)
    assert len(received.scans) == 1 and "cut short" in received.scans[0].problem


def test_a_flood_is_bounded_and_said_once(
    pty_scanner: tuple[int, Received, Scanner], caplog: pytest.LogCaptureFixture
) -> None:
    master, received, scanner = pty_scanner
    caplog.set_level(logging.WARNING, "cardreader_service.scanner")
    flood = b"".join(f"GARBAGE{n}\r".encode() for n in range(2000))
    os.write(master, flood)
    wait_for(lambda: scanner.dropped > 1900, timeout=10)
    time.sleep(0.2)
    assert len(received.scans) <= 10  # a burst of at most RATE, and what refills meanwhile
    floods = [r for r in caplog.records if r.getMessage() == "scanner_flood"]
    assert len(floods) == 1


def test_a_fifo_scanner_keeps_reading_when_its_writers_come_and_go(tmp_path: Path) -> None:
    fifo = tmp_path / "scanner"
    os.mkfifo(fifo)
    received = Received()
    scanner = Scanner(lambda: open_source(str(fifo)), received).start()
    try:
        for code in ("FIRST", "SECOND"):
            with open(fifo, "wb") as writer:  # blocks until the scanner has it open
                writer.write(code.encode() + b"\n")
            wait_for(lambda code=code: Scan(code) in received.scans)
    finally:
        scanner.stop()
    assert [s.text for s in received.scans] == ["FIRST", "SECOND"]


def test_a_missing_device_is_one_clear_error_and_the_scanner_keeps_trying(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(ScannerError) as caught:
        FdSource(str(tmp_path / "ttyACM9"))
    assert caught.value.code == "scanner_unavailable"
    assert str(caught.value) == "The QR scanner cannot be opened (no such file or directory)."
    assert str(tmp_path) not in str(caught.value) and "ttyACM9" in caught.value.detail
    caplog.set_level(logging.INFO, "cardreader_service.scanner")
    scanner = Scanner(lambda: open_source(str(tmp_path / "ttyACM9")), Received()).start()
    try:
        wait_for(lambda: scanner.state == "unavailable")
    finally:
        scanner.stop()
    assert [r.getMessage() for r in caplog.records].count("scanner_state") == 1


def test_a_serial_scanner_through_pyserial() -> None:
    pytest.importorskip("serial", reason="pyserial is not installed (the cards extra)")
    source = open_source("loop://", 9600)
    try:
        source._serial.write(qr(KEY).encode() + b"\r\n")  # type: ignore[attr-defined]
        data = b""
        while not data.endswith(b"\n"):
            data += source.read(1.0)
    finally:
        source.close()
    assert LineAssembler().feed(data) == [Scan(qr(KEY))]
    with pytest.raises(ScannerError) as caught:
        open_source("/dev/no-such-serial-scanner", 9600)
    assert "\n" not in str(caught.value) and "Traceback" not in str(caught.value)


# --- the gate: a scanned ticket decided, journaled, shown ----------------------------------


def test_the_gate_journals_a_scanned_ticket_once_and_refuses_its_second_entry(
    tmp_path: Path,
) -> None:
    store = SnapshotStore(tmp_path / "snapshot.json", "dai-noi")
    store.apply(payload(ticket_keys=[key_row("k2026", KEY)]))
    with Journal(tmp_path / "journal.sqlite") as journal:
        gate = Gate(
            MasterKeyStore({1: bytes(16)}), store, journal, Feedback("scanner"), clock=lambda: NOW
        )
        first, one, _ = gate.process_ticket(qr(KEY))
        second, two, _ = gate.process_ticket(qr(KEY))
        garbage, three, _ = gate.process_ticket(Scan("", "scan cut short").ticket_input())
        assert (first.entered, first.basis, one) == (True, "ticket", 1)
        assert (second.entered, second.reason, two) == (False, "ticket_used", 2)
        assert "Last entry at 10:00." in second.message
        assert (garbage.reason, three) == ("unreadable_ticket", 3)
        rows = list(journal.entries())
        assert [(r.ticket, r.decision, r.card_number) for r in rows] == [
            (CODE, "entered", ""),
            (CODE, "refused", ""),
            ("", "refused", ""),
        ]
        assert rows[0].report()["ticket"] == CODE and rows[0].report()["fare"] == 0


def test_a_scan_with_no_clock_to_trust_or_no_journal_is_out_of_service_and_not_journaled(
    tmp_path: Path,
) -> None:
    store = SnapshotStore(tmp_path / "snapshot.json", "dai-noi")
    store.apply(payload(ticket_keys=[key_row("k2026", KEY)]))
    with Journal(tmp_path / "journal.sqlite") as journal:
        untrusted = Gate(
            MasterKeyStore({1: bytes(16)}),
            store,
            journal,
            Feedback("scanner"),
            clock=lambda: NOW,
            clock_trouble=lambda: "clock 13 h off",
        )
        decision, sequence, _ = untrusted.process_ticket(qr(KEY))
        assert (decision.entered, decision.reason, sequence) == (False, "out_of_service", None)
        assert decision.ticket == CODE and "clock 13 h off" in decision.message
        assert list(journal.entries()) == []
    (tmp_path / "journal.sqlite").unlink()
    (tmp_path / "journal.sqlite").mkdir()  # a journal path that cannot be opened
    broken = Journal(tmp_path / "journal.sqlite")
    gate = Gate(MasterKeyStore({1: bytes(16)}), store, broken, Feedback("s"), clock=lambda: NOW)
    decision, sequence, _ = gate.process_ticket(qr(KEY))
    assert (decision.reason, sequence) == ("out_of_service", None)
    assert "no journal" in decision.message


def test_the_standard_input_as_the_scanner(tmp_path: Path) -> None:
    """``--scanner -``: a helper process pipes lines into the gate; its end is one clear line."""
    import subprocess
    import sys

    script = (
        "from cardreader_service.scanner import FdSource, LineAssembler, ScannerError\n"
        "source, lines = FdSource('-'), LineAssembler()\n"
        "try:\n"
        "    while True:\n"
        "        for scan in lines.feed(source.read(1.0)):\n"
        "            print(repr(scan))\n"
        "except ScannerError as error:\n"
        "    print(error, error.detail, sep='|')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=qr(KEY).encode() + b"\n" + b"Z" * 100_000 + b"\n",
        capture_output=True,
        timeout=30,
        cwd=Path(__file__).resolve().parents[2],
    )
    out = done.stdout.decode().splitlines()
    assert out[0] == repr(Scan(qr(KEY)))
    assert "100000 bytes, the most is 512" in out[1]
    assert out[2] == "The QR scanner was disconnected.|-: closed" and done.stderr == b""
