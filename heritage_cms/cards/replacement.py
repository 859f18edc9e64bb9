"""Lost or stolen cards: block at once (gates pick the card up on their denylist), then move the
balance and passes to a new card by a ledger transfer, never by editing balances."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, ledger
from .access import set_access_code
from .issuing import issue_card
from .models import Account, Card, CardReplacement, Entitlement, Transfer


def current_card(card: Card) -> Card:
    """The card now holding ``card``'s value: value paid for a card that has since been replaced
    goes to its replacement."""
    seen = set()
    while card.replaced_by_id and card.pk not in seen:
        seen.add(card.pk)
        card = Card.objects.select_related("account").get(pk=card.replaced_by_id)
    return card


class ReplacementError(Exception):
    """A message staff can act on."""


def block_card(card: Card, reason: str, user=None) -> Card:
    with transaction.atomic():
        card = Card.objects.select_for_update().get(pk=card.pk)
        if card.status == Card.Status.REPLACED:
            raise ReplacementError(_("This card was already replaced."))
        card.status = Card.Status.BLOCKED
        card.blocked_reason = reason[:200]
        card.save(update_fields=["status", "blocked_reason", "updated_at"])
        audit.record(card, "heritage.card.blocked", user=user, reason=reason)
    return card


def renew_access_code(card: Card, user=None) -> str:
    code = set_access_code(card)
    audit.record(card, "heritage.card.access_code", user=user)
    return code


def replace_card(old: Card, number: str, uid: str, reason: str, user=None) -> tuple[Card, str]:
    """Issue ``number``/``uid`` in place of ``old``; returns the new card and its access code."""
    with transaction.atomic():
        old = Card.objects.select_for_update().get(pk=old.pk)
        if old.status == Card.Status.REPLACED:
            raise ReplacementError(_("This card was already replaced."))
        if (
            Card.objects.filter(number=number).exists()
            or Card.objects.filter(uid=uid.upper()).exists()
        ):
            raise ReplacementError(_("A card with this number or chip UID already exists."))
        # Entitlements before accounts: the order cards.ingest locks in, so no deadlock.
        passes = list(
            Entitlement.objects.select_for_update()
            .filter(card=old, is_revoked=False)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        new = issue_card(number, uid, old.key_version)
        balance = Account.objects.select_for_update().get(pk=old.account_id).balance
        transfer = None
        if balance.amount:
            transfer, _created = ledger.post(
                f"replace:{old.pk}",
                Transfer.Kind.CARD_REPLACEMENT,
                [(old.account, -balance), (new.account, balance)],
                memo=f"{old.number} → {new.number}",
            )
        moved = Entitlement.objects.filter(pk__in=passes).update(
            card=new, updated_at=timezone.now()
        )
        old.status = Card.Status.REPLACED
        old.replaced_by = new
        old.blocked_reason = (reason or old.blocked_reason)[:200]
        old.save(update_fields=["status", "replaced_by", "blocked_reason", "updated_at"])
        CardReplacement.objects.create(
            old_card=old,
            new_card=new,
            balance_moved=balance,
            entitlements_moved=moved,
            transfer=transfer,
            reason=reason,
            done_by=user if user and user.is_authenticated else None,
        )
        audit.record(
            old,
            "heritage.card.replaced",
            user=user,
            new_card=new.number,
            balance=balance.amount,
            passes=moved,
            reason=reason,
        )
    return new, new.access_code
