"""Stripe's events, applied exactly once, in the same transaction as the event's record.

Stripe delivers at least once, in no guaranteed order, and retries anything that is not 2xx for
days. So: the signature (and its 300 s tolerance) is checked by the stripe library; the event id
is unique in :class:`WebhookEvent`; a payment's status only moves forward; and the ledger
posting is keyed by the payment, so even two different events announcing the same payment
credit it once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

import stripe
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from heritage_cms.cards import ledger
from heritage_cms.cards.models import Card, Entitlement, Transfer

from . import audit, books, gateway
from .models import Payment, WebhookEvent


@dataclass(frozen=True)
class Outcome:
    status: int
    message: str


class RetryLater(Exception):
    """Not ours to decide yet (e.g. a refund announced before its payment): answer non-2xx, so
    Stripe delivers it again later, and record nothing."""


def receive(payload: bytes, signature: str | None) -> Outcome:
    try:
        gateway.construct_event(payload, signature)
    except stripe.SignatureVerificationError:
        return Outcome(400, "bad signature")
    except ValueError:
        return Outcome(400, "not JSON")
    event = json.loads(payload)
    try:
        prefetched = _prefetch(event)
    except stripe.StripeError as error:  # Stripe retries a non-2xx later
        return Outcome(503, f"could not ask Stripe: {error}")
    try:
        with transaction.atomic():
            record, _created = WebhookEvent.objects.get_or_create(
                event_id=event["id"], defaults={"type": event["type"], "payload": event}
            )
            record = WebhookEvent.objects.select_for_update().get(pk=record.pk)
            if record.processed_at is not None:
                return Outcome(200, "duplicate")
            handler = HANDLERS.get(event["type"])
            if handler is None:
                message, payment = "ignored: not an event we act on", None
            else:
                message, payment = handler(event["data"]["object"], prefetched)
            record.processed_at = timezone.now()
            record.outcome = message
            record.payment = payment
            record.save(update_fields=["processed_at", "outcome", "payment"])
    except RetryLater as later:
        return Outcome(409, str(later))
    return Outcome(200, message)


def _prefetch(event: dict):
    """Calls to Stripe happen before the transaction opens, so no lock waits on the network."""
    if event["type"] == "charge.refunded":
        pi = event["data"]["object"].get("payment_intent")
        if pi and Payment.objects.filter(stripe_payment_intent_id=pi).exists():
            return gateway.refunds_of(pi)
    return None


# --- checkout sessions ------------------------------------------------------------------------
def _payment_for_session(session: dict) -> Payment | None:
    query = Payment.objects.select_for_update(of=("self",)).select_related("card", "product")
    payment = query.filter(stripe_session_id=session["id"]).first()
    if payment is None and session.get("client_reference_id"):
        try:
            payment = query.filter(reference=session["client_reference_id"]).first()
        except ValidationError:  # not a UUID: not one of ours
            payment = None
        if payment is not None and payment.stripe_session_id not in (None, session["id"]):
            return None  # a reference reused on another session is not trusted
    return payment


def _note_session(payment: Payment, session: dict) -> None:
    payment.stripe_session_id = session["id"]
    if session.get("payment_intent"):
        payment.stripe_payment_intent_id = session["payment_intent"]


def _matches(payment: Payment, session: dict) -> bool:
    return (
        session.get("amount_total") == payment.amount.amount
        and (session.get("currency") or "").lower() == gateway.CURRENCY
    )


def session_completed(session: dict, _prefetched) -> tuple[str, Payment | None]:
    payment = _payment_for_session(session)
    if payment is None:
        return "unknown session: recorded, nothing credited", None
    if not _matches(payment, session):
        return "amount or currency differs from our record: nothing credited", payment
    _note_session(payment, session)
    if session.get("payment_status") in ("paid", "no_payment_required"):
        return fulfil(payment), payment
    if payment.status not in Payment.FINAL:
        payment.status = Payment.Status.PROCESSING
    payment.save()
    return "awaiting asynchronous payment", payment


def async_succeeded(session: dict, _prefetched) -> tuple[str, Payment | None]:
    payment = _payment_for_session(session)
    if payment is None:
        return "unknown session: recorded, nothing credited", None
    if not _matches(payment, session):
        return "amount or currency differs from our record: nothing credited", payment
    _note_session(payment, session)
    return fulfil(payment), payment


def async_failed(session: dict, _prefetched) -> tuple[str, Payment | None]:
    payment = _payment_for_session(session)
    if payment is None:
        return "unknown session: recorded, nothing credited", None
    _note_session(payment, session)
    if payment.status != Payment.Status.PAID:
        payment.status = Payment.Status.FAILED
    payment.save()
    return f"payment {payment.status}", payment


def session_expired(session: dict, _prefetched) -> tuple[str, Payment | None]:
    payment = _payment_for_session(session)
    if payment is None:
        return "unknown session: recorded", None
    if payment.status not in Payment.FINAL:
        payment.status = Payment.Status.EXPIRED
        payment.save()
    return f"payment {payment.status}", payment


def current_card(card: Card) -> Card:
    """Value paid for a card that has since been replaced goes to its replacement."""
    seen = set()
    while card.replaced_by_id and card.pk not in seen:
        seen.add(card.pk)
        card = Card.objects.select_related("account").get(pk=card.replaced_by_id)
    return card


def fulfil(payment: Payment) -> str:
    """Credit the payment once: the card's stored value, or a pass plus pass-sales revenue."""
    if payment.transfer_id:
        return "already credited"
    card = current_card(payment.card)
    amount = payment.amount
    memo = f"Stripe {payment.stripe_session_id or payment.reference}"
    if payment.kind == Payment.Kind.TOP_UP:
        legs = [(books.account(books.PAYMENTS), -amount), (card.account, amount)]
    else:
        legs = [(books.account(books.PAYMENTS), -amount), (books.account(books.PASS_SALES), amount)]
        product = payment.product
        today = timezone.localdate()
        payment.entitlement = Entitlement.objects.create(
            card=card,
            product=product,
            valid_from=today,
            valid_until=today + timedelta(days=max(product.valid_days, 1) - 1),
        )
        memo = f"{product.code} · {memo}"
    transfer, _created = ledger.post(payment.idempotency_key, Transfer.Kind.TOP_UP, legs, memo)
    payment.transfer = transfer
    payment.status = Payment.Status.PAID
    payment.paid_at = timezone.now()
    payment.save()
    audit.record(payment.card, "heritage.payment.paid", amount=amount.amount, kind=payment.kind)
    return "credited"


