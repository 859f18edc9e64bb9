"""Stripe's events in the orders the happy path never uses, built from Stripe's own fixture
shapes: refunds before completion, refunds that fail later, disputes, and signed bodies that are
not events. Money is never lost and nothing is applied twice."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from heritage_cms.cards import ledger
from heritage_cms.cards.models import Account, Transfer
from heritage_cms.core.money import VND
from heritage_cms.payments import books, checkout, refunds
from heritage_cms.payments.models import Payment, Refund, WebhookEvent

from . import stripe_shapes as shapes
from .conftest import post_event, start_top_up

pytestmark = pytest.mark.django_db


def balance(card) -> VND:
    card.account.refresh_from_db()
    return card.balance


def books_are_whole() -> None:
    assert ledger.total_of_all_accounts() == VND(0)
    for account in Account.objects.all():
        assert account.balance == ledger.derived_balance(account), account


def snapshot() -> dict[str, int]:
    return {a.name: a.balance.amount for a in Account.objects.all()}


def paid(sandbox, card, amount=100_000) -> tuple[Payment, str]:
    """A top-up Stripe has charged; its checkout.session.completed not delivered yet."""
    payment = start_top_up(card, amount)
    sandbox.pay(payment.stripe_session_id)
    sandbox.outbox.clear()
    return payment, sandbox.sessions[payment.stripe_session_id]["payment_intent"]


def complete(client, sandbox, payment):
    return shapes.send(
        client, "checkout.session.completed", shapes.session(sandbox, payment.stripe_session_id)
    )


def credited(client, sandbox, card, amount=100_000) -> tuple[Payment, str]:
    payment, intent = paid(sandbox, card, amount)
    assert complete(client, sandbox, payment).content == b"credited"
    payment.refresh_from_db()
    return payment, intent


# --- defect 3: signed, but not an event --------------------------------------------------------
MALFORMED = {
    "a list": b"[]",
    "null": b"null",
    "a number": b"7",
    "data without object": json.dumps({"id": "evt_x", "type": "charge.refunded", "data": {}}),
    "no id": json.dumps({"type": "charge.refunded", "data": {"object": {"id": "ch_1"}}}),
    "no type": json.dumps({"id": "evt_x", "data": {"object": {"id": "ch_1"}}}),
    "id a number": json.dumps({"id": 5, "type": "x.y", "data": {"object": {}}}),
    "object a string": json.dumps(
        {"id": "evt_x", "type": "checkout.session.completed", "data": {"object": "cs_1"}}
    ),
    "object a list": json.dumps(
        {"id": "evt_x", "type": "charge.refunded", "data": {"object": [{"id": "ch_1"}]}}
    ),
    "object without id": json.dumps(
        {"id": "evt_x", "type": "checkout.session.completed", "data": {"object": {}}}
    ),
    "not UTF-8": b'{"id": "evt_\xff"}',
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_signed_body_that_is_not_an_event_is_refused_and_nothing_recorded(client, body):
    raw = body if isinstance(body, bytes) else body.encode()
    answer = post_event(client, *shapes.signed(raw))
    assert answer.status_code == 400
    assert answer.content.startswith(b"malformed event: ")
    assert b"Traceback" not in answer.content and b"/" not in answer.content
    assert not WebhookEvent.objects.exists() and not Transfer.objects.exists()


# --- defect 1: a refund announced before the payment's completion -----------------------------
def test_a_full_refund_before_completion_credits_then_refunds(client, sandbox, card):
    payment, intent = paid(sandbox, card)
    sandbox.create_refund({"payment_intent": intent})
    early = shapes.send(client, "charge.refunded", shapes.charge(sandbox, intent))
    assert early.status_code == 200, early.content
    assert complete(client, sandbox, payment).content == b"already credited"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.amount_refunded == VND(100_000)
    [refund] = Refund.objects.all()
    assert refund.status == Refund.Status.SUCCEEDED and refund.amount == VND(100_000)
    assert balance(card) == VND(0), "Stripe gave the money back: the card must not keep it"
    assert books.account(books.REFUNDS).balance == VND(100_000)
    books_are_whole()


def test_a_refund_on_a_charge_found_only_through_its_charge_id(client, sandbox, card):
    """Stripe's refund fixture carries the charge and no payment intent."""
    payment, intent = paid(sandbox, card)
    answer = sandbox.create_refund({"payment_intent": intent, "amount": "30000"})
    sandbox.outbox.clear()
    shaped = shapes.refund(sandbox, answer["id"]) | {"payment_intent": None}
    assert shapes.send(client, "refund.created", shaped).status_code == 200
    complete(client, sandbox, payment)
    assert balance(card) == VND(70_000)
    books_are_whole()


