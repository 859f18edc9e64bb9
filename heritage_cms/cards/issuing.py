"""Putting cards and gates into service: a card gets its stored-value account, a gate its token."""

from django.db import transaction

from heritage_cms.core.money import VND

from .models import Account, Card, Gate


@transaction.atomic
def issue_card(number: str, uid: str, key_version: int = 1) -> Card:
    """Register a personalised card; its account may go as low as a gate may let it offline."""
    account = Account.objects.create(
        kind=Account.Kind.CARD,
        name=f"card:{number}",
        floor=VND(-Card.OFFLINE_SPENDING_LIMIT),
    )
    return Card.objects.create(
        number=number, uid=uid.upper(), key_version=key_version, account=account
    )


def rotate_gate_token(gate: Gate) -> str:
    """A new token for the gate (the old one stops working at once); shown once, stored hashed."""
    token = gate.issue_token()
    gate.save(update_fields=["token_hash"])
    return token
