"""The whole gate stack end to end: emulated cards → vpcd → pcscd → pyscard → the real gate daemon
(``python -m cardreader_service run``, a subprocess) → HTTP → the real CMS (live server) → ledger.

Nothing is mocked: cards are refused by the real protocol and rules, the network is cut by
closing a real TCP proxy (the fault tests' proxy), and delivery is checked in the server's Tap
rows and ledger.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from cardreader_service.emulator import VpcdEmulator
from cardreader_service.keys import MasterKeyStore
from cardreader_service.profile import CardInfo
from cardreader_service.virtual_card import Behaviour, make_card, random_uid
from heritage_cms.cards import ledger
from heritage_cms.cards.factories import AccountFactory
from heritage_cms.cards.issuing import issue_card
from heritage_cms.cards.models import Account, Card, Entitlement, Gate, Product, Tap
from heritage_cms.core.money import VND
from heritage_cms.sites.factories import SiteFactory
from tests.cardreader_service.faultproxy import FaultProxy

pytestmark = [pytest.mark.pcsc, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SITE = "dai-noi"
FARE = 50_000
MASTER = MasterKeyStore({1: os.urandom(16)})


def wait_for(condition: Callable[[], Any], timeout: float = 15.0, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what or condition}")
        time.sleep(0.05)


class GateUnderTest:
    """The daemon subprocess, its journal and the cards we hold up to its reader."""

    def __init__(self, tmp: Path, reader: str, server: str, token: str) -> None:
        self.tmp = tmp
        self.reader = reader
        self.server = server
        self.journal = tmp / "gate.sqlite"
        self.status = tmp / "status.json"
        self.token_file = tmp / "token"
        self.token_file.write_text(token)
        self.key_file = tmp / "keys"
        self.key_file.write_text(f"1 {MASTER.current.key.hex()}\n")
        self.key_file.chmod(0o600)
        self.log = tmp / "gate.log"
        self.process: subprocess.Popen[bytes] | None = None

    #: Periods of seconds, not minutes, so a test sees the gate sync while it waits.
    timing: tuple[str, ...] = (
        "--snapshot-every",
        "1",
        "--heartbeat-every",
        "2",
        "--max-backoff",
        "1",
    )

    def launch(self, env: dict[str, str] | None = None) -> None:
        """Start the daemon as a gate runs it, its output appended to ``log``."""
        command = [
            sys.executable,
            "-m",
            "cardreader_service",
            "run",
            *("--reader", self.reader, "--site", SITE, "--server", self.server),
            *("--token-file", str(self.token_file), "--key-file", str(self.key_file)),
            *("--journal", str(self.journal), "--status-file", str(self.status)),
            *self.timing,
        ]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, stderr=log, stdout=log, env=env)

    def start(self) -> None:
        self.launch()
        wait_for(lambda: self.state().get("snapshot_taken_at"), what="the first snapshot")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        assert self.process is None or self.process.returncode == 0, self.log.read_text()[-3000:]

    def state(self) -> dict[str, Any]:
        if self.process is not None and self.process.poll() is not None:
            pytest.fail(f"the gate daemon exited: {self.log.read_text()[-3000:]}")
        try:
            return dict(json.loads(self.status.read_text()))
        except (FileNotFoundError, ValueError):
            return {}

    def rows(self) -> list[dict[str, Any]]:
        if not self.journal.exists():
            return []
        with sqlite3.connect(self.journal, timeout=10) as db:
            db.row_factory = sqlite3.Row
            return [dict(row) for row in db.execute("SELECT * FROM taps ORDER BY sequence")]

    def hold(self, uid: bytes, number: str | int, behaviour: Behaviour = "genuine") -> VpcdEmulator:
        """A card in the reader's field until the returned emulator is closed."""
        info = CardInfo(card_number=int(number), issuer_id=1, issued_on=20260101)
        return VpcdEmulator(make_card(behaviour, uid, info, MASTER.current)).start()

    def present(
        self, behaviour: Behaviour, uid: bytes, number: str | int, observer: Any
    ) -> dict[str, Any]:
        """Hold a card to the reader until the gate journaled its decision; then take it away."""
        before = len(self.rows())
        emulator = self.hold(uid, number, behaviour)
        try:
            wait_for(lambda: len(self.rows()) > before, what=f"a decision on {behaviour} card")
            sequence = self.rows()[-1]["sequence"]
            # Taken away once the gate let go of it, as a visitor does after the light; pulled
            # during the gate's power-down, pcscd would mark the field empty without an event.
            wait_for(lambda: self.state().get("last_tap", {}).get("sequence") == sequence)
        finally:
            emulator.close()
            observer.wait_for_removal(timeout=5.0)  # pcscd saw it leave: the next card is new
        return self.rows()[-1]