def test_a_refund_while_stripe_still_calls_the_payment_unpaid_is_retried(client, sandbox, card):
    payment, intent = paid(sandbox, card)
    sandbox.create_refund({"payment_intent": intent})
    sandbox.sessions[payment.stripe_session_id]["payment_status"] = "unpaid"  # not settled
    early = shapes.send(client, "charge.refunded", shapes.charge(sandbox, intent))
    assert early.status_code == 409 and not WebhookEvent.objects.exists()
    assert balance(card) == VND(0) and not Transfer.objects.exists()


def test_a_refund_on_a_charge_that_is_not_ours_is_acknowledged(client, sandbox, card):
    foreign = sandbox.create_session(
        {
            "mode": "payment",
            "success_url": "https://elsewhere.example/ok",
            "line_items": [{"price_data": {"currency": "vnd", "unit_amount": "500000"}}],
        }
    )
    sandbox.pay(foreign["id"])
    intent = sandbox.sessions[foreign["id"]]["payment_intent"]
    sandbox.create_refund({"payment_intent": intent})
    answer = shapes.send(client, "charge.refunded", shapes.charge(sandbox, intent))
    assert answer.status_code == 200 and answer.content.startswith(b"not one of our payments")
    assert not Transfer.objects.exists()


def test_stripe_unreachable_while_resolving_answers_503_and_records_nothing(
    client, sandbox, card, settings
):
    _payment, intent = paid(sandbox, card)
    shaped = shapes.charge(sandbox, intent)
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens
    answer = shapes.send(client, "charge.refunded", shaped)
    assert answer.status_code == 503 and not WebhookEvent.objects.exists()
    assert b"127.0.0.1" not in answer.content and b"Traceback" not in answer.content


# --- defect 2: a refund that fails later --------------------------------------------------------
@pytest.mark.parametrize(
    ("type_", "status"),
    [
        ("charge.refund.updated", "failed"),
        ("refund.updated", "canceled"),
        ("refund.failed", "failed"),
    ],
)
def test_a_refund_that_fails_later_puts_the_value_back_on_the_card(
    client, sandbox, card, type_, status
):
    payment, _intent = credited(client, sandbox, card)
    refund = refunds.refund_payment(payment, 40_000, "Changed plans")
    sandbox.outbox.clear()
    assert balance(card) == VND(60_000)
    sandbox.refunds[refund.stripe_refund_id]["status"] = status
    shaped = shapes.refund(sandbox, refund.stripe_refund_id)
    answer = shapes.send(client, type_, shaped)
    assert answer.status_code == 200 and b"1 failed and reversed" in answer.content
    assert balance(card) == VND(100_000)
    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == Refund.Status.FAILED and refund.reversal_id
    assert payment.amount_refunded == VND(0)
    assert books.account(books.REFUNDS).balance == VND(0)
    assert ModelLogEntry.objects.filter(action="heritage.payment.refund_failed").count() == 1
    again = shapes.send(client, type_, shaped)  # another event id, same news
    assert again.status_code == 200 and balance(card) == VND(100_000)
    books_are_whole()


