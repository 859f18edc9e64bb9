"""Many gates sending batches that touch the same cards in different orders, at the same time.

Before batches took their locks in one global order, two such batches could each hold one card's
account and wait for the other's: PostgreSQL then aborted one with "deadlock detected" and the
gate saw a 500. Only PostgreSQL has the row locks to show it.
"""

import random
import threading
from datetime import UTC, datetime

import pytest
from django.db import connection
from rest_framework.test import APIClient

from heritage_cms.cards import ledger
from heritage_cms.cards.factories import AccountFactory, CardFactory, ProductFactory
from heritage_cms.cards.models import Account, Card, Entitlement, Gate, Tap
from heritage_cms.core.money import VND
from heritage_cms.sites.factories import SiteFactory

FARE = 30_000
CARDS = 12
GATES = 4
TAPS_PER_GATE = 120


def _gate(index: int) -> tuple[Gate, str]:
    gate = Gate(name=f"Gate {index}", site=SiteFactory(code=["dai-noi", "lang-tu-duc"][index % 2]))
    gate.fare = VND(FARE)
    token = gate.issue_token()
    gate.save()
    return gate, token


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_batches_over_shared_cards_from_many_gates_never_deadlock():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: run with DATABASE_URL=postgres://…")
    payments = AccountFactory(kind=Account.Kind.PAYMENTS)
    cards = [CardFactory(account__floor=VND(-Card.OFFLINE_SPENDING_LIMIT)) for _ in range(CARDS)]
    ledger.post(
        "top-ups",
        "top_up",
        [(payments, VND(-10_000_000 * CARDS))] + [(c.account, VND(10_000_000)) for c in cards],
    )
    combo = ProductFactory(
        code="combo",
        name="Combo",
        kind="combo",
        sites=["dai-noi", "lang-tu-duc"],
        entries_per_site=10_000,
        price=VND(280_000),
    )
    today = datetime.now(UTC).date()
    passes = {
        card.number: Entitlement.objects.create(
            card=card, product=combo, valid_from=today, valid_until=today
        ).pk
        for card in cards[::3]
    }
    gates = [_gate(index) for index in range(GATES)]
    errors: list[BaseException] = []

    def deliver(index: int, token: str) -> None:
        rng = random.Random(index)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Device {token}")
        taps = []
        for sequence in range(1, TAPS_PER_GATE + 1):
            number = rng.choice(cards).number
            tap = {
                "sequence": sequence,
                "card_number": number,
                "occurred_at": datetime.now(UTC).isoformat(),
                "decision": "entered",
            }
            if number in passes:
                tap["entitlement_id"] = passes[number]
            else:
                tap["fare"] = FARE
            taps.append(tap)
        try:
            for start in range(0, TAPS_PER_GATE, 30):
                batch = taps[start : start + 30]
                for attempt in (batch, list(reversed(batch))):  # a lost acknowledgement: resent
                    response = client.post("/api/gates/v1/taps", {"taps": attempt}, format="json")
                    assert response.status_code == 200, response.content[:300]
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=deliver, args=(index, token))
        for index, (_gate_row, token) in enumerate(gates)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, errors[0]
    assert Tap.objects.count() == GATES * TAPS_PER_GATE
    paid = Tap.objects.filter(settlement="posted").count()
    on_pass = Tap.objects.filter(settlement="entitlement").count()
    assert paid + on_pass == GATES * TAPS_PER_GATE
    assert ledger.total_of_all_accounts() == VND(0)
    revenue = sum(a.balance.amount for a in Account.objects.filter(kind=Account.Kind.REVENUE))
    assert revenue == paid * FARE
    for account in Account.objects.all():
        assert ledger.derived_balance(account) == account.balance, account
    used = sum(
        sum(e.entries_used.values()) for e in Entitlement.objects.filter(pk__in=passes.values())
    )
    assert used == on_pass