@pytest.fixture
def observer(vpcd_reader: str) -> Iterator[Any]:
    from cardreader_service.reader import PcscReader

    with PcscReader(vpcd_reader) as reader:
        yield reader


@pytest.fixture
def gate_factory(tmp_path: Path, vpcd_reader: str) -> Iterator[Callable[..., GateUnderTest]]:
    gates: list[GateUnderTest] = []

    def make(server: str, token: str) -> GateUnderTest:
        gate = GateUnderTest(tmp_path, vpcd_reader, server, token)
        gates.append(gate)
        gate.start()
        return gate

    yield make
    for gate in gates:
        gate.stop()


def make_gate(passback: int, fare: int = FARE) -> str:
    gate = Gate(
        name="Ngọ Môn", site=SiteFactory(code=SITE), fare=VND(fare), passback_minutes=passback
    )
    token = gate.issue_token()
    gate.save()
    return token


def new_card(balance: int = 0) -> tuple[Card, bytes]:
    uid = random_uid()
    number = f"9704{int.from_bytes(os.urandom(6)) % 10**12:012d}"
    card = issue_card(number, uid.hex())
    if balance:
        payments = AccountFactory(kind=Account.Kind.PAYMENTS)
        ledger.post(
            f"top:{number}",
            "top_up",
            [(payments, -VND(balance)), (card.account, VND(balance))],
        )
    return card, uid


def ticket(card: Card, sites: tuple[str, ...] = (SITE,), days_ago: int = 0) -> Entitlement:
    product, created = Product.objects.get_or_create(
        code="-".join(sites) + f"-{days_ago}",
        defaults={
            "name": "Ticket",
            "kind": "combo" if len(sites) > 1 else "single_site",
            "price": VND(200_000),
        },
    )
    if created:
        product.sites.set([SiteFactory(code=code) for code in sites])
    day = timezone.localdate() - timedelta(days=days_ago)
    return Entitlement.objects.create(card=card, product=product, valid_from=day, valid_until=day)


def balance(card: Card) -> int:
    card.account.refresh_from_db()
    return card.account.balance.amount


def test_the_gate_admits_and_refuses_each_card_for_the_right_reason(
    live_server: Any, gate_factory: Callable[..., GateUnderTest], observer: Any
) -> None:
    token = make_gate(passback=30, fare=Card.OFFLINE_SPENDING_LIMIT + FARE)  # beyond the limit
    visitor, visitor_uid = new_card()
    pass_ = ticket(visitor)
    stolen, stolen_uid = new_card(balance=1_000_000)
    late, late_uid = new_card()
    ticket(late, days_ago=3)
    gate = gate_factory(live_server.url, token)

    entered = gate.present("genuine", visitor_uid, visitor.number, observer)
    assert (entered["decision"], entered["basis"], entered["entitlement_id"]) == (
        "entered",
        "entitlement",
        pass_.pk,
    )

    # Blocked while the gate runs: the next incremental snapshot carries it.
    blocked_at = timezone.now()
    Card.objects.filter(pk=stolen.pk).update(
        status=Card.Status.BLOCKED, blocked_reason="reported stolen", updated_at=timezone.now()
    )
    wait_for(
        lambda: gate.state().get("snapshot_taken_at", "") > blocked_at.isoformat(),
        what="an incremental snapshot after the block",
    )
    outcomes = {
        "forged": gate.present("forged", random_uid(), 9704999900000001, observer),
        "clone": gate.present("clone", visitor_uid, visitor.number, observer),
        "blocked": gate.present("genuine", stolen_uid, stolen.number, observer),
        "expired": gate.present("genuine", late_uid, late.number, observer),
        "again": gate.present("genuine", visitor_uid, visitor.number, observer),
        "stranger": gate.present("genuine", random_uid(), 9704999900000002, observer),
        "torn": gate.present("torn", visitor_uid, visitor.number, observer),
    }
    assert {name: row["reason"] for name, row in outcomes.items()} == {
        "forged": "forged_card",
        "clone": "cloned_card",
        "blocked": "card_blocked",
        "expired": "no_valid_product",
        "again": "passback",
        "stranger": "unknown_card",
        "torn": "card_removed",
    }
    assert all(row["decision"] == "refused" for row in outcomes.values())
    assert "reported stolen" in outcomes["blocked"]["message"]
    assert "expired" in outcomes["expired"]["message"]
    assert outcomes["clone"]["card_number"] == visitor.number, "the office sees whose card"

    wait_for(lambda: Tap.objects.count() == 8, what="every tap on the server")
    on_server = {tap.sequence: (tap.decision, tap.reason) for tap in Tap.objects.all()}
    in_journal = {row["sequence"]: (row["decision"], row["reason"]) for row in gate.rows()}
    assert on_server == in_journal
    pass_.refresh_from_db()
    assert pass_.remaining() == {SITE: 0}
    assert ledger.total_of_all_accounts() == VND(0)