@pytest.mark.parametrize("failure_first", [True, False])
def test_a_dashboard_refund_that_failed_nets_to_nothing_in_either_order(
    client, sandbox, card, failure_first
):
    payment, intent = credited(client, sandbox, card)
    made = sandbox.create_refund({"payment_intent": intent, "amount": "25000"})
    sandbox.outbox.clear()
    refunded = shapes.event("charge.refunded", shapes.charge(sandbox, intent))
    sandbox.fail_refund(made["id"])
    failed = shapes.event("charge.refund.updated", shapes.refund(sandbox, made["id"]))
    before = snapshot()
    for body in [failed, refunded] if failure_first else [refunded, failed]:
        assert post_event(client, *shapes.signed(body)).status_code == 200
    assert snapshot() == before or balance(card) == VND(100_000)
    assert balance(card) == VND(100_000)
    payment.refresh_from_db()
    assert payment.amount_refunded == VND(0)
    books_are_whole()


def test_the_tourist_and_finance_see_a_failed_refund(client, sandbox, card, finance_user):
    from heritage_cms.cards import access

    payment, _intent = credited(client, sandbox, card)
    refund = refunds.refund_payment(payment, 40_000, "Changed plans")
    sandbox.fail_refund(refund.stripe_refund_id)
    sandbox.outbox.clear()
    shapes.send(client, "refund.failed", shapes.refund(sandbox, refund.stripe_refund_id))
    page = client.get(f"/en/card/{access.make_link_token(card)}/")
    assert page.status_code == 200
    assert "did not go through" in page.content.decode()
    client.force_login(finance_user)
    detail = client.get(f"/admin/finance/payments/{payment.pk}/")
    assert detail.status_code == 200 and "Failed" in detail.content.decode()


# --- defect 4: disputes -------------------------------------------------------------------------
def spend(card, amount: int) -> None:
    """Value used at a gate: out of the card to a site's revenue."""
    revenue, _ = Account.objects.get_or_create(
        name="revenue:test-site", defaults={"kind": Account.Kind.REVENUE}
    )
    ledger.post(
        f"spend:{card.pk}:{amount}",
        Transfer.Kind.TAP,
        [(card.account, VND(-amount)), (revenue, VND(amount))],
    )


def test_a_lost_dispute_takes_the_card_to_its_floor_and_the_rest_to_losses(client, sandbox, card):
    payment, intent = credited(client, sandbox, card, 500_000)
    spend(card, 450_000)  # 50 000 left on the card, floor -200 000
    created = shapes.dispute(sandbox, intent, "needs_response", "dp_fx_lost")
    assert shapes.send(client, "charge.dispute.created", created).status_code == 200
    assert balance(card) == VND(50_000), "an open dispute moves nothing"
    lost = shapes.dispute(sandbox, intent, "lost", "dp_fx_lost") | {"payment_intent": None}
    answer = shapes.send(client, "charge.dispute.closed", lost)
    assert answer.status_code == 200 and answer.content.startswith(b"dispute lost")
    card.account.refresh_from_db()
    assert balance(card) == card.account.floor == VND(-200_000)
    assert books.account(books.LOSSES).balance == VND(-250_000)
    assert books.account(books.DISPUTES).balance == VND(500_000)
    shapes.send(client, "charge.dispute.closed", lost)  # again, another event id
    assert books.account(books.DISPUTES).balance == VND(500_000)
    payment.refresh_from_db()
    assert payment.dispute_status == "lost" and payment.dispute_transfer_id
    books_are_whole()


def test_a_won_dispute_leaves_the_books_as_they_were(client, sandbox, card):
    _payment, intent = credited(client, sandbox, card)
    before = snapshot()
    for status, type_ in [
        ("needs_response", "charge.dispute.created"),
        ("under_review", "charge.dispute.updated"),
        ("won", "charge.dispute.closed"),
    ]:
        shaped = shapes.dispute(sandbox, intent, status, "dp_fx_won")
        assert shapes.send(client, type_, shaped).status_code == 200
    assert snapshot() == before
    # A late "lost"-less update after the close does not reopen it.
    shapes.send(
        client,
        "charge.dispute.updated",
        shapes.dispute(sandbox, intent, "under_review", "dp_fx_won"),
    )
    assert Payment.objects.get(stripe_payment_intent_id=intent).dispute_status == "won"


