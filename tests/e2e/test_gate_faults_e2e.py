"""The gate in the field's worst hours, end to end: the real daemon subprocess, emulated cards over
vpcd + pcscd, the live CMS, and our fault proxy between them (truncated, reset, dropped, slow,
trickled and unanswered requests, the server gone), kill -9 at seeded random points, a lost
journal, clocks skewed both ways (libfaketime) and a read-only journal disk.

After each: every tap that got feedback is on the server exactly once, nothing is on the server
that no journal holds, the gate said when delivery stalled, and the ledger sums to zero.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from heritage_cms.cards import ledger
from heritage_cms.cards.models import Card, Gate, Tap
from heritage_cms.core.money import VND
from tests.cardreader_service.faultproxy import FaultProxy

from .test_gate_e2e import GateUnderTest, balance, make_gate, new_card, wait_for

pytestmark = [pytest.mark.pcsc, pytest.mark.django_db(transaction=True)]


def faketime_library() -> str | None:
    try:
        import libfaketime  # type: ignore[import-untyped]
    except ImportError:
        return None
    path = Path(libfaketime.__file__).parent / "vendor/libfaketime/src/libfaketime.so.1"
    return str(path) if path.exists() else None


class FieldGate(GateUnderTest):
    """The daemon subprocess (restartable, killable, its clock skewable), its journal and log."""

    timing = (
        *("--snapshot-every", "1", "--heartbeat-every", "1", "--max-backoff", "1"),
        *("--probe-every", "1", "--request-deadline", "3", "--stall-after", "3"),
    )

    def __init__(self, tmp: Path, reader: str, server: str, token: str) -> None:
        super().__init__(tmp, reader, server, token)
        self.log.touch()
        self.skew = ""  # libfaketime offset, e.g. "+3h"
        self.lost_rows: list[dict[str, Any]] = []  # rows of journals lost on the way

    def start(self, wait: bool = True) -> None:
        env = dict(os.environ)
        if self.skew:
            library = faketime_library()
            if library is None:
                pytest.skip("needs the libfaketime package for a skewed clock")
            env |= {"LD_PRELOAD": library, "FAKETIME": self.skew, "DONT_FAKE_MONOTONIC": "1"}
        self.status.unlink(missing_ok=True)
        self.launch(env)
        if wait:
            wait_for(lambda: self.state().get("reader") == "ready", what="the gate ready")

    def fresh_snapshot(self) -> None:
        """Wait for a snapshot taken after now (cards issued just before are in it)."""
        since = datetime.now(UTC)

        def newer() -> bool:
            taken = self.state().get("snapshot_taken_at")
            return bool(taken) and datetime.fromisoformat(taken) > since

        wait_for(newer, what="a new snapshot")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            return  # killed by the test: its exit status is the test's doing
        super().stop()

    def events(self, name: str) -> list[dict[str, Any]]:
        found = []
        for line in self.log.read_text().splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue  # a line cut by kill -9
            if event.get("event") == name:
                found.append(event)
        return found

    def lose_journal(self) -> None:
        """The SD card died: the journal is gone (its rows kept here to check the server)."""
        self.lost_rows += self.rows()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.journal}{suffix}").unlink(missing_ok=True)

    def present(self, uid: bytes, number: str, observer: Any) -> dict[str, Any]:
        """Hold the card until the gate showed its decision, then take it away."""
        shown = len(self.events("screen"))
        card = self.hold(uid, number)
        try:
            # Generous: pcscd's polling and a loaded CI machine, not the gate, set this pace.
            wait_for(lambda: len(self.events("screen")) > shown, 30.0, what="the gate's feedback")
            wait_for(lambda: self.state().get("last_tap"), what="the status after the tap")
        finally:
            card.close()
            observer.wait_for_removal(timeout=5.0)
        return self.events("screen")[-1]


@pytest.fixture
def observer(vpcd_reader: str) -> Iterator[Any]:
    from cardreader_service.reader import PcscReader

    with PcscReader(vpcd_reader) as reader:
        yield reader


@pytest.fixture
def field(
    tmp_path: Path, vpcd_reader: str, live_server: Any
) -> Iterator[Callable[..., tuple[FieldGate, FaultProxy]]]:
    made: list[tuple[FieldGate, FaultProxy]] = []

    def make(passback: int = 0, start: bool = True) -> tuple[FieldGate, FaultProxy]:
        token = make_gate(passback=passback)
        proxy = FaultProxy(int(live_server.url.rsplit(":", 1)[1]))
        gate = FieldGate(tmp_path, vpcd_reader, proxy.url, token)
        made.append((gate, proxy))
        if start:
            gate.start()
        return gate, proxy

    yield make
    for gate, proxy in made:
        proxy.up()
        gate.stop()
        proxy.close()


def check_books(gate: FieldGate, cards: dict[str, tuple[Card, int]]) -> None:
    """The invariants after any fault: exactly once, nothing foreign, balances, zero-sum."""
    gate.state()  # still alive
    wait_for(lambda: gate.state().get("pending") == 0, timeout=30, what="everything delivered")
    journal = gate.lost_rows + gate.rows()
    server = list(Tap.objects.filter(gate=Gate.objects.get()).order_by("sequence"))

    def key(card_number: str, occurred_at: Any, decision: str) -> tuple[str, str, str]:
        moment = (
            occurred_at
            if isinstance(occurred_at, datetime)
            else datetime.fromisoformat(occurred_at)
        )
        return (card_number, moment.isoformat(timespec="milliseconds"), decision)

    held = [key(tap.card_number, tap.occurred_at, tap.decision) for tap in server]
    journaled = [key(r["card_number"], r["occurred_at"], r["decision"]) for r in journal]
    assert sorted(held) == sorted(journaled), "the server holds each journaled tap exactly once"
    shown = {e.get("sequence") for e in gate.events("screen")} - {None}
    assert shown <= {r["sequence"] for r in gate.rows()} | {r["sequence"] for r in gate.lost_rows}
    for number, (card, start) in cards.items():
        charged = sum(r["fare"] for r in journal if r["card_number"] == number)
        assert balance(card) == start - charged, f"card {number}: one charge per entered tap"
    assert ledger.total_of_all_accounts() == VND(0)


FAULTS = ["truncate", "reset", "drop", "slow", "trickle", "blackhole", "down"]


def test_every_network_fault_delivers_exactly_once_and_the_gate_says_it_stalled(
    field: Callable[..., tuple[FieldGate, FaultProxy]], observer: Any
) -> None:
    gate, proxy = field()
    card, uid = new_card(balance=5_000_000)
    gate.fresh_snapshot()
    recoveries = {}
    for fault in FAULTS:
        if fault == "down":
            proxy.down()
        else:
            proxy.fault, proxy.delay = fault, 4.0 if fault == "slow" else 0.5
        shown = gate.present(uid, card.number, observer)
        assert shown["decision"] == "entered", (fault, shown)
        wait_for(lambda: gate.state().get("sync_error"), timeout=20, what=f"{fault} reported")
        wait_for(lambda: gate.state().get("delivery_stalled"), timeout=20, what="stall said")
        assert gate.state()["pending"] >= 1
        proxy.fault = "pass"
        proxy.up()
        back = time.monotonic()
        wait_for(lambda: gate.state().get("pending") == 0, timeout=20, what=f"after {fault}")
        recoveries[fault] = time.monotonic() - back
        wait_for(lambda: not gate.state().get("sync_error"), what="the error cleared")
    check_books(gate, {card.number: (card, 5_000_000)})
    assert len(gate.rows()) == len(FAULTS)
    # Within 5 s of the server answering again (the blackhole and trickle wait their deadline).
    assert recoveries["down"] < 5.0, recoveries
    assert max(recoveries.values()) < 3.0 + 5.0, recoveries
    assert gate.events("delivery_stalled") and gate.events("delivery_resumed")


@pytest.mark.slow
def test_kill_nine_at_random_points_never_charges_twice_or_loses_a_tap(
    field: Callable[..., tuple[FieldGate, FaultProxy]], observer: Any
) -> None:
    rng = random.Random(20)
    gate, proxy = field()
    cards = {}
    for _ in range(3):
        card, uid = new_card(balance=5_000_000)
        cards[card.number] = (card, uid)
    gate.fresh_snapshot()
    kills = 0
    for round_ in range(22):
        number = rng.choice(sorted(cards))
        card, uid = cards[number]
        before = len(gate.rows())
        shown = len(gate.events("screen"))
        if round_ % 5 == 4:
            proxy.fault = rng.choice(["truncate", "drop", "pass"])  # kill with an answer lost
        held = gate.hold(uid, number)
        try:
            time.sleep(rng.uniform(0.0, 1.2))  # before, during or after the decision
            gate.kill()
            kills += 1
            proxy.fault = "pass"
            gate.start(wait=False)
            wait_for(
                lambda shown=shown: len(gate.events("screen")) > shown,
                what="feedback after restart",
            )
            wait_for(lambda: gate.state().get("last_tap"), what="the restarted gate's status")
        finally:
            held.close()
            observer.wait_for_removal(timeout=5.0)
        assert len(gate.rows()) - before == 1, f"round {round_}: one tap per presentation"
    assert kills >= 20
    assert gate.events("same_presentation"), "some kills came after the journal, before removal"
    check_books(gate, {n: (card, 5_000_000) for n, (card, _) in cards.items()})


def test_a_lost_journal_starts_above_what_the_server_holds(
    field: Callable[..., tuple[FieldGate, FaultProxy]], observer: Any
) -> None:
    gate, proxy = field()
    card, uid = new_card(balance=5_000_000)
    gate.fresh_snapshot()
    for _ in range(3):
        gate.present(uid, card.number, observer)
    wait_for(lambda: Tap.objects.count() == 3)
    wait_for(lambda: gate.state().get("snapshot_taken_at") and _snapshot_holds(gate, 3))
    old_id = _journal_id(gate)
    gate.stop()
    gate.lose_journal()
    proxy.down()
    gate.start()  # offline, with the snapshot the old journal left
    shown = gate.present(uid, card.number, observer)
    assert shown["sequence"] == 4, "never a number the server already holds"
    assert _journal_id(gate) != old_id
    proxy.up()
    check_books(gate, {card.number: (card, 5_000_000)})
    assert Tap.objects.count() == 4


def test_a_lost_disk_online_asks_the_server_before_the_first_tap(
    field: Callable[..., tuple[FieldGate, FaultProxy]], observer: Any
) -> None:
    gate, _ = field()
    card, uid = new_card(balance=5_000_000)
    gate.fresh_snapshot()
    for _ in range(2):
        gate.present(uid, card.number, observer)
    wait_for(lambda: Tap.objects.count() == 2)
    gate.stop()
    gate.lose_journal()
    Path(f"{gate.journal}.snapshot.json").unlink()  # the whole disk: no snapshot either
    shown = len(gate.events("screen"))
    held = gate.hold(uid, card.number)  # a visitor already waiting at the reader
    try:
        gate.start(wait=False)
        wait_for(lambda: len(gate.events("screen")) > shown, what="the first decision")
        wait_for(lambda: gate.state().get("last_tap"), what="the status after the tap")
    finally:
        held.close()
        observer.wait_for_removal(timeout=5.0)
    first = gate.events("screen")[-1]
    assert (first["decision"], first["sequence"]) == ("entered", 3), first
    check_books(gate, {card.number: (card, 5_000_000)})


def test_a_lost_journal_with_a_stale_snapshot_loses_no_charged_tap(
    field: Callable[..., tuple[FieldGate, FaultProxy]], observer: Any
) -> None:
    gate, proxy = field()
    card, uid = new_card(balance=5_000_000)
    gate.fresh_snapshot()
    for _ in range(2):
        gate.present(uid, card.number, observer)
    wait_for(lambda: Tap.objects.count() == 2)
    gate.stop()
    gate.lose_journal()
    # The snapshot on the card is an old one (restored from a backup): it knows no taps.
    snapshot_file = Path(f"{gate.journal}.snapshot.json")
    snapshot = json.loads(snapshot_file.read_text())
    snapshot["gate"]["last_sequence"] = 0
    snapshot_file.write_text(json.dumps(snapshot))
    proxy.down()
    gate.start()
    gate.present(uid, card.number, observer)  # numbered 1 again: only journal_id tells it apart
    proxy.up()
    check_books(gate, {card.number: (card, 5_000_000)})
    assert Tap.objects.count() == 3


@pytest.mark.parametrize("skew", ["+3h", "-5h"])
def test_a_skewed_clock_journals_the_servers_time_and_passback_holds(
    field: Callable[..., tuple[FieldGate, FaultProxy]], observer: Any, skew: str
) -> None:
    gate, _ = field(passback=30, start=False)
    gate.skew = skew
    gate.start()
    wait_for(lambda: gate.state().get("clock_offset_ms") is not None, what="a measured offset")
    offset = gate.state()["clock_offset_ms"] / 3_600_000
    assert abs(offset + int(skew[:-1])) < 0.01, offset
    card, uid = new_card(balance=5_000_000)
    gate.fresh_snapshot()
    entered = gate.present(uid, card.number, observer)
    again = gate.present(uid, card.number, observer)
    assert (entered["decision"], again["reason"]) == ("entered", "passback")
    wait_for(lambda: Tap.objects.count() == 2)
    for tap in Tap.objects.all():
        assert abs(tap.occurred_at - tap.received_at) < timedelta(seconds=30), "one clock"
    check_books(gate, {card.number: (card, 5_000_000)})


def test_a_clock_off_by_more_than_twelve_hours_is_out_of_service(
    field: Callable[..., tuple[FieldGate, FaultProxy]], observer: Any
) -> None:
    gate, _ = field(start=False)
    gate.skew = "-13h"
    gate.start()
    wait_for(lambda: gate.state().get("out_of_service"), what="out of service")
    card, uid = new_card(balance=5_000_000)
    shown = gate.present(uid, card.number, observer)
    assert (shown["decision"], shown["reason"], shown["sequence"]) == (
        "refused",
        "out_of_service",
        None,
    )
    assert gate.rows() == [] and Tap.objects.count() == 0
    check_books(gate, {card.number: (card, 5_000_000)})


def test_a_read_only_journal_disk_keeps_the_gate_up_out_of_service_until_writable(
    field: Callable[..., tuple[FieldGate, FaultProxy]], observer: Any, tmp_path: Path
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "gate-journal", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        gate, _ = field(start=False)
        gate.journal = disk / "gate.sqlite"
        card, uid = new_card(balance=5_000_000)
        gate.start()
        gate.present(uid, card.number, observer)  # the snapshot is pulled after the card exists
        gate.stop()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        gate.start(wait=False)
        wait_for(lambda: gate.state().get("journal_ok") is False, what="journal trouble said")
        assert gate.state()["out_of_service"] == "no journal"
        shown = gate.present(uid, card.number, observer)
        assert (shown["reason"], shown["sequence"]) == ("out_of_service", None)
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        wait_for(lambda: gate.state().get("journal_ok") is True, what="journal writable again")
        assert gate.present(uid, card.number, observer)["sequence"] == 2
        check_books(gate, {card.number: (card, 5_000_000)})
        gate.stop()
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def _journal_id(gate: FieldGate) -> str:
    with sqlite3.connect(gate.journal, timeout=10) as db:
        return str(db.execute("SELECT value FROM meta WHERE key = 'journal_id'").fetchone()[0])


def _snapshot_holds(gate: FieldGate, sequence: int) -> bool:
    path = Path(f"{gate.journal}.snapshot.json")
    try:
        return int(json.loads(path.read_text())["gate"]["last_sequence"]) >= sequence
    except (FileNotFoundError, ValueError, KeyError):
        return False
