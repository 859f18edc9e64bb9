"""E-ticket QR texts for the gate's tests, signed here with a private key each test makes (the
server's signing lives in the CMS); the format is docs/tickets.md's."""

from __future__ import annotations

import base64
import json
from datetime import date
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from .snapshots import TODAY


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def key_row(key_id: str, private: Ed25519PrivateKey) -> dict[str, str]:
    """The snapshot's ``ticket_keys`` row for a private key's public half."""
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"id": key_id, "public_key": b64(raw)}


def sign_payload(private: Ed25519PrivateKey, payload: bytes) -> str:
    body = f"HT1.{b64(payload)}"
    return f"{body}.{b64(private.sign(body.encode('ascii')))}"


def fields(
    code: str = "HT7Q2M9KD4XA",
    key_id: str = "k2026",
    product: str = "dai-noi-1",
    fare_type: str = "adult",
    valid_from: date = TODAY,
    valid_until: date = TODAY,
) -> dict[str, Any]:
    return {
        "k": key_id,
        "t": code,
        "p": product,
        "f": fare_type,
        "a": valid_from.isoformat(),
        "b": valid_until.isoformat(),
    }


def qr(private: Ed25519PrivateKey, **options: Any) -> str:
    """A ticket's QR text, signed by ``private`` (pass ``key_id`` to name which key)."""
    payload = json.dumps(fields(**options), separators=(",", ":"), sort_keys=True)
    return sign_payload(private, payload.encode("utf-8"))
