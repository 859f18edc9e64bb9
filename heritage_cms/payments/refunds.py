"""Paying money back through Stripe, mirrored in the ledger.

The value leaves the card (or the pass sales) in the ledger *before* Stripe is asked, under the
account's row lock, so it cannot be spent at a gate and refunded at the same time. If Stripe
refuses, a reversing transfer puts it back; if Stripe cannot be reached, the refund stays
pending and a retry repeats the same idempotency key, so Stripe pays back at most once.
"""

from __future__ import annotations

import stripe
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from heritage_cms.cards import ledger
from heritage_cms.cards.models import Account, Card, Entitlement, Transfer
from heritage_cms.cards.replacement import current_card
from heritage_cms.core.money import VND, format_vnd

from . import audit, books, fulfilment, gateway
from .models import Payment, Refund


def _lock_entitlement(payment: Payment, refund: Refund) -> None:
    """Entitlements before accounts, the order cards.ingest locks in, so the two never
    deadlock."""
    if refund.revoke_entitlement and payment.entitlement_id:
        payment.entitlement = Entitlement.objects.select_for_update().get(pk=payment.entitlement_id)


class RefundError(Exception):
    """A message staff can act on."""


def source_account(payment: Payment) -> Account:
    if payment.kind == Payment.Kind.TOP_UP:
        return current_card(payment.card).account
    return books.account(books.PASS_SALES)


def _debit(payment: Payment, refund: Refund, key: str) -> None:
    """Move the refund's value out of the card or pass sales; card money only down to zero."""
    _lock_entitlement(payment, refund)
    source = Account.objects.select_for_update().get(pk=source_account(payment).pk)
    if source.kind == Account.Kind.CARD and source.balance < refund.amount:
        raise RefundError(
            _("The card holds only %(balance)s, less than %(amount)s: it has been spent.")
            % {"balance": source.balance, "amount": refund.amount}
        )
    transfer, _created = ledger.post(
        key,
        Transfer.Kind.REFUND,
        [(source, -refund.amount), (books.account(books.REFUNDS), refund.amount)],
        memo=f"Refund {refund.reference} of {payment.reference}",
    )
    refund.transfer = transfer
    payment.amount_refunded = payment.amount_refunded + refund.amount
    if refund.revoke_entitlement and payment.entitlement_id:
        payment.entitlement.is_revoked = True
        payment.entitlement.save(update_fields=["is_revoked", "updated_at"])
    if (seller := fulfilment.fulfiller(payment.kind)) is not None:
        seller.on_refund(payment, refund)


def refund_payment(
    payment: Payment, amount: int, reason: str, user=None, revoke_entitlement: bool = False
) -> Refund:
    """A full or partial refund of one paid payment, asked of Stripe with an idempotency key."""
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("card")
            .get(pk=payment.pk)
        )
        if payment.status != Payment.Status.PAID or not payment.stripe_payment_intent_id:
            raise RefundError(_("Only a paid payment can be refunded."))
        if not 0 < amount <= payment.refundable.amount:
            raise RefundError(
                _("Refund between 1 ₫ and %(max)s.")
                % {"max": format_vnd(payment.refundable.amount)}
            )
        refund = Refund.objects.create(
            payment=payment,
            amount=VND(amount),
            reason=reason,
            requested_by=user if user and user.is_authenticated else None,
            revoke_entitlement=revoke_entitlement,
        )
        _debit(payment, refund, f"refund:{refund.reference}")
        refund.save()
        payment.save()
        audit.record(
            payment.audit_subject,
            "heritage.payment.refund",
            user=user,
            amount=amount,
            reason=reason,
            payment=str(payment.reference),
        )
    return submit(refund)


def refund_over_cap(payment: Payment, user=None) -> Refund:
    """Finance's one click for a top-up that landed beyond the card's maximum: pay back exactly
    the excess, and clear the flag."""
    with transaction.atomic():
        flagged = Payment.objects.select_for_update().get(pk=payment.pk)
        excess = min(flagged.over_cap.amount, flagged.refundable.amount)
        if excess <= 0:
            raise RefundError(_("Nothing beyond the card's maximum is left to refund."))
        Payment.objects.filter(pk=payment.pk).update(over_cap=0)
    return refund_payment(payment, excess, _("Beyond the card's maximum balance"), user=user)


def submit(refund: Refund) -> Refund:
    """Ask Stripe (again) for a pending refund; the same key makes a retry safe."""
    payment = refund.payment
    try:
        answer = gateway.create_refund(
            idempotency_key=f"refund:{refund.reference}",
            payment_intent=payment.stripe_payment_intent_id,
            amount=refund.amount.amount,
            metadata={
                "refund_reference": str(refund.reference),
                "payment_reference": str(payment.reference),
            },
        )
    except (stripe.APIConnectionError, stripe.RateLimitError) as error:
        Refund.objects.filter(pk=refund.pk).update(error=str(error)[:500])
        raise RefundError(
            _("Stripe could not be reached; the refund is pending and can be retried.")
        ) from error
    except stripe.StripeError as error:
        _reverse(refund, str(getattr(error, "user_message", None) or error))
        raise RefundError(
            _("Stripe refused the refund (%(error)s); the value was put back.")
            % {"error": getattr(error, "user_message", None) or error}
        ) from error
    return _apply_stripe_refund(refund, answer)


def _apply_stripe_refund(refund: Refund, answer) -> Refund:
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        refund.stripe_refund_id = answer["id"]
        if answer["status"] == "succeeded":
            refund.status = Refund.Status.SUCCEEDED
        elif answer["status"] in ("failed", "canceled"):
            refund.save()
            _reverse(refund, f"Stripe status {answer['status']}")
            return Refund.objects.get(pk=refund.pk)
        refund.save()
    return refund