def test_a_gate_cut_off_keeps_deciding_and_delivers_every_tap_exactly_once(
    live_server: Any,
    gate_factory: Callable[..., GateUnderTest],
    observer: Any,
    tmp_path: Path,
) -> None:
    token = make_gate(passback=0)
    regular, regular_uid = new_card(balance=1_000_000)
    tourist, tourist_uid = new_card()
    combo = ticket(tourist, sites=(SITE, "lang-tu-duc"))
    broke, broke_uid = new_card(balance=0)
    proxy = FaultProxy(int(live_server.url.rsplit(":", 1)[1]))
    gate = gate_factory(proxy.url, token)

    assert gate.present("genuine", regular_uid, regular.number, observer)["basis"] == "stored_value"
    wait_for(lambda: Tap.objects.count() == 1, what="the online tap delivered")

    proxy.down()
    wait_for(lambda: gate.state().get("last_error"), what="the gate noticing the cut")
    offline = [gate.present("genuine", tourist_uid, tourist.number, observer)]
    offline += [gate.present("genuine", broke_uid, broke.number, observer) for _ in range(5)]
    assert [(row["decision"], row["reason"]) for row in offline] == [("entered", "")] * 5 + [
        ("refused", "insufficient_balance")
    ], "stored value down to minus the offline limit (200.000 ₫ = 4 fares), and no further"
    assert offline[0]["basis"] == "entitlement"
    assert Tap.objects.count() == 1, "nothing reached the server while cut off"
    assert wait_for(lambda: gate.state().get("pending") == 6, what="six taps pending")

    proxy.up()
    wait_for(lambda: gate.state().get("pending") == 0, timeout=20, what="delivery after restore")
    wait_for(lambda: Tap.objects.count() == 7)
    sequences = sorted(Tap.objects.values_list("sequence", flat=True))
    assert sequences == [row["sequence"] for row in gate.rows()] == list(range(1, 8))
    assert balance(regular) == 1_000_000 - FARE
    assert balance(broke) == -4 * FARE
    combo.refresh_from_db()
    assert combo.remaining() == {SITE: 0, "lang-tu-duc": 1}
    assert set(Tap.objects.values_list("settlement", flat=True)) == {
        "posted",
        "entitlement",
        "no_charge",
    }
    assert ledger.total_of_all_accounts() == VND(0)

    # Everything again, as whole duplicates and as one reordered batch: nothing changes.
    replay = subprocess.run(
        [
            sys.executable,
            "-m",
            "cardreader_service",
            "replay",
            *("--journal", str(gate.journal), "--server", proxy.url),
            *("--token-file", str(gate.token_file), "--all", "--batch", "3"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert replay.returncode == 0, replay.stderr
    assert "sent 7 taps; 0 pending" in replay.stdout
    # The gate's journal id is part of each tap's key: the server holds it with every tap.
    (journal_id,) = set(Tap.objects.values_list("journal_id", flat=True))
    assert journal_id, "the daemon sends the id of its journal with every tap"
    reports = [
        {key: row[key] for key in ("sequence", "card_number", "decision", "reason", "fare")}
        | {"occurred_at": row["occurred_at"], "entitlement_id": row["entitlement_id"]}
        | {"journal_id": journal_id}
        for row in reversed(gate.rows())
    ]
    request = urllib.request.Request(
        f"{live_server.url}/api/gates/v1/taps",
        data=json.dumps({"taps": reports}).encode(),
        headers={"Authorization": f"Device {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        answer = json.loads(response.read())
    assert (answer["accepted"], answer["conflicts"]) == ([], [])
    assert answer["duplicates"] == list(range(1, 8))
    assert Tap.objects.count() == 7
    assert (balance(regular), balance(broke)) == (1_000_000 - FARE, -4 * FARE)
    assert ledger.total_of_all_accounts() == VND(0)

    status = subprocess.run(
        [sys.executable, "-m", "cardreader_service", "status", "--journal", str(gate.journal)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert "7 (0 pending delivery)" in status.stdout, status.stdout + status.stderr
    log = gate.log.read_text()
    assert token not in log and MASTER.current.key.hex() not in log
    proxy.close()
