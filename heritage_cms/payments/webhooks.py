"""Stripe's events, applied exactly once, in the same transaction as the event's record.

Stripe delivers at least once, in no guaranteed order, and retries anything that is not 2xx for
days. So: the signature (and its 300 s tolerance) is checked by the stripe library; the event id
is unique in :class:`WebhookEvent`; a payment's status only moves forward; and the ledger
posting is keyed by the payment, so even two different events announcing the same payment
credit it once.

Money moved on a charge (refunds, disputes) may be announced before the session's own event: the
payment is then found through Stripe (payment intent → Checkout Session) and credited first if
Stripe calls it paid; otherwise the answer is 409, so nothing is marked done that moved nothing.
A signed body that is not an event is refused (400) with nothing recorded.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import timedelta

import stripe
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from heritage_cms.cards import ledger
from heritage_cms.cards.models import Card, Entitlement, Transfer
from heritage_cms.cards.payment_port import CARD_BALANCE_MAX
from heritage_cms.cards.replacement import current_card
from heritage_cms.core.money import VND

from . import audit, books, fulfilment, gateway
from .disputes import apply_dispute
from .models import Payment, WebhookEvent
from .refunds import sync_from_stripe

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    status: int
    message: str


class RetryLater(Exception):
    """Not ours to decide yet (e.g. a refund announced before its payment): answer non-2xx, so
    Stripe delivers it again later, and record nothing."""


class NothingMoved(Exception):
    """Acknowledged and recorded with this outcome, but no money moves (a retry would not
    change that, and an endpoint that keeps failing is disabled by Stripe)."""

    def __init__(self, message: str, payment: Payment | None = None):
        super().__init__(message)
        self.payment = payment


class Malformed(ValueError):
    """Signed by Stripe's secret but not the shape of an event: refused, nothing recorded."""


@dataclass
class Found:
    """What Stripe's API said about the payment behind a charge, refund or dispute, asked
    before the transaction opens (so no row lock waits on the network)."""

    intent: str | None = None
    session: dict | None = None  # the Checkout Session that created ``intent``
    refunds: list[dict] | None = None
    foreign: bool = False  # Stripe says no Checkout Session made this payment: not ours


def receive(payload: bytes, signature: str | None) -> Outcome:
    try:
        gateway.verify_signature(payload, signature)
    except stripe.SignatureVerificationError:
        return Outcome(400, "bad signature")
    except UnicodeDecodeError:
        return Outcome(400, "malformed event: not UTF-8")
    try:
        event = parse(payload)
    except Malformed as error:
        return Outcome(400, f"malformed event: {error}")
    try:
        found = _prefetch(event)
    except stripe.StripeError as error:  # Stripe retries a non-2xx later
        logger.warning("webhook %s: could not ask Stripe: %s", event["id"], error)
        return Outcome(503, "could not ask Stripe; retry later")
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
                try:
                    with transaction.atomic():
                        message, payment = handler(event["data"]["object"], found)
                except NothingMoved as nothing:
                    message, payment = str(nothing), nothing.payment
            record.processed_at = timezone.now()
            record.outcome = message
            record.payment = payment
            record.save(update_fields=["processed_at", "outcome", "payment"])
    except RetryLater as later:
        return Outcome(409, str(later))
    return Outcome(200, message)


def parse(payload: bytes) -> dict:
    """The event as a dict, or :class:`Malformed` saying which part is missing."""
    try:
        event = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        raise Malformed("not JSON") from None
    if not isinstance(event, dict):
        raise Malformed("not a JSON object")
    for field in ("id", "type"):
        if not isinstance(event.get(field), str) or not event[field].strip():
            raise Malformed(f"no {field}")
    if len(event["id"]) > 255 or len(event["type"]) > 100:
        raise Malformed("id or type too long")
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        raise Malformed("data.object is not an object")
    obj = data["object"]
    if event["type"] in HANDLERS and not (isinstance(obj.get("id"), str) and obj["id"]):
        raise Malformed("data.object has no id")
    return event


