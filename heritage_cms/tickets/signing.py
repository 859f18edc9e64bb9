"""Signing e-ticket QR codes (docs/tickets.md): ``HT1.<payload>.<signature>``, Ed25519.

The private keys live only in the server's settings (``TICKET_SIGNING_KEYS``); gates receive the
public halves in their snapshot (:func:`public_keys`) and verify offline. The payload is compact
JSON with sorted keys, and the signature covers the ASCII bytes ``HT1.<payload>``, so the version
prefix cannot be swapped. :func:`verify` is the server's own reading (tests, the card page's
"attach a ticket"): the gate library's own reader and check (``cardreader_service.read_ticket``),
so the format has one owner and the server never accepts what a gate would refuse.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import date
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cardreader_service import Ticket, TicketError, read_ticket, ticket_verifies

PREFIX = "HT1"
MAX_LENGTH = 512
KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,16}")


class TicketUnreadable(ValueError):
    """Not a ticket this server signed: bad shape, unknown key, or a signature that fails."""


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


@lru_cache(maxsize=8)
def _private_keys(configured: tuple[tuple[str, str], ...]) -> dict[str, Ed25519PrivateKey]:
    keys = {}
    for key_id, encoded in configured:
        if not KEY_ID.fullmatch(key_id):
            raise ImproperlyConfigured(
                f"TICKET_SIGNING_KEYS: key id {key_id!r} is not 1-16 of A-Za-z0-9_-."
            )
        try:
            text = encoded.replace("+", "-").replace("/", "_").rstrip("=")
            seed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        except (binascii.Error, AttributeError, ValueError):
            seed = b""
        if len(seed) != 32:
            raise ImproperlyConfigured(
                f"TICKET_SIGNING_KEYS[{key_id!r}] must be base64url of 32 random bytes."
            )
        keys[key_id] = Ed25519PrivateKey.from_private_bytes(seed)
    return keys


def private_keys() -> dict[str, Ed25519PrivateKey]:
    configured = settings.TICKET_SIGNING_KEYS
    if not isinstance(configured, dict) or not configured:
        raise ImproperlyConfigured("TICKET_SIGNING_KEYS must be a JSON object {key id: key}.")
    return _private_keys(tuple(sorted(configured.items())))


def current_key_id() -> str:
    key_id = settings.TICKET_SIGNING_KEY_ID
    if key_id not in private_keys():
        raise ImproperlyConfigured("TICKET_SIGNING_KEY_ID names no key in TICKET_SIGNING_KEYS.")
    return key_id


def public_keys() -> list[dict[str, str]]:
    """The snapshot's ``ticket_keys``: key id and the 32 raw public bytes, base64url."""
    return [
        {
            "id": key_id,
            "public_key": _b64encode(
                key.public_key().public_bytes(
                    serialization.Encoding.Raw, serialization.PublicFormat.Raw
                )
            ),
        }
        for key_id, key in sorted(private_keys().items())
    ]


def sign(code: str, product: str, fare_type: str, valid_from: date, valid_until: date) -> str:
    """The QR text for one visitor's ticket, signed with the current key."""
    key_id = current_key_id()
    payload = {
        "a": valid_from.isoformat(),
        "b": valid_until.isoformat(),
        "f": fare_type,
        "k": key_id,
        "p": product,
        "t": code,
    }
    body = _b64encode(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    signed = f"{PREFIX}.{body}"
    signature = private_keys()[key_id].sign(signed.encode("ascii"))
    text = f"{signed}.{_b64encode(signature)}"
    if len(text) > MAX_LENGTH:
        raise ValueError("ticket text longer than the contract's 512 characters")
    return text


def verify(text: str, keys: list[dict[str, str]] | None = None) -> Ticket:
    """The ticket a QR text claims to be, if one of ``keys`` (default: ours) signed it."""
    if not isinstance(text, str):
        raise TicketUnreadable("not an e-ticket")
    try:
        ticket = read_ticket(text)
    except TicketError:
        raise TicketUnreadable("not an e-ticket") from None
    published = {
        key["id"]: key["public_key"] for key in (keys if keys is not None else public_keys())
    }
    if ticket.key_id not in published:
        raise TicketUnreadable("signed with a key we do not know")
    encoded = published[ticket.key_id]
    raw_key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    if not ticket_verifies(ticket, raw_key):
        raise TicketUnreadable("the signature does not match")
    return ticket
