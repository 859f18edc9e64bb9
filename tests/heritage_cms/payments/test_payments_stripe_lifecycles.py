"""Stateful property test: random payments and random Stripe lifecycles, every event delivered
any number of times and in any order, on PostgreSQL.

Stripe's side is the bundled sandbox (the real ``stripe`` client talks to it); its signed events
are held and a rule delivers any pending one, any number of times, while other rules keep moving
money on Stripe's side (payments, settlements, expiries, refunds from the platform and from
Stripe's dashboard, refunds failing, disputes won and lost). An event answered non-2xx stays
pending, as Stripe retries it.

After every step: all accounts sum to zero, every stored balance equals its entries, nothing is
below its floor, each payment, refund, reversal and lost dispute is posted at most once, and each
card holds exactly what its credited top-ups brought minus what was refunded and taken back by
lost disputes. At the end, once every event has been acknowledged, the books equal what Stripe's
final state alone dictates — so they cannot depend on the order of delivery.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import Counter

import pytest
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from heritage_cms.cards import ledger
from heritage_cms.cards.factories import ProductFactory
from heritage_cms.cards.models import Account, Transfer
from heritage_cms.core.money import VND
from heritage_cms.demo.stripe_sandbox import Sandbox, SandboxServer, serving, signature_header
from heritage_cms.payments import books, checkout, refunds
from heritage_cms.payments.models import Payment, Refund

from .conftest import all_at_once, deliver_at_once, new_card, post_event, urls

pytestmark = pytest.mark.postgres

_dispute_ids = itertools.count(1)


class StripeLifecycles(RuleBasedStateMachine):
    payments = Bundle("payments")

    def __init__(self, server: SandboxServer, secret_key: str, webhook_secret: str):
        super().__init__()
        self.atomic = transaction.atomic()  # each example rolled back at teardown
        self.atomic.__enter__()
        self.stripe = Sandbox(secret_key, webhook_secret, deliver=False)
        self.stripe.base_url = server.url
        server.sandbox = self.stripe
        self.client = Client()
        self.cards = [new_card(), new_card()]
        self.product = ProductFactory(
            code=f"lifecycle-{self.cards[0].pk}",
            name="Đại Nội · 大内 · 大内 · 대내",
            kind="single_site",
            sites=["dai-noi"],
            price=VND(150_000),
        )
        self.pending: list[tuple[bytes, str]] = []
        self.delivered: list[bytes] = []
        self.disputed: set[str] = set()

    def teardown(self) -> None:
        try:
            self._deliver_everything()
            self._books_follow_from_stripe_alone()
        finally:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

    # --- the payer and Stripe -------------------------------------------------------------
    def _held(self) -> None:
        self.pending.extend(self.stripe.outbox)
        self.stripe.outbox.clear()

    @rule(
        target=payments,
        card=st.integers(0, 1),
        kind=st.sampled_from(["top_up", "purchase"]),
        amount=st.sampled_from([50_000, 120_000, 400_000]),
    )
    def open_checkout(self, card, kind, amount):
        if kind == "top_up":
            return checkout.start_top_up(self.cards[card], amount, urls, "vi")
        return checkout.start_purchase(self.cards[card], self.product, urls, "ja")

    @rule(payment=payments, method=st.sampled_from(["card", "card", "bank_transfer"]))
    def pay(self, payment, method):
        self.stripe.pay(payment.stripe_session_id, method)
        self._held()

    @rule(payment=payments, succeeded=st.booleans())
    def settle(self, payment, succeeded):
        session = self.stripe.sessions[payment.stripe_session_id]
        intent = self.stripe.intents.get(session["payment_intent"] or "")
        if intent and intent["status"] == "processing":
            self.stripe.settle(payment.stripe_session_id, succeeded)
            self._held()

    @rule(payment=payments)
    def expire(self, payment):
        if self.stripe.sessions[payment.stripe_session_id]["status"] == "open":
            self.stripe.expire(payment.stripe_session_id)
            self._held()

    def _charge(self, payment) -> dict | None:
        intent = self.stripe.sessions[payment.stripe_session_id]["payment_intent"]
        charge_id = self.stripe.intents[intent]["latest_charge"] if intent else None
        return self.stripe.charges[charge_id] if charge_id else None

    @rule(payment=payments, share=st.sampled_from([0.3, 1.0]))
    def refund_from_the_platform(self, payment, share):
        payment.refresh_from_db()
        charge = self._charge(payment)
        if charge is None or charge["id"] in self.disputed:
            return
        with contextlib.suppress(refunds.RefundError):  # refused: the books are as they were
            refunds.refund_payment(payment, max(1, int(payment.refundable.amount * share)), "test")
        self._held()

    @rule(payment=payments, share=st.sampled_from([0.25, 1.0]))
    def refund_in_the_stripe_dashboard(self, payment, share):
        charge = self._charge(payment)
        if charge is None or charge["id"] in self.disputed:
            return
        left = charge["amount"] - charge["amount_refunded"]
        if left > 0:
            self.stripe.create_refund(
                {"charge": charge["id"], "amount": str(max(1, int(left * share)))}
            )
            self._held()

    @rule(data=st.data(), status=st.sampled_from(["failed", "canceled"]))
    def a_refund_fails_at_the_bank(self, data, status):
        done = [r for r in self.stripe.refunds.values() if r["status"] == "succeeded"]
        if done:
            self.stripe.fail_refund(data.draw(st.sampled_from(done))["id"], status)
            self._held()

    @rule(payment=payments, won=st.booleans())
    def dispute(self, payment, won):
        charge = self._charge(payment)
        if charge is None or charge["id"] in self.disputed:
            return
        left = charge["amount"] - charge["amount_refunded"]
        if left <= 0:
            return
        self.disputed.add(charge["id"])
        opened = self.stripe.dispute(charge["payment_intent"])
        opened = dict(opened, id=f"dp_test_{next(_dispute_ids)}", amount=left)
        self.stripe.outbox.pop()  # re-announced below with Stripe's amount (what is left)
        self.stripe.emit("charge.dispute.created", opened)
        self.stripe.close_dispute(opened, won)
        self._held()

    # --- delivery -------------------------------------------------------------------------
    def _post(self, body: bytes) -> int:
        answer = post_event(self.client, body, signature_header(body, self.stripe.webhook_secret))
        assert answer.status_code in (200, 409), answer.content
        return answer.status_code

    @precondition(lambda self: self.pending)
    @rule(data=st.data(), times=st.integers(1, 2))
    def deliver(self, data, times):
        body, _signature = self.pending[data.draw(st.integers(0, len(self.pending) - 1))]
        codes = [self._post(body) for _ in range(times)]
        if 200 in codes:
            self.pending.remove((body, _signature))
            self.delivered.append(body)

    @precondition(lambda self: self.delivered)
    @rule(data=st.data())
    def deliver_again(self, data):
        body = data.draw(st.sampled_from(self.delivered))
        assert self._post(body) == 200

    def _deliver_everything(self) -> None:
        for _round in range(5):  # Stripe retries until each is acknowledged
            for item in list(self.pending):
                if self._post(item[0]) == 200:
                    self.pending.remove(item)
            if not self.pending:
                return
        raise AssertionError(f"{len(self.pending)} events never acknowledged")

    # --- what must always hold ------------------------------------------------------------
    @invariant()
    def all_accounts_sum_to_zero_and_balances_equal_entries(self):
        assert ledger.total_of_all_accounts() == VND(0)
        for account in Account.objects.all():
            assert account.balance == ledger.derived_balance(account), account
            if account.floor is not None:
                assert account.balance >= account.floor, account

    @invariant()
    def nothing_is_applied_twice(self):
        keys = Counter(Transfer.objects.values_list("idempotency_key", flat=True))
        assert all(n == 1 for n in keys.values())
        for payment in Payment.objects.filter(card__in=self.cards):
            assert (payment.transfer_id is not None) == (payment.status == Payment.Status.PAID)
        for refund in Refund.objects.filter(payment__card__in=self.cards):
            assert not (refund.reversal_id and refund.status != Refund.Status.FAILED)

    @invariant()
    def each_card_holds_paid_minus_refunded_minus_disputes_lost(self):
        for card in self.cards:
            card.account.refresh_from_db()
            top_ups = Payment.objects.filter(card=card, kind=Payment.Kind.TOP_UP)
            paid = sum(p.amount.amount for p in top_ups.filter(status=Payment.Status.PAID))
            refunded = sum(
                r.amount.amount
                for r in Refund.objects.filter(
                    payment__in=top_ups, transfer__isnull=False, reversal__isnull=True
                )
            )
            lost = sum(
                -entry.amount.amount
                for p in top_ups.filter(dispute_transfer__isnull=False)
                for entry in p.dispute_transfer.entries.filter(account=card.account)
            )
            assert card.balance == VND(paid - refunded - lost), card

    # --- the end: Stripe's final state alone fixes the books --------------------------------
    def _books_follow_from_stripe_alone(self) -> None:
        stripe = self.stripe
        refunded_on: Counter[str] = Counter()
        for r in stripe.refunds.values():
            if r["status"] in ("succeeded", "pending"):
                refunded_on[r["payment_intent"]] += r["amount"]
        lost_on = Counter(
            {
                json_event["data"]["object"]["payment_intent"]: json_event["data"]["object"][
                    "amount"
                ]
                for json_event in stripe.events
                if json_event["type"] == "charge.dispute.closed"
                and json_event["data"]["object"]["status"] == "lost"
            }
        )
        expected = Counter()
        for payment in Payment.objects.filter(card__in=self.cards):
            session = stripe.sessions[payment.stripe_session_id]
            is_paid = session["payment_status"] == "paid"
            assert (payment.status == Payment.Status.PAID) == is_paid, payment
            if not is_paid:
                continue
            intent = session["payment_intent"]
            kept = payment.amount.amount - refunded_on[intent] - lost_on[intent]
            holder = payment.card.account.name if payment.kind == "top_up" else books.PASS_SALES
            expected[holder] += kept
            expected[books.PAYMENTS] -= payment.amount.amount
            expected[books.REFUNDS] += refunded_on[intent]
            expected[books.DISPUTES] += lost_on[intent]
            assert payment.amount_refunded.amount == refunded_on[intent], payment
        actual = Counter(
            {
                a.name: a.balance.amount
                for a in Account.objects.filter(
                    name__in=[c.account.name for c in self.cards]
                    + [books.PASS_SALES, books.PAYMENTS, books.REFUNDS, books.DISPUTES]
                )
            }
        )
        assert +actual == +expected  # ``+`` drops zero entries
        assert books.account(books.LOSSES).balance == VND(0), "no card was spent here"


@pytest.fixture
def sandbox_server(settings):
    with serving(settings) as server:
        yield server


def test_random_stripe_lifecycles_keep_the_books_whole_on_postgres(db, sandbox_server, settings):
    if connection.vendor != "postgresql":
        pytest.skip("run with DATABASE_URL=postgres://…")
    run_state_machine_as_test(
        lambda: StripeLifecycles(
            sandbox_server, settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET
        ),
        settings=settings_for_ci,
    )


settings_for_ci = settings(
    max_examples=15,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db(transaction=True)
def test_a_refund_its_failure_and_the_completion_delivered_at_once_on_postgres(sandbox):
    """Threads deliver a payment's completion, its partial refund and that refund's failure,
    each three times, all at once: the card ends with the whole payment, posted once."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: run with DATABASE_URL=postgres://…")
    card = new_card()
    payment = checkout.start_top_up(card, 300_000, urls, "vi")
    sandbox.pay(payment.stripe_session_id)
    intent = sandbox.sessions[payment.stripe_session_id]["payment_intent"]
    refund = sandbox.create_refund({"payment_intent": intent, "amount": "100000"})
    sandbox.fail_refund(refund["id"])
    events = list(sandbox.outbox) * 3
    answers = deliver_at_once(events)
    assert set(answers) <= {200, 409}
    for body, _signature in sandbox.outbox:  # Stripe retries; a second delivery is harmless
        post_event(Client(), body, signature_header(body, sandbox.webhook_secret))
    card.account.refresh_from_db()
    assert card.balance == VND(300_000)
    assert Transfer.objects.filter(idempotency_key=f"payment:{payment.reference}").count() == 1
    assert ledger.total_of_all_accounts() == VND(0)


@pytest.mark.django_db(transaction=True)
def test_checkouts_opened_at_once_on_one_card_never_reserve_past_its_maximum(sandbox):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: run with DATABASE_URL=postgres://…")
    card = new_card()
    opened: list[int] = []
    refused: list[str] = []

    def open_one() -> None:
        try:
            payment = checkout.start_top_up(card, 4_000_000, urls, "ko")
            opened.append(payment.pk)
        except checkout.CheckoutError as error:
            refused.append(str(error))

    all_at_once([open_one] * 4)
    assert len(opened) == 2 and len(refused) == 2  # two of 4 000 000 fit under 10 000 000
    assert checkout.reserved(card) == 8_000_000
