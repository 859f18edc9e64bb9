"""Stripe's delivery semantics: signed, at least once, any order. Each payment credits once."""

import json
import time

import pytest
from stripe import WebhookSignature

from heritage_cms.cards import ledger
from heritage_cms.cards.models import Transfer
from heritage_cms.core.money import VND
from heritage_cms.demo.stripe_sandbox import signature_header
from heritage_cms.payments import books, gateway
from heritage_cms.payments.models import Payment, WebhookEvent

from .conftest import deliver, post_event, start_top_up

pytestmark = pytest.mark.django_db


def credited(card) -> VND:
    card.account.refresh_from_db()
    return card.balance


def paid_event(sandbox, card, amount=100_000):
    payment = start_top_up(card, amount)
    sandbox.pay(payment.stripe_session_id)
    [(body, signature)] = sandbox.outbox
    sandbox.outbox.clear()
    return payment, body, signature


def test_the_sandbox_signs_exactly_as_the_stripe_library_expects(settings, sandbox, card):
    _payment, body, signature = paid_event(sandbox, card)
    timestamp = int(signature.split(",")[0].removeprefix("t="))
    expected = WebhookSignature.generate_signature_header(
        body.decode(), settings.STRIPE_WEBHOOK_SECRET, timestamp
    )
    assert signature == expected
    assert gateway.construct_event(body, signature).type == "checkout.session.completed"


def test_a_forged_or_missing_signature_is_refused_and_nothing_recorded(client, sandbox, card):
    _payment, body, _signature = paid_event(sandbox, card)
    assert post_event(client, body, signature_header(body, "whsec_forged")).status_code == 400
    assert post_event(client, body, "t=1,v1=deadbeef").status_code == 400
    assert (
        client.post("/payments/stripe/webhook/", body, content_type="application/json").status_code
        == 400
    )
    tampered = body.replace(b'"amount_total": 100000', b'"amount_total": 900000')
    assert tampered != body
    assert (
        post_event(client, tampered, signature_header(body, "whsec_heritage_sandbox")).status_code
        == 400
    )
    assert not WebhookEvent.objects.exists() and credited(card) == VND(0)
    assert client.get("/payments/stripe/webhook/").status_code == 405


def test_a_replay_older_than_the_300_s_tolerance_is_refused(client, settings, sandbox, card):
    _payment, body, _signature = paid_event(sandbox, card)
    secret = settings.STRIPE_WEBHOOK_SECRET
    stale = signature_header(body, secret, int(time.time()) - 301)
    assert post_event(client, body, stale).status_code == 400
    assert credited(card) == VND(0) and not WebhookEvent.objects.exists()
    recent = signature_header(body, secret, int(time.time()) - 290)
    assert post_event(client, body, recent).status_code == 200
    assert credited(card) == VND(100_000)


def test_a_duplicate_delivery_credits_once(client, sandbox, card):
    payment, body, signature = paid_event(sandbox, card)
    first = post_event(client, body, signature)
    again = post_event(client, body, signature_header(body, "whsec_heritage_sandbox"))
    assert (first.status_code, first.content) == (200, b"credited")
    assert (again.status_code, again.content) == (200, b"duplicate")
    assert credited(card) == VND(100_000)
    assert WebhookEvent.objects.count() == 1
    assert Transfer.objects.filter(idempotency_key=payment.idempotency_key).count() == 1


def test_two_different_events_for_one_payment_credit_it_once(client, sandbox, card):
    """Stripe can send both completed(paid) and, on a retry path, an async success."""
    payment, body, signature = paid_event(sandbox, card)
    assert payment.status == Payment.Status.OPEN
    post_event(client, body, signature)
    event = json.loads(body)
    event["id"] = "evt_test_other"
    event["type"] = "checkout.session.async_payment_succeeded"
    other = json.dumps(event).encode()
    answer = post_event(client, other, signature_header(other, "whsec_heritage_sandbox"))
    assert answer.content == b"already credited"
    assert credited(card) == VND(100_000)
    assert Transfer.objects.filter(idempotency_key=payment.idempotency_key).count() == 1
    assert ledger.total_of_all_accounts() == VND(0)


def test_async_payment_success_arriving_before_completed(client, sandbox, card):
    payment = start_top_up(card, 300_000)
    sandbox.pay(payment.stripe_session_id, "bank_transfer")
    sandbox.settle(payment.stripe_session_id, succeeded=True)
    answers = deliver(client, sandbox, order=[1, 0])  # succeeded first, completed(unpaid) last
    assert [a.content for a in answers] == [b"credited", b"awaiting asynchronous payment"]
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID, "a late 'unpaid' must not step back"
    assert credited(card) == VND(300_000)


