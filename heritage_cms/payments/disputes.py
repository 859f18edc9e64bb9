"""A payer's bank disputing a charge. While open nothing moves; a lost dispute means Stripe took
the money back, so the ledger follows: out of the card (down to its floor) or the pass sale, the
rest to a losses account Finance sees. A won dispute leaves the books as they were.

Everything is keyed by the dispute id, and a dispute's closed status is never stepped back, so
its events may arrive in any order and any number of times.
"""

from __future__ import annotations

from heritage_cms.cards import ledger
from heritage_cms.cards.models import Account, Entitlement, Transfer
from heritage_cms.core.money import VND

from . import audit, books, fulfilment
from .models import Payment
from .refunds import source_account

CLOSED = ("won", "lost", "warning_closed", "prevented")


def apply_dispute(payment: Payment, dispute: dict) -> str:
    """Runs inside the webhook's transaction, the payment row locked."""
    status = str(dispute.get("status") or "")
    first_news = payment.dispute_id != dispute["id"]
    payment.dispute_id = dispute["id"]
    if payment.dispute_status not in CLOSED:
        payment.dispute_status = status[:32]
    if first_news:
        audit.record(
            payment.audit_subject,
            "heritage.payment.dispute",
            dispute=dispute["id"],
            amount=dispute.get("amount"),
            reason=str(dispute.get("reason") or "")[:100],
        )
    message = "dispute recorded for finance"
    if status == "lost" and payment.dispute_transfer_id is None:
        message = _take_back(payment, dispute)
        payment.dispute_status = "lost"
    elif status == "won" and payment.dispute_transfer_id is None:
        audit.record(payment.audit_subject, "heritage.payment.dispute_won", dispute=dispute["id"])
        message = "dispute won: nothing moved"
    payment.save()
    return message


def _take_back(payment: Payment, dispute: dict) -> str:
    amount = dispute.get("amount")
    amount = amount if isinstance(amount, int) and amount > 0 else payment.amount.amount
    amount = min(amount, payment.amount.amount)
    if payment.kind == Payment.Kind.PURCHASE and payment.entitlement_id:
        # Entitlements before accounts, the order cards.ingest locks in.
        pass_ = Entitlement.objects.select_for_update().get(pk=payment.entitlement_id)
        pass_.is_revoked = True
        pass_.save(update_fields=["is_revoked", "updated_at"])
    if (seller := fulfilment.fulfiller(payment.kind)) is not None:
        seller.on_refund(payment, None)  # the money went back: so do its tickets
    source = Account.objects.select_for_update().get(pk=source_account(payment).pk)
    held = amount
    if source.kind == Account.Kind.CARD and source.floor is not None:
        held = max(0, min(amount, source.balance.amount - source.floor.amount))
    legs = [(books.account(books.DISPUTES), VND(amount))]
    if held:
        legs.append((source, VND(-held)))
    if amount - held:
        legs.append((books.account(books.LOSSES), VND(held - amount)))
    payment.dispute_transfer, _created = ledger.post(
        f"dispute-lost:{dispute['id']}",
        Transfer.Kind.ADJUSTMENT,
        legs,
        memo=f"Dispute {dispute['id']} lost on {payment.reference}",
    )
    audit.record(
        payment.audit_subject,
        "heritage.payment.dispute_lost",
        dispute=dispute["id"],
        amount=amount,
        from_card=held,
        loss=amount - held,
    )
    return f"dispute lost: {held} taken back, {amount - held} to losses"
