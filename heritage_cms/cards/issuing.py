"""Putting cards and gates into service: a card gets its stored-value account, a gate its token."""

import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from heritage_cms.core.money import VND

from .models import Account, Card, Gate

# Printed beside the card number; no 0/O, 1/I/L, so it survives being read aloud or retyped.
ACCESS_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ACCESS_CODE_LENGTH = 6


def normalise_access_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def new_access_code() -> str:
    return "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH))


def set_access_code(card: Card, code: str | None = None) -> str:
    """Give the card a (new) access code and return it; only its hash is kept, like a password."""
    code = normalise_access_code(code) if code else new_access_code()
    card.access_code_hash = make_password(code)
    if card.pk:
        card.save(update_fields=["access_code_hash", "updated_at"])
    return code


def check_access_code(card: Card | None, code: str) -> bool:
    """Constant work whether or not the card exists, so timing does not reveal card numbers."""
    if card is None or not card.access_code_hash:
        make_password(code)
        return False
    return check_password(normalise_access_code(code), card.access_code_hash)


@transaction.atomic
def issue_card(number: str, uid: str, key_version: int = 1, access_code: str | None = None) -> Card:
    """Register a personalised card; its account may go as low as a gate may let it offline.

    The card's access code (to print on it) is returned once as ``card.access_code``.
    """
    account = Account.objects.create(
        kind=Account.Kind.CARD,
        name=f"card:{number}",
        floor=VND(-Card.OFFLINE_SPENDING_LIMIT),
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