def test_a_lost_dispute_before_completion_credits_then_takes_back(client, sandbox, card):
    payment, intent = paid(sandbox, card)
    lost = shapes.dispute(sandbox, intent, "lost", "dp_fx_early")
    assert shapes.send(client, "charge.dispute.closed", lost).status_code == 200
    complete(client, sandbox, payment)
    assert balance(card) == VND(0)
    assert books.account(books.DISPUTES).balance == VND(100_000)
    books_are_whole()


# --- defect 5: the card's maximum balance -------------------------------------------------------
def test_open_checkouts_are_reserved_against_the_card_maximum(sandbox, card):
    first = start_top_up(card, 5_000_000)
    start_top_up(card, 5_000_000)
    with pytest.raises(checkout.CheckoutError, match="at most"):
        start_top_up(card, 50_000)  # two open sessions already fill the card to its maximum
    sandbox.expire(first.stripe_session_id)
    Payment.objects.filter(pk=first.pk).update(status=Payment.Status.EXPIRED)
    assert start_top_up(card, 50_000).status == Payment.Status.OPEN


def test_an_abandoned_session_stops_holding_the_card_after_a_day(sandbox, card):
    held = start_top_up(card, 5_000_000)
    start_top_up(card, 5_000_000)
    Payment.objects.filter(pk=held.pk).update(created_at=timezone.now() - timedelta(hours=25))
    assert start_top_up(card, 50_000).status == Payment.Status.OPEN


def test_a_payment_landing_over_the_maximum_is_credited_and_finance_refunds_the_excess(
    client, sandbox, card, finance_user
):
    payment, _intent = paid(sandbox, card, 5_000_000)
    # Value reached the card meanwhile by another way (a replaced card's balance, say).
    ledger.post(
        "test:moved-in",
        Transfer.Kind.CARD_REPLACEMENT,
        [(books.account(books.ADJUSTMENTS), VND(-6_000_000)), (card.account, VND(6_000_000))],
    )
    answer = complete(client, sandbox, payment)
    assert answer.status_code == 200 and b"flagged for finance" in answer.content
    assert balance(card) == VND(11_000_000), "the money was taken, so it is credited"
    payment.refresh_from_db()
    assert payment.over_cap == VND(1_000_000)
    client.force_login(finance_user)
    overview = client.get("/admin/finance/?over_cap=1")
    assert overview.status_code == 200
    listed = client.get("/admin/finance/payments/?over_cap=1")
    assert str(payment.reference) in listed.content.decode() or payment.card.number in (
        listed.content.decode()
    )
    page = client.get(f"/admin/finance/payments/{payment.pk}/")
    assert "Refund the excess" in page.content.decode()
    done = client.post(f"/admin/finance/payments/{payment.pk}/", {"refund_over_cap": "1"})
    assert done.status_code == 302
    assert balance(card) == VND(10_000_000)
    payment.refresh_from_db()
    assert payment.over_cap == VND(0) and payment.amount_refunded == VND(1_000_000)
    [refund] = Refund.objects.filter(payment=payment)
    assert refund.status == Refund.Status.SUCCEEDED
    books_are_whole()


def test_a_refund_on_a_payment_whose_amount_differs_is_recorded_not_retried(client, sandbox, card):
    """Retrying could never make it match, and Stripe disables an endpoint that keeps failing."""
    payment, intent = paid(sandbox, card)
    Payment.objects.filter(pk=payment.pk).update(amount=VND(90_000))
    sandbox.create_refund({"payment_intent": intent})
    answer = shapes.send(client, "charge.refunded", shapes.charge(sandbox, intent))
    assert answer.status_code == 200 and b"differs" in answer.content
    assert WebhookEvent.objects.get().payment_id == payment.pk
    assert not Transfer.objects.exists()
