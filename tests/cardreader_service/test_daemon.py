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
