"""The central ledger: balanced, immutable, idempotent, within floors — under any interleaving."""

import threading
import uuid

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heritage_cms.cards import ledger
from heritage_cms.cards.factories import AccountFactory, CardFactory
from heritage_cms.cards.models import Account, LedgerEntry, LedgerError, Transfer
from heritage_cms.core.money import VND, VNDField

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(db):
    return {
        "payments": AccountFactory(kind=Account.Kind.PAYMENTS, name="Stripe clearing"),
        "revenue": AccountFactory(kind=Account.Kind.REVENUE, name="Đại Nội revenue"),
        "card": CardFactory().account,
    }


def top_up(books, key, amount):
    return ledger.post(
        key, "top_up", [(books["payments"], -VND(amount)), (books["card"], VND(amount))]
    )


def tap(books, key, fare):
    return ledger.post(key, "tap", [(books["card"], -VND(fare)), (books["revenue"], VND(fare))])


def test_a_top_up_and_a_tap_move_money_and_keep_the_total_at_zero(books):
    top_up(books, "stripe:evt_1", 500_000)
    tap(books, "gate-7:1", 200_000)
    books["card"].refresh_from_db()
    assert books["card"].balance == VND(300_000)
    assert ledger.derived_balance(books["card"]) == VND(300_000)
    assert ledger.total_of_all_accounts() == VND(0)


def test_a_replayed_key_applies_once(books):
    first, created = top_up(books, "stripe:evt_1", 500_000)
    again, created_again = top_up(books, "stripe:evt_1", 500_000)
    assert created and not created_again and again.pk == first.pk
    books["card"].refresh_from_db()
    assert books["card"].balance == VND(500_000)


def test_a_key_reused_for_another_amount_is_refused(books):
    top_up(books, "stripe:evt_1", 500_000)
    with pytest.raises(ledger.IdempotencyConflict, match="repeat the original request"):
        top_up(books, "stripe:evt_1", 600_000)


def test_a_card_cannot_go_below_its_floor_and_nothing_is_written(books):
    top_up(books, "stripe:evt_1", 100_000)
    with pytest.raises(ledger.InsufficientFunds, match="Top up the card"):
        tap(books, "gate-7:1", 200_000)
    assert not Transfer.objects.filter(idempotency_key="gate-7:1").exists()
    books["card"].refresh_from_db()
    assert books["card"].balance == VND(100_000)


def test_an_unbalanced_movement_is_refused(books):
    with pytest.raises(ledger.UnbalancedTransfer, match="two sides"):
        ledger.post("x", "adjustment", [(books["payments"], VND(-5)), (books["card"], VND(4))])
    with pytest.raises(ledger.UnbalancedTransfer):
        ledger.post("y", "adjustment", [])


def test_entries_are_immutable(books):
    transfer, _ = top_up(books, "stripe:evt_1", 500_000)
    entry = transfer.entries.first()
    entry.amount = VND(1)
    with pytest.raises(LedgerError, match="immutable"):
        entry.save()
    with pytest.raises(LedgerError, match="immutable"):
        entry.delete()
    assert LedgerEntry.objects.count() == 2


def test_floats_never_become_money():
    with pytest.raises(TypeError, match="whole đồng"):
        VND(1.5)
    with pytest.raises(TypeError, match="whole đồng"):
        VNDField().get_prep_value(1000.0)
    assert str(VND(150_000)) == "150.000 ₫"


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["top_up", "tap", "refund", "replay"]),
        st.integers(min_value=1, max_value=3),  # which card
        st.integers(min_value=1_000, max_value=400_000),
    ),
    max_size=25,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPERATIONS)
def test_any_sequence_keeps_the_books_balanced_and_floors_respected(operations, db):
    payments = AccountFactory(kind=Account.Kind.PAYMENTS)
    revenue = AccountFactory(kind=Account.Kind.REVENUE)
    refunds = AccountFactory(kind=Account.Kind.REFUNDS)
    cards = {n: CardFactory().account for n in (1, 2, 3)}
    keys: list[tuple[str, str, list]] = []
    run = uuid.uuid4().hex  # examples share one database: keys must not collide across them
    for step, (operation, card_no, amount) in enumerate(operations):
        card, value = cards[card_no], VND(amount)
        if operation == "replay" and keys:
            key, kind, movements = keys[amount % len(keys)]
        elif operation == "top_up":
            key, kind, movements = (
                f"{run}:top:{step}",
                "top_up",
                [(payments, -value), (card, value)],
            )
        elif operation == "tap":
            key, kind, movements = f"{run}:tap:{step}", "tap", [(card, -value), (revenue, value)]
        else:
            key, kind, movements = f"{run}:ref:{step}", "refund", [(card, -value), (refunds, value)]
        try:
            ledger.post(key, kind, movements)
            keys.append((key, kind, movements))
        except ledger.InsufficientFunds:
            pass
    assert ledger.total_of_all_accounts() == VND(0)
    for account in Account.objects.all():
        assert account.balance == ledger.derived_balance(account)
        if account.floor is not None:
            assert account.balance >= account.floor


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_gates_never_overdraw_a_card_and_apply_each_tap_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: run with DATABASE_URL=postgres://…")
    books = {
        "payments": AccountFactory(kind=Account.Kind.PAYMENTS),
        "revenue": AccountFactory(kind=Account.Kind.REVENUE),
        "card": CardFactory().account,
    }
    top_up(books, "stripe:evt_1", 1_000_000)  # enough for 10 taps of 100.000 ₫
    outcomes: list[str] = []

    def gate(gate_id: int) -> None:
        try:
            for seq in range(8):  # every gate also retries each tap once
                for _attempt in range(2):
                    try:
                        _transfer, created = tap(books, f"gate-{gate_id % 4}:{seq}", 100_000)
                        outcomes.append("applied" if created else "replayed")
                    except ledger.InsufficientFunds:
                        outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=gate, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    books["card"].refresh_from_db()
    applied = Transfer.objects.filter(kind="tap").count()
    assert applied == outcomes.count("applied") == 10, "4 gates x 8 taps, but money for 10"
    assert books["card"].balance == VND(0)
    assert ledger.total_of_all_accounts() == VND(0)