def _ref_id(value) -> str | None:
    """An id Stripe sends either as a string or, expanded, as the object itself."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) and value else None


def _intent_of(obj: dict) -> str | None:
    intent = _ref_id(obj.get("payment_intent"))
    if intent is None and isinstance(obj.get("charge"), dict):
        intent = _ref_id(obj["charge"].get("payment_intent"))
    if intent is None and (charge := _ref_id(obj.get("charge"))):
        intent = gateway.payment_intent_of_charge(charge)
    return intent


def _prefetch(event: dict) -> Found | None:
    """For money moved on a charge: which of our payments it is, even when the session's own
    event has not arrived yet (Stripe lists the sessions by payment intent)."""
    if event["type"] not in CHARGE_EVENTS:
        return None
    obj = event["data"]["object"]
    found = Found(intent=_intent_of(obj))
    if found.intent is None:
        found.foreign = True  # Checkout always pays through a payment intent
        return found
    credited = Payment.objects.filter(
        stripe_payment_intent_id=found.intent, status=Payment.Status.PAID
    ).exists()
    if not credited:
        sessions = gateway.sessions_of(found.intent)
        found.session = sessions[0] if sessions else None
        found.foreign = not sessions
    if event["type"] == "charge.refunded":
        found.refunds = gateway.refunds_of(found.intent)
    return found


# --- checkout sessions ------------------------------------------------------------------------
def _payment_for_session(session: dict) -> Payment | None:
    query = Payment.objects.select_for_update(of=("self",)).select_related("card", "product")
    payment = query.filter(stripe_session_id=session["id"]).first()
    if payment is None and isinstance(session.get("client_reference_id"), str):
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


def _payment_to_credit(session: dict) -> tuple[Payment | None, str | None]:
    """The payment a paid session settles, noted, or why nothing may be credited for it."""
    payment = _payment_for_session(session)
    if payment is None:
        return None, "unknown session: recorded, nothing credited"
    if not _matches(payment, session):
        return payment, "amount or currency differs from our record: nothing credited"
    _note_session(payment, session)
    return payment, None


def session_completed(session: dict, _prefetched) -> tuple[str, Payment | None]:
    payment, refusal = _payment_to_credit(session)
    if refusal is not None:
        return refusal, payment
    if session.get("payment_status") in ("paid", "no_payment_required"):
        return fulfil(payment), payment
    if payment.status not in Payment.FINAL:
        payment.status = Payment.Status.PROCESSING
    payment.save()
    return "awaiting asynchronous payment", payment


def async_succeeded(session: dict, _prefetched) -> tuple[str, Payment | None]:
    payment, refusal = _payment_to_credit(session)
    if refusal is not None:
        return refusal, payment
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


def fulfil(payment: Payment) -> str:
    """Credit the payment once: the card's stored value, or a pass plus pass-sales revenue."""
    if payment.transfer_id:
        return "already credited"
    amount = payment.amount
    memo = f"Stripe {payment.stripe_session_id or payment.reference}"
    if payment.kind == Payment.Kind.TICKETS:
        # No card: the sale is revenue like a pass; the app that sold it issues the tickets.
        legs = [(books.account(books.PAYMENTS), -amount), (books.account(books.PASS_SALES), amount)]
        card = None
        issuer = fulfilment.fulfiller(payment.kind)
        if issuer is None:
            raise RetryLater("no app is installed to issue what this payment bought")
        issuer.on_paid(payment)
    elif payment.kind == Payment.Kind.TOP_UP:
        card = current_card(payment.card)
        legs = [(books.account(books.PAYMENTS), -amount), (card.account, amount)]
    else:
        card = current_card(payment.card)
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
    message = "credited"
    if payment.kind == Payment.Kind.TOP_UP and card is not None:
        message = _flag_over_cap(payment, card)
    payment.save()
    audit.record(
        payment.audit_subject, "heritage.payment.paid", amount=amount.amount, kind=payment.kind
    )
    return message


