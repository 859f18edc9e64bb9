"""Putting cards and gates into service: a card gets its stored-value account, a gate its token."""

from django.db import transaction

from heritage_cms.core.money import VND

from . import ledger
from .access import set_access_code
from .models import Account, Card, Gate


@transaction.atomic
def issue_card(number: str, uid: str, key_version: int = 1, access_code: str | None = None) -> Card:
    """Register a personalised card; its account may go as low as a gate may let it offline.

    The card's access code (to print on it) is returned once as ``card.access_code``.
    """
    account = ledger.account(
        f"card:{number}",
        Account.Kind.CARD,
        floor=VND(-Card.OFFLINE_SPENDING_LIMIT),
        new=True,
    )
    card = Card(number=number, uid=uid.upper(), key_version=key_version, account=account)
    card.access_code = set_access_code(card, access_code)
    card.save()
    return card


def rotate_gate_token(gate: Gate) -> str:
    """A new token for the gate (the old one stops working at once); shown once, stored hashed."""
    token = gate.issue_token()
    gate.save(update_fields=["token_hash"])
    return token
