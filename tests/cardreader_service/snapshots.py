"""Snapshot payloads in the gate API's wire format, for the daemon's unit tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from cardreader_service.card import CardRead
from cardreader_service.profile import CardInfo

# A Tuesday, 10:00 in Huế (03:00 UTC).
NOW = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)
SITE = "dai-noi"
FARE = 200_000
LIMIT = 200_000
UID = "04A1B2C3D4E5F6"
NUMBER = "9704000012345678"


def card(number: str = NUMBER, uid: str = UID, balance: int = 500_000, status: str = "active"):
    return {
        "number": number,
        "uid": uid,
        "status": status,
        "key_version": 1,
        "balance": balance,
        "blocked_reason": "",
    }


def ticket(
    id: int = 1,
    number: str = NUMBER,
    sites: tuple[str, ...] = (SITE,),
    left: int = 1,
    valid_from: date = TODAY,
    valid_until: date = TODAY,
    product: str = "dai-noi-1",
    revoked: bool = False,
) -> dict[str, Any]:
    return {
        "id": id,
        "card_number": number,
        "product": product,
        "valid_from": valid_from.isoformat(),
        "valid_until": valid_until.isoformat(),
        "remaining": {site: left for site in sites},
        "revoked": revoked,
    }


def product(
    code: str = "dai-noi-1",
    sites: tuple[str, ...] = (SITE,),
    entries: int = 1,
    name: str = "Đại Nội ticket",
) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "kind": "single_site" if len(sites) == 1 else "combo",
        "site_codes": list(sites),
        "entries_per_site": entries,
        "valid_days": 1,
    }


def payload(
    cards: list[dict[str, Any]] | None = None,
    entitlements: list[dict[str, Any]] | None = None,
    passages: list[dict[str, Any]] | None = None,
    denylist: list[dict[str, Any]] | None = None,
    direction: str = "entry",
    passback: int = 30,
    fare: int = FARE,
    capacity: int | None = None,
    occupancy: int = 0,
    hours: list[tuple[int, int, str, str]] | None = None,
    last_sequence: int = 0,
    taken_at: datetime = NOW - timedelta(minutes=5),
    incremental: bool = False,
    products: list[dict[str, Any]] | None = None,
    ticket_keys: list[dict[str, str]] | None = None,
    revoked_tickets: list[str] | None = None,
    ticket_uses: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Without the ticket arguments, shaped like an older server's snapshot (no ticket fields)."""
    opening = [(0, 6, "07:00", "17:30")] if hours is None else hours
    tickets: dict[str, Any] = {}
    if ticket_keys is not None:
        tickets["ticket_keys"] = ticket_keys
    if revoked_tickets is not None:
        tickets["revoked_tickets"] = revoked_tickets
    if ticket_uses is not None:
        tickets["ticket_uses"] = ticket_uses
    return {
        **tickets,
        "taken_at": taken_at.isoformat(),
        "incremental": incremental,
        "site_code": SITE,
        "fare": fare,
        "offline_spending_limit": LIMIT,
        "gate": {
            "id": 7,
            "name": "Ngọ Môn 1",
            "site_code": SITE,
            "direction": direction,
            "passback_minutes": passback,
            "fare": fare,
            "offline_spending_limit": LIMIT,
            "last_sequence": last_sequence,
        },
        "site": {
            "site_code": SITE,
            "name": "Đại Nội",
            "timezone": "Asia/Ho_Chi_Minh",
            "opening_hours": [
                {"first_day": a, "last_day": b, "opens": o, "closes": c} for a, b, o, c in opening
            ],
            "capacity": capacity,
            "occupancy": occupancy,
            "occupancy_date": TODAY.isoformat(),
        },
        "cards": [card()] if cards is None else cards,
        "denylist": denylist or [],
        "products": [product()] if products is None else products,
        "entitlements": entitlements or [],
        "passages": passages or [],
    }


def read(uid: str = UID, number: str = NUMBER) -> CardRead:
    info = CardInfo(card_number=int(number), issuer_id=1, issued_on=20260101)
    return CardRead(bytes.fromhex(uid), 1, info, 7, 0.001)