def _reverse(refund: Refund, error: str, payment: Payment | None = None) -> None:
    """The refund did not happen (refused, failed at the bank, canceled): the value comes back
    to the card or the pass sale by a new transfer, once. ``payment``: already locked by the
    caller, who saves it."""
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if refund.reversal_id or refund.status == Refund.Status.FAILED:
            return
        caller_saves = payment is not None
        if payment is None:
            payment = Payment.objects.select_for_update().get(pk=refund.payment_id)
        if refund.transfer_id:
            _lock_entitlement(payment, refund)
            refund.reversal, _created = ledger.post(
                f"refund-reversal:{refund.reference}",
                Transfer.Kind.ADJUSTMENT,
                [
                    (books.account(books.REFUNDS), -refund.amount),
                    (source_account(payment), refund.amount),
                ],
                memo=f"Refund {refund.reference} did not go through: {error}"[:500],
            )
            if refund.revoke_entitlement and payment.entitlement_id:
                payment.entitlement.is_revoked = False
                payment.entitlement.save(update_fields=["is_revoked", "updated_at"])
            if (seller := fulfilment.fulfiller(payment.kind)) is not None:
                seller.on_refund_reversed(payment, refund)
        payment.amount_refunded = payment.amount_refunded - refund.amount
        if not caller_saves:
            payment.save()
        refund.status = Refund.Status.FAILED
        refund.error = error[:500]
        refund.save()
        audit.record(payment.audit_subject, "heritage.payment.refund_failed", error=error[:200])


GIVEN_UP = ("failed", "canceled")


def sync_from_stripe(payment: Payment, stripe_refunds) -> str:
    """Match Stripe's refunds to ours (``charge.refunded`` lists them all, ``refund.*`` events
    carry one). One made in Stripe's dashboard is mirrored in the ledger once (keyed by its id);
    one that failed or was canceled is reversed once. A refund's status only moves forward
    (pending → succeeded → failed), so stale events change nothing. Runs inside the webhook's
    transaction, ``payment`` locked."""
    mirrored = reversed_ = 0
    for answer in stripe_refunds:
        status, amount = answer.get("status"), answer.get("amount")
        if not isinstance(amount, int) or amount <= 0:
            continue
        reference = (answer.get("metadata") or {}).get("refund_reference")
        refund = Refund.objects.filter(stripe_refund_id=answer["id"]).first()
        if refund is None and isinstance(reference, str):
            try:
                refund = Refund.objects.filter(reference=reference, payment=payment).first()
            except ValidationError:  # not a UUID: not one of ours
                refund = None
        if refund is not None:
            if refund.stripe_refund_id is None:
                refund.stripe_refund_id = answer["id"]
                refund.save(update_fields=["stripe_refund_id", "updated_at"])
            if status in GIVEN_UP and refund.status != Refund.Status.FAILED:
                _reverse(refund, f"Stripe status {status}", payment)
                reversed_ += 1
            elif refund.status == Refund.Status.PENDING and status == "succeeded":
                refund.status = Refund.Status.SUCCEEDED
                refund.save()
            continue
        if status in GIVEN_UP:  # seen first failed: remembered, so nothing ever moves for it
            Refund.objects.create(
                payment=payment,
                amount=VND(amount),
                reason=_("Refunded in the Stripe dashboard"),
                stripe_refund_id=answer["id"],
                status=Refund.Status.FAILED,
                error=f"Stripe status {status}",
            )
            continue
        if status not in ("succeeded", "pending"):
            continue
        refund = Refund(
            payment=payment,
            amount=VND(amount),
            reason=_("Refunded in the Stripe dashboard"),
            stripe_refund_id=answer["id"],
            status=Refund.Status.SUCCEEDED,
        )
        try:
            with transaction.atomic():
                refund.save()
                _debit(payment, refund, f"stripe-refund:{answer['id']}")
                refund.save()
        except (RefundError, ledger.InsufficientFunds) as error:
            refund.pk = None
            refund.transfer = None
            refund.status = Refund.Status.REVIEW
            refund.error = str(error)[:500]
            refund.save()
            payment.amount_refunded = payment.amount_refunded + refund.amount
        mirrored += 1
    payment.save()
    if reversed_:
        return f"refunds in step ({mirrored} new from Stripe, {reversed_} failed and reversed)"
    return f"refunds in step ({mirrored} new from Stripe)"


def refund_card_balance(card: Card, amount: int | None, reason: str, user=None) -> list[Refund]:
    """Pay back a card's unused stored value against its own top-ups, newest first."""
    card.account.refresh_from_db(fields=["balance"])
    available = card.balance.amount
    amount = available if amount is None else amount
    if not 0 < amount <= available:
        raise RefundError(
            _("Refund between 1 ₫ and the card's balance, %(balance)s.")
            % {"balance": format_vnd(max(available, 0))}
        )
    cards, current = [], card
    while current is not None:  # this card and the lost cards it replaced
        cards.append(current)
        current = Card.objects.filter(replaced_by=current).first()
    top_ups = Payment.objects.filter(
        card__in=cards, kind=Payment.Kind.TOP_UP, status=Payment.Status.PAID
    ).order_by("-paid_at")
    plan, left = [], amount
    for payment in top_ups:
        part = min(payment.refundable.amount, left)
        if part > 0:
            plan.append((payment, part))
            left -= part
        if left == 0:
            break
    if left:
        raise RefundError(
            _(
                "Only %(paid)s of this balance was paid by card through Stripe; refund the rest "
                "at a ticket office."
            )
            % {"paid": format_vnd(amount - left)}
        )
    return [refund_payment(payment, part, reason, user) for payment, part in plan]