def _flag_over_cap(payment: Payment, card: Card) -> str:
    """The money was taken, so it is credited; what lies beyond the card's maximum is flagged
    for Finance to refund (one click on the payment's page)."""
    card.account.refresh_from_db(fields=["balance"])  # locked by the posting until commit
    beyond = min(card.account.balance.amount - CARD_BALANCE_MAX, payment.amount.amount)
    if beyond <= 0:
        return "credited"
    payment.over_cap = VND(beyond)
    audit.record(payment.audit_subject, "heritage.payment.over_cap", amount=beyond)
    return "credited; over the card's maximum, flagged for finance"


# --- charges, refunds and disputes ----------------------------------------------------------
def _payment_for_intent(pi: str | None) -> Payment | None:
    if not pi:
        return None
    return (
        Payment.objects.select_for_update(of=("self",))
        .select_related("card", "product")
        .filter(stripe_payment_intent_id=pi)
        .first()
    )


def _credited_payment(found: Found) -> Payment | None:
    """The paid payment behind a charge, crediting it first from the session Stripe listed if
    its own event is still on the way; None if it is not ours. Raises :class:`RetryLater` while
    Stripe itself does not call it paid, so nothing is marked done that moved nothing."""
    payment = _payment_for_intent(found.intent)
    if payment is None and found.session is not None:
        payment = _payment_for_session(found.session)
    if payment is None:
        if found.foreign or found.session is not None:
            return None
        raise RetryLater("payment not known yet; retry later")
    if payment.status == Payment.Status.PAID:
        return payment
    session = found.session
    if session is not None and session.get("payment_status") == "paid":
        if not _matches(payment, session):  # retrying would never change this: Finance looks
            raise NothingMoved("amount or currency differs from our record: nothing moved", payment)
        _note_session(payment, session)
        fulfil(payment)
        return payment
    raise RetryLater("money moved on a payment Stripe has not called paid yet; retry later")


NOT_OURS = "not one of our payments: recorded, nothing moved"


def charge_refunded(charge: dict, found: Found) -> tuple[str, Payment | None]:
    payment = _credited_payment(found)
    if payment is None:
        return NOT_OURS, None
    return sync_from_stripe(payment, found.refunds or []), payment


def refund_changed(refund: dict, found: Found) -> tuple[str, Payment | None]:
    """``refund.*`` and ``charge.refund.updated``: a refund made, settled, failed or canceled."""
    payment = _credited_payment(found)
    if payment is None:
        return NOT_OURS, None
    return sync_from_stripe(payment, [refund]), payment


def dispute_changed(dispute: dict, found: Found) -> tuple[str, Payment | None]:
    payment = _credited_payment(found)
    if payment is None:
        return "not one of our payments: dispute recorded", None
    return apply_dispute(payment, dispute), payment


SESSION_HANDLERS = (session_completed, async_succeeded, async_failed, session_expired)
HANDLERS = {
    "checkout.session.completed": session_completed,
    "checkout.session.async_payment_succeeded": async_succeeded,
    "checkout.session.async_payment_failed": async_failed,
    "checkout.session.expired": session_expired,
    "charge.refunded": charge_refunded,
    "charge.refund.updated": refund_changed,
    "refund.created": refund_changed,
    "refund.updated": refund_changed,
    "refund.failed": refund_changed,
    "charge.dispute.created": dispute_changed,
    "charge.dispute.updated": dispute_changed,
    "charge.dispute.closed": dispute_changed,
    "charge.dispute.funds_withdrawn": dispute_changed,
    "charge.dispute.funds_reinstated": dispute_changed,
}
CHARGE_EVENTS = frozenset(
    name for name, handler in HANDLERS.items() if handler not in SESSION_HANDLERS
)
