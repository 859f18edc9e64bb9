"""E-tickets end to end: bought online with no card, paid through the real stripe client against
the sandbox, signed by the server; their QR texts typed by a scanner into the real gate daemon
(a subprocess reading a pty, as a keyboard-wedge scanner's tty), decided offline from the
snapshot's public keys, journaled and delivered to the real CMS exactly once. A ticket refunded
by Finance is refused once the gate has pulled the next snapshot.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from heritage_cms.cards.models import Tap
from heritage_cms.payments import refunds
from heritage_cms.tickets import services
from heritage_cms.tickets.models import Ticket
from tests.heritage_cms.payments.conftest import (  # noqa: F401 - fixtures used below
    deliver,
    finance_user,
    pay_on_hosted_page,
    sandbox,
)
from tests.heritage_cms.tickets.conftest import combo, urls  # noqa: F401 - a fixture

from .test_gate_e2e import GateUnderTest, make_gate, wait_for

pytestmark = [pytest.mark.pcsc, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def buy_for_today(client, box, product, adults: int, children: int) -> list[Ticket]:
    """A visitor's order for today, paid on the sandbox's page, webhooks delivered signed."""
    payment = services.start_order(
        product, timezone.localdate(), {"adult": adults, "child": children}, "", "vi", urls
    )
    pay_on_hosted_page(payment)
    assert all(answer.status_code == 200 for answer in deliver(client, box))
    return list(Ticket.objects.filter(order__payment=payment).order_by("pk"))


@pytest.fixture
def scanner() -> Iterator[tuple[int, str]]:
    """The scanner's side of a pty (we type into it) and the tty the gate reads."""
    master, slave = os.openpty()
    yield master, os.ttyname(slave)
    os.close(master)
    os.close(slave)


@pytest.fixture
def scanning_gate(
    tmp_path: Path, vpcd_reader: str, scanner: tuple[int, str]
) -> Iterator[Callable[[str, str], GateUnderTest]]:
    gates: list[GateUnderTest] = []

    def make(server: str, token: str) -> GateUnderTest:
        gate = GateUnderTest(tmp_path, vpcd_reader, server, token)
        gate.timing = (
            *GateUnderTest.timing,
            "--scanner",
            scanner[1],
            "--scan-repeat-window",
            "0.2",
        )
        gates.append(gate)
        gate.start()
        wait_for(lambda: gate.state().get("scanner") == "ready", what="the scanner")
        return gate

    yield make
    for gate in gates:
        gate.stop()


def scan(gate: GateUnderTest, scanner: tuple[int, str], text: str) -> dict[str, Any]:
    """A phone under the scanner: the text and Enter, then the gate's journaled decision."""
    before = len(gate.rows())
    time.sleep(0.3)  # past the scanner's repeat window: a new presentation, not a double read
    os.write(scanner[0], text.encode("ascii") + b"\r")
    wait_for(lambda: len(gate.rows()) > before, what="the gate's decision on a scanned ticket")
    return gate.rows()[-1]


def test_tickets_bought_online_open_the_gate_once_each_and_a_refunded_one_is_refused(
    live_server: Any,
    client: Any,
    sandbox: Any,  # noqa: F811 - the fixture
    combo: Any,  # noqa: F811 - the fixture
    finance_user: Any,  # noqa: F811 - the fixture
    scanning_gate: Callable[[str, str], GateUnderTest],
    scanner: tuple[int, str],
) -> None:
    family = buy_for_today(client, sandbox, combo, adults=2, children=1)
    assert [t.fare_type for t in family] == ["adult", "adult", "child"]
    (friend,) = buy_for_today(client, sandbox, combo, adults=1, children=0)
    gate = scanning_gate(live_server.url, make_gate(passback=0))

    for ticket in family:
        row = scan(gate, scanner, ticket.qr_text)
        assert (row["decision"], row["basis"], row["fare"]) == ("entered", "ticket", 0), row
        assert (row["ticket"], row["card_number"]) == (ticket.code, "")
    again = scan(gate, scanner, family[0].qr_text)
    assert (again["decision"], again["reason"]) == ("refused", "ticket_used")

    # Finance refunds the friend's order; the gate refuses it once it has the next snapshot.
    asked = timezone.now()
    refund = refunds.refund_payment(
        friend.order.payment,
        friend.order.payment.amount.amount,
        "Khách hủy / cancelled",
        user=finance_user,
        revoke_entitlement=True,
    )
    assert refund.status == refund.Status.SUCCEEDED

    def snapshot_after_refund() -> bool:
        taken = gate.state().get("snapshot_taken_at")
        return bool(taken) and datetime.fromisoformat(taken) > asked + timedelta(seconds=1)

    wait_for(snapshot_after_refund, what="a snapshot taken after the refund")
    refused = scan(gate, scanner, friend.qr_text)
    assert (refused["decision"], refused["reason"], refused["ticket"]) == (
        "refused",
        "ticket_revoked",
        friend.code,
    )

    # Every tap reaches the server once: three entries on three tickets, never charged.
    wait_for(lambda: Tap.objects.count() == 5, what="the five taps on the server")
    entered = Tap.objects.filter(decision=Tap.Decision.ENTERED)
    assert sorted(entered.values_list("ticket", flat=True)) == sorted(t.code for t in family)
    assert {tap.settlement for tap in entered} == {"ticket"}
    assert {tap.fare.amount for tap in entered} == {0}
    assert services.used_entries(family[0].code) == {"dai-noi": 1}
