"""The gate snapshot the gate benchmarks feed their gate: one entry gate at Đại Nội.

Shared so both benchmarks measure against the same gate and site the CMS would send; each
benchmark chooses only what it varies (cards, the journal's last sequence).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def gate_snapshot(
    *,
    now: datetime,
    gate_name: str,
    last_sequence: int = 0,
    cards: list[dict[str, Any]] | None = None,
    occupancy_date: date | None = None,
) -> dict[str, Any]:
    """A full (not incremental) snapshot; passback off so every tap of one card enters."""
    return {
        "taken_at": now.isoformat(),
        "server_time": now.isoformat(),
        "incremental": False,
        "gate": {
            "id": 1,
            "name": gate_name,
            "site_code": "dai-noi",
            "direction": "entry",
            "passback_minutes": 0,
            "fare": 50_000,
            "offline_spending_limit": 200_000,
            "last_sequence": last_sequence,
        },
        "site": {
            "site_code": "dai-noi",
            "name": "Đại Nội",
            "timezone": "Asia/Ho_Chi_Minh",
            "opening_hours": [],
            "capacity": None,
            "occupancy": 0,
            "occupancy_date": (occupancy_date or now.date()).isoformat(),
        },
        "cards": cards or [],
        "denylist": [],
        "products": [],
        "entitlements": [],
        "passages": [],
    }