def test_async_payment_in_order_waits_then_credits(client, sandbox, card):
    payment = start_top_up(card, 300_000)
    sandbox.pay(payment.stripe_session_id, "bank_transfer")
    [answer] = deliver(client, sandbox)
    assert answer.content == b"awaiting asynchronous payment"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PROCESSING and credited(card) == VND(0)
    assert gateway.retrieve_checkout_session(payment.stripe_session_id).payment_status == "unpaid"
    sandbox.settle(payment.stripe_session_id, succeeded=True)
    deliver(client, sandbox)
    assert credited(card) == VND(300_000)


@pytest.mark.parametrize("order", [[0, 1], [1, 0]])
def test_a_failed_async_payment_credits_nothing_in_any_order(client, sandbox, card, order):
    payment = start_top_up(card, 300_000)
    sandbox.pay(payment.stripe_session_id, "bank_transfer")
    sandbox.settle(payment.stripe_session_id, succeeded=False)
    assert all(a.status_code == 200 for a in deliver(client, sandbox, order=order))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED and credited(card) == VND(0)
    assert not Transfer.objects.filter(idempotency_key=payment.idempotency_key).exists()


def test_an_unknown_session_is_recorded_and_credits_nothing(client, sandbox, card):
    session = sandbox.create_session(
        {
            "mode": "payment",
            "success_url": "https://elsewhere.example/ok",
            "client_reference_id": "not-one-of-ours",
            "line_items": [{"price_data": {"currency": "vnd", "unit_amount": "500000"}}],
        }
    )
    sandbox.pay(session["id"])
    [answer] = deliver(client, sandbox)
    assert answer.status_code == 200  # acknowledged, so Stripe stops retrying
    event = WebhookEvent.objects.get()
    assert event.outcome.startswith("unknown session") and event.payment is None
    assert Transfer.objects.count() == 0 and ledger.total_of_all_accounts() == VND(0)


def test_a_session_whose_amount_differs_from_our_record_is_not_credited(client, sandbox, card):
    payment = start_top_up(card, 100_000)
    sandbox.sessions[payment.stripe_session_id]["amount_total"] = 1_000  # not what we asked
    sandbox.pay(payment.stripe_session_id)
    [answer] = deliver(client, sandbox)
    assert answer.status_code == 200 and b"differs" in answer.content
    assert credited(card) == VND(0)


def test_a_webhook_racing_the_session_creation_finds_the_payment_by_reference(
    client, sandbox, card
):
    payment = start_top_up(card, 100_000)
    session_id = payment.stripe_session_id
    Payment.objects.filter(pk=payment.pk).update(stripe_session_id=None, status="created")
    sandbox.pay(session_id)
    deliver(client, sandbox)
    payment.refresh_from_db()
    assert payment.stripe_session_id == session_id and payment.status == Payment.Status.PAID


def test_a_refund_announced_before_its_payment_credits_it_then_refunds(client, sandbox, card):
    """The session is found through Stripe's API by the payment intent, so the order of the two
    events does not matter."""
    payment = start_top_up(card, 100_000)
    sandbox.pay(payment.stripe_session_id)
    completed = sandbox.outbox.pop()
    sandbox.create_refund(
        {"payment_intent": sandbox.sessions[payment.stripe_session_id]["payment_intent"]}
    )
    [early] = deliver(client, sandbox)
    assert early.status_code == 200
    assert post_event(client, *completed).content == b"already credited"
    assert credited(card) == VND(0)
    assert books.account(books.REFUNDS).balance == VND(100_000)


def test_a_dispute_is_recorded_for_finance(client, sandbox, card):
    payment, body, signature = paid_event(sandbox, card)
    post_event(client, body, signature)
    payment.refresh_from_db()
    dispute = sandbox.dispute(payment.stripe_payment_intent_id)
    [answer] = deliver(client, sandbox)
    assert answer.content == b"dispute recorded for finance"
    payment.refresh_from_db()
    assert payment.dispute_id == dispute["id"]
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="heritage.payment.dispute").count() == 1


def test_events_we_do_not_act_on_are_acknowledged(client, sandbox, card):
    event = sandbox.emit("customer.created", {"id": "cus_test_1", "object": "customer"})
    [answer] = deliver(client, sandbox)
    assert answer.status_code == 200
    assert WebhookEvent.objects.get(event_id=event["id"]).outcome.startswith("ignored")
    assert books.account(books.PAYMENTS).balance == VND(0)