# --- charges ----------------------------------------------------------------------------------
def _payment_for_intent(pi: str | None) -> Payment | None:
    if not pi:
        return None
    return (
        Payment.objects.select_for_update(of=("self",))
        .select_related("card", "product")
        .filter(stripe_payment_intent_id=pi)
        .first()
    )


def charge_refunded(charge: dict, refunds) -> tuple[str, Payment | None]:
    from .refunds import sync_from_stripe

    payment = _payment_for_intent(charge.get("payment_intent"))
    if payment is None:
        return "unknown payment: recorded, nothing moved", None
    if payment.status != Payment.Status.PAID:
        raise RetryLater("refund announced before the payment was credited; retry later")
    return sync_from_stripe(payment, refunds or []), payment


def dispute_created(dispute: dict, _prefetched) -> tuple[str, Payment | None]:
    payment = _payment_for_intent(dispute.get("payment_intent"))
    if payment is None:
        return "unknown payment: dispute recorded", None
    payment.dispute_id = dispute["id"]
    payment.save(update_fields=["dispute_id", "updated_at"])
    audit.record(
        payment.card,
        "heritage.payment.dispute",
        dispute=dispute["id"],
        amount=dispute.get("amount"),
        reason=dispute.get("reason", ""),
    )
    return "dispute recorded for finance", payment


HANDLERS = {
    "checkout.session.completed": session_completed,
    "checkout.session.async_payment_succeeded": async_succeeded,
    "checkout.session.async_payment_failed": async_failed,
    "checkout.session.expired": session_expired,
    "charge.refunded": charge_refunded,
    "charge.dispute.created": dispute_created,
}
