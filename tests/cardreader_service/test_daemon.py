"""The daemon process over the real PC/SC stack, with no server at all: it decides from the
snapshot on disk, journals, and keeps going through a pcscd restart (the reader vanishing)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from cardreader_service.emulator import VpcdEmulator
from cardreader_service.journal import Journal
from cardreader_service.keys import MasterKeyStore
from cardreader_service.profile import CardInfo
from cardreader_service.snapshot import SnapshotStore
from cardreader_service.virtual_card import personalise, random_uid

from .fakecms import TOKEN, FakeCms
from .qr import key_row, qr
from .snapshots import card, payload

if TYPE_CHECKING:
    from .conftest import Pcscd

pytestmark = pytest.mark.pcsc
ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition: Callable[[], Any], timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
    return value


def test_the_daemon_decides_offline_and_survives_a_pcscd_restart(
    pcscd_service: Pcscd, pcscd: str, tmp_path: Path
) -> None:
    if not pcscd_service.started_here:
        pytest.skip("pcscd was already running, not started by the tests: not restarting it")
    keys = MasterKeyStore({1: os.urandom(16)})
    uid, number = random_uid(), 9704000000000077
    journal_path = tmp_path / "gate.sqlite"
    # The snapshot a previous run left on disk; the server (port 9) is unreachable.
    now = time.time()
    from datetime import UTC, datetime, timedelta

    taken = datetime.fromtimestamp(now, UTC) - timedelta(minutes=1)
    local_day = (taken + timedelta(hours=7)).date()
    snapshot = payload(
        cards=[card(str(number), uid.hex().upper(), balance=1_000_000)],
        passback=0,
        hours=[],
        taken_at=taken,
    )
    snapshot["site"]["occupancy_date"] = local_day.isoformat()
    SnapshotStore(f"{journal_path}.snapshot.json").apply(snapshot)
    (tmp_path / "token").write_text("secret-gate-token")
    (tmp_path / "keys").write_text(f"1 {keys.current.key.hex()}\n")
    log = tmp_path / "gate.log"
    command = [
        sys.executable,
        "-m",
        "cardreader_service",
        "run",
        *("--reader", pcscd, "--site", "dai-noi", "--server", "http://127.0.0.1:9"),
        *("--token-file", str(tmp_path / "token"), "--key-file", str(tmp_path / "keys")),
        *("--journal", str(journal_path), "--status-file", str(tmp_path / "status.json")),
        *("--max-backoff", "1"),
    ]
    with open(log, "wb") as out:
        daemon = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=out)

    def rows() -> list[Any]:
        if not journal_path.exists():
            return []
        with Journal(journal_path) as journal:
            return list(journal.entries())

    def present() -> Any:
        before = len(rows())
        info = CardInfo(card_number=number, issuer_id=1, issued_on=20260101)
        with VpcdEmulator(personalise(uid, info, keys.current)).start():
            wait_for(lambda: len(rows()) > before)
            time.sleep(0.3)  # the visitor lifts the card after the light
        return rows()[-1]

    try:
        assert present().basis == "stored_value"
        pcscd_service.stop()  # the reader is gone, as when unplugged or pcscd restarts
        wait_for(lambda: '"unavailable"' in log.read_text())
        pcscd_service.start()
        second = present()
        assert (second.decision, second.sequence) == ("entered", 2)
        status = json.loads((tmp_path / "status.json").read_text())
        assert status["pending"] == 2 and status["last_error"]
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=20)
    assert daemon.returncode == 0
    text = log.read_text()
    events = [json.loads(line)["event"] for line in text.splitlines()]
    assert {"gate_started", "tap", "sync_failed", "reader_state", "gate_stopped"} <= set(events)
    assert "secret-gate-token" not in text and keys.current.key.hex() not in text


def test_a_scanned_e_ticket_enters_once_is_refused_the_second_time_and_reaches_the_server_once(
    pcscd: str, cms: FakeCms, tmp_path: Path
) -> None:
    """The daemon with a QR scanner on a pty (as a keyboard-wedge scanner's tty), against the
    fake CMS: the snapshot brings the ticket key, the scans are decided and the taps sent."""
    from datetime import UTC, datetime, timedelta

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    now = datetime.now(UTC)
    local_day = (now + timedelta(hours=7)).date()  # Huế's day, whatever the machine's zone
    snapshot = payload(passback=0, hours=[], taken_at=now, ticket_keys=[key_row("k2026", private)])
    snapshot["site"]["occupancy_date"] = local_day.isoformat()
    cms.snapshot = snapshot
    cms.now = lambda: datetime.now(UTC)
    ticket = qr(private, valid_from=local_day, valid_until=local_day)
    master, slave = os.openpty()
    (tmp_path / "token").write_text(TOKEN)
    (tmp_path / "keys").write_text(f"1 {os.urandom(16).hex()}\n")
    journal_path, status_path, log = (tmp_path / n for n in ("gate.sqlite", "status.json", "log"))
    command = [
        sys.executable,
        "-m",
        "cardreader_service",
        "run",
        *("--reader", pcscd, "--site", "dai-noi", "--server", cms.url),
        *("--token-file", str(tmp_path / "token"), "--key-file", str(tmp_path / "keys")),
        *("--journal", str(journal_path), "--status-file", str(status_path)),
        *("--scanner", os.ttyname(slave), "--scan-repeat-window", "0.5"),
        *("--snapshot-every", "1", "--heartbeat-every", "1"),
    ]
    with open(log, "wb") as out:
        daemon = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=out)

    def status() -> dict[str, Any]:
        try:
            return dict(json.loads(status_path.read_text()))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def server_taps() -> list[dict[str, Any]]:
        with cms.lock:
            return [cms.stored[n] for n in sorted(cms.stored)]

    try:
        wait_for(lambda: status().get("snapshot_taken_at") and status().get("scanner") == "ready")
        os.write(master, ticket.encode() + b"\r")  # the visitor's phone under the scanner
        wait_for(lambda: len(server_taps()) == 1)
        time.sleep(0.6)  # past the repeat window: the same ticket presented again
        os.write(master, ticket.encode() + b"\r")
        os.write(master, "Vé giả 假票\r".encode())  # something that is not a ticket
        wait_for(lambda: len(server_taps()) == 3)
        time.sleep(1.5)  # a few more sync cycles: nothing is sent twice as new
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=20)
        os.close(master)
        os.close(slave)
    assert daemon.returncode == 0, log.read_text()[-2000:]
    taps = server_taps()
    assert [(t["ticket"], t["decision"], t["reason"]) for t in taps] == [
        ("HT7Q2M9KD4XA", "entered", ""),
        ("HT7Q2M9KD4XA", "refused", "ticket_used"),
        ("", "refused", "unreadable_ticket"),
    ]
    assert all((t["card_number"], t["fare"], t["entitlement_id"]) == ("", 0, None) for t in taps)
    assert [n for batch in cms.batches for n in batch] == [1, 2, 3], "each tap sent once"
    with Journal(journal_path) as journal:
        assert journal.pending() == 0
    events = [json.loads(line)["event"] for line in log.read_text().splitlines()]
    assert events.count("tap") == 3 and "gate_stopped" in events
