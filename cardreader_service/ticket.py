"""The e-ticket's QR text (docs/tickets.md): ``HT1.<payload>.<signature>``, read and verified.

The gate verifies offline with the Ed25519 public keys in its snapshot; it never re-serialises
the payload, it verifies the exact bytes it scanned. Reading checks the shape only (cheap, before
any key is looked up); ``ticket_verifies`` checks the signature.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from cardreader_service.errors import CardServiceError

PREFIX: Final = "HT1."
MAX_TEXT: Final = 512  # characters; a longer scan is refused before parsing
SIGNATURE_BYTES: Final = 64
PUBLIC_KEY_BYTES: Final = 32

_BASE64URL = re.compile(r"[A-Za-z0-9_-]+")
KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,16}")
TICKET_CODE = re.compile(r"[A-Z0-9]{10,32}")
_WORD = re.compile(r"[A-Za-z0-9_-]{1,64}")  # product and fare type codes


class TicketError(CardServiceError):
    """A scan that is not a well-formed ticket (before any signature is checked)."""

    code = "unreadable_ticket"
    sentence = "This code is not a heritage e-ticket (or it was scanned only in part)."

    def __init__(self, detail: str) -> None:
        super().__init__("", detail)


@dataclass(frozen=True, slots=True)
class Ticket:
    """A well-formed ticket as scanned: its claims are trusted once ``ticket_verifies`` says so."""

    key_id: str
    code: str
    product: str
    fare_type: str
    valid_from: date
    valid_until: date
    signed: bytes  # the ASCII bytes "HT1.<payload>" the signature covers
    signature: bytes


def b64url_decode(text: str) -> bytes:
    """Canonical base64url (no padding, unused low bits zero), else a ``ValueError``: one ticket
    has one spelling, so a changed character never decodes to the same bytes."""
    if not _BASE64URL.fullmatch(text):
        raise ValueError("not base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as error:
        raise ValueError(str(error)) from None
    if b64url_encode(data) != text:
        raise ValueError("not canonical base64url")
    return data


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def read_ticket(text: str) -> Ticket:
    """The ticket a scanned text claims to be, or ``TicketError`` saying why it is unreadable."""
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise TicketError(f"{len(text)} characters, more than {MAX_TEXT}")
    if not text.isascii():
        raise TicketError("not ASCII")
    parts = text.split(".")
    if len(parts) != 3 or f"{parts[0]}." != PREFIX:
        raise TicketError("not HT1.<payload>.<signature>")
    try:
        payload = b64url_decode(parts[1])
        signature = b64url_decode(parts[2])
        fields = json.loads(payload.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise TicketError(f"undecodable: {error}") from None
    if len(signature) != SIGNATURE_BYTES:
        raise TicketError(f"signature of {len(signature)} bytes")
    if not isinstance(fields, dict):
        raise TicketError("payload is not an object")
    values = {key: fields.get(key) for key in "ktpfab"}
    if not all(isinstance(value, str) for value in values.values()):
        missing = sorted(key for key, value in values.items() if not isinstance(value, str))
        raise TicketError(f"missing or non-text fields {','.join(missing)}")
    key_id, code, product, fare_type = (str(values[key]) for key in "ktpf")
    for name, value, pattern in (
        ("key id", key_id, KEY_ID),
        ("ticket code", code, TICKET_CODE),
        ("product", product, _WORD),
        ("fare type", fare_type, _WORD),
    ):
        if not pattern.fullmatch(value):
            raise TicketError(f"malformed {name}")
    try:
        valid_from = date.fromisoformat(str(values["a"]))
        valid_until = date.fromisoformat(str(values["b"]))
    except ValueError:
        raise TicketError("malformed validity dates") from None
    if valid_until < valid_from:
        raise TicketError("validity ends before it starts")
    signed = f"{PREFIX}{parts[1]}".encode("ascii")
    return Ticket(key_id, code, product, fare_type, valid_from, valid_until, signed, signature)


@lru_cache(maxsize=64)
def public_key(raw: bytes) -> Ed25519PublicKey:
    """The key object for 32 raw bytes, built once per key (a tap only verifies)."""
    return Ed25519PublicKey.from_public_bytes(raw)


def ticket_verifies(ticket: Ticket, raw_public_key: bytes) -> bool:
    """The signature over ``HT1.<payload>`` checks out with this key."""
    try:
        public_key(raw_public_key).verify(ticket.signature, ticket.signed)
    except (InvalidSignature, ValueError):
        return False
    return True
