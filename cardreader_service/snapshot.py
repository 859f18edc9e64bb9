"""The gate's copy of the server's snapshot: what it decides from while the network is down.

A full snapshot replaces the copy; an incremental one (``?since=``) is merged into it. The copy
is kept on disk (written atomically) so a gate that restarts offline still decides, and it is
swapped in memory as a whole, so the tap loop never sees half a merge.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import date, datetime, time
from pathlib import Path
from types import NoneType
from typing import TYPE_CHECKING, Any, get_args, get_type_hints
from zoneinfo import ZoneInfo

from cardreader_service.errors import CardServiceError
from cardreader_service.ticket import PUBLIC_KEY_BYTES, TICKET_CODE, b64url_decode, b64url_encode

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

ACTIVE = "active"


class SnapshotError(CardServiceError, ValueError):
    """A snapshot that does not fit this gate (another site) or is malformed."""

    code = "snapshot_invalid"
    sentence = "The server's snapshot is malformed: the gate keeps the one it has."


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None or b is None:
        return a or b
    return max(a, b)


@dataclass(frozen=True, slots=True)
class OpeningHours:
    first_day: int  # 0 = Monday
    last_day: int
    opens: time
    closes: time

    def covers(self, local: datetime) -> bool:
        return (
            self.first_day <= local.weekday() <= self.last_day
            and self.opens <= local.time() < self.closes
        )


@dataclass(frozen=True, slots=True)
class SiteRules:
    site_code: str
    name: str
    timezone: str
    opening_hours: tuple[OpeningHours, ...]
    capacity: int | None
    occupancy: int
    occupancy_date: date

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_open(self, now: datetime) -> bool:
        """No hours at all means hours do not restrict (no monument page, or none entered)."""
        if not self.opening_hours:
            return True
        local = now.astimezone(self.zone)
        return any(hours.covers(local) for hours in self.opening_hours)

    def local_day(self, now: datetime) -> date:
        return now.astimezone(self.zone).date()

    def day_start(self, now: datetime) -> datetime:
        return datetime.combine(self.local_day(now), time.min, tzinfo=self.zone)


@dataclass(frozen=True, slots=True)
class GateRules:
    id: int
    name: str
    site_code: str
    direction: str  # "entry" or "exit"
    passback_minutes: int
    fare: int
    offline_spending_limit: int
    last_sequence: int


@dataclass(frozen=True, slots=True)
class CardEntry:
    number: str
    uid: str  # upper-case hex
    status: str
    key_version: int
    balance: int
    blocked_reason: str = ""


@dataclass(frozen=True, slots=True)
class Product:
    code: str
    name: str
    kind: str
    site_codes: tuple[str, ...]
    entries_per_site: int
    valid_days: int


@dataclass(frozen=True, slots=True)
class Entitlement:
    id: int
    card_number: str
    product: str
    valid_from: date
    valid_until: date
    remaining: Mapping[str, int]
    revoked: bool = False


@dataclass(frozen=True, slots=True)
class Passage:
    card_number: str
    last_entry_at: datetime | None
    last_exit_at: datetime | None


@dataclass(frozen=True, slots=True)
class Snapshot:
    taken_at: datetime
    gate: GateRules
    site: SiteRules
    cards: Mapping[str, CardEntry]
    products: Mapping[str, Product]
    entitlements: Mapping[int, Entitlement]
    passages: Mapping[str, Passage]
    uids: Mapping[str, str] = field(default_factory=dict)  # UID hex → card number
    # E-tickets (docs/tickets.md); a snapshot from an older server has none: empty.
    ticket_keys: Mapping[str, bytes] = field(default_factory=dict)  # key id → 32 raw bytes
    revoked_tickets: frozenset[str] = frozenset()
    ticket_uses: Mapping[str, int] = field(default_factory=dict)  # code → entries at this site

    # --- reading -------------------------------------------------------------------------------
    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> Snapshot:
        """A full snapshot as the server (or ``to_payload``) writes it."""
        try:
            cards = {c["number"]: _card(c) for c in payload["cards"]}
            snapshot = cls(
                taken_at=datetime.fromisoformat(payload["taken_at"]),
                gate=_gate(payload["gate"]),
                site=_site(payload["site"]),
                cards=cards,
                products={p["code"]: _product(p) for p in payload["products"]},
                entitlements={e["id"]: _entitlement(e) for e in payload["entitlements"]},
                passages={p["card_number"]: _passage(p) for p in payload["passages"]},
                ticket_keys=_ticket_keys(payload.get("ticket_keys", ())),
                revoked_tickets=_ticket_codes(payload.get("revoked_tickets", ())),
                ticket_uses=_ticket_uses(payload.get("ticket_uses", {})),
            )
            return snapshot._with_denylist(payload.get("denylist", ()))
        except (KeyError, TypeError, ValueError) as error:
            raise SnapshotError(detail=f"malformed snapshot: {error!r}") from None

    def merge(self, payload: Mapping[str, Any]) -> Snapshot:
        """This snapshot with an incremental one applied (upserts; products are always whole)."""
        try:
            cards = dict(self.cards)
            cards.update((c["number"], _card(c)) for c in payload["cards"])
            entitlements = dict(self.entitlements)
            entitlements.update((e["id"], _entitlement(e)) for e in payload["entitlements"])
            passages = dict(self.passages)
            for raw in payload["passages"]:
                new = _passage(raw)
                old = passages.get(new.card_number)
                if old is not None:
                    new = Passage(
                        new.card_number,
                        _later(old.last_entry_at, new.last_entry_at),
                        _later(old.last_exit_at, new.last_exit_at),
                    )
                passages[new.card_number] = new
            uses = dict(self.ticket_uses)
            for code, count in _ticket_uses(payload.get("ticket_uses", {})).items():
                uses[code] = max(uses.get(code, 0), count)
            merged = replace(
                self,
                taken_at=datetime.fromisoformat(payload["taken_at"]),
                gate=_gate(payload["gate"]),
                site=_site(payload["site"]),
                cards=cards,
                products={p["code"]: _product(p) for p in payload["products"]},
                entitlements=entitlements,
                passages=passages,
                uids={},
                # Keys and revocations are always whole: they replace the gate's lists.
                ticket_keys=_ticket_keys(payload.get("ticket_keys", ())),
                revoked_tickets=_ticket_codes(payload.get("revoked_tickets", ())),
                ticket_uses=uses,
            )
            return merged._with_denylist(payload.get("denylist", ()))
        except (KeyError, TypeError, ValueError) as error:
            raise SnapshotError(detail=f"malformed incremental snapshot: {error!r}") from None

    def _with_denylist(self, denylist: Any) -> Snapshot:
        cards = dict(self.cards)
        for row in denylist:
            known = cards.get(row["number"])
            base = known or CardEntry(row["number"], row["uid"].upper(), row["status"], 1, 0)
            cards[row["number"]] = replace(
                base, status=row["status"], blocked_reason=row.get("reason", "")
            )
        uids = {card.uid: card.number for card in cards.values()}
        return replace(self, cards=cards, uids=uids)

    # --- questions the decision asks ----------------------------------------------------------
    def card_for_uid(self, uid: bytes) -> CardEntry | None:
        number = self.uids.get(uid.hex().upper())
        return self.cards.get(number) if number is not None else None

    def is_issued_uid(self, uid: bytes) -> bool:
        """Any card we ever issued (blocked ones too): tells a clone from a forgery."""
        return uid.hex().upper() in self.uids

    def entitlements_of(self, card_number: str) -> list[Entitlement]:
        return [e for e in self.entitlements.values() if e.card_number == card_number]

    def denylist(self) -> list[CardEntry]:
        return [card for card in self.cards.values() if card.status != ACTIVE]

    # --- writing -------------------------------------------------------------------------------
    def to_payload(self) -> dict[str, Any]:
        """The full-snapshot wire format, so the file on disk reads back with ``from_payload``."""
        site, gate = self.site, self.gate
        return {
            "taken_at": self.taken_at.isoformat(),
            "incremental": False,
            "gate": {
                "id": gate.id,
                "name": gate.name,
                "site_code": gate.site_code,
                "direction": gate.direction,
                "passback_minutes": gate.passback_minutes,
                "fare": gate.fare,
                "offline_spending_limit": gate.offline_spending_limit,
                "last_sequence": gate.last_sequence,
            },
            "site": {
                "site_code": site.site_code,
                "name": site.name,
                "timezone": site.timezone,
                "opening_hours": [
                    {
                        "first_day": h.first_day,
                        "last_day": h.last_day,
                        "opens": h.opens.isoformat(),
                        "closes": h.closes.isoformat(),
                    }
                    for h in site.opening_hours
                ],
                "capacity": site.capacity,
                "occupancy": site.occupancy,
                "occupancy_date": site.occupancy_date.isoformat(),
            },
            "cards": [
                {
                    "number": c.number,
                    "uid": c.uid,
                    "status": c.status,
                    "key_version": c.key_version,
                    "balance": c.balance,
                    "blocked_reason": c.blocked_reason,
                }
                for c in self.cards.values()
            ],
            "products": [
                {
                    "code": p.code,
                    "name": p.name,
                    "kind": p.kind,
                    "site_codes": list(p.site_codes),
                    "entries_per_site": p.entries_per_site,
                    "valid_days": p.valid_days,
                }
                for p in self.products.values()
            ],
            "entitlements": [
                {
                    "id": e.id,
                    "card_number": e.card_number,
                    "product": e.product,
                    "valid_from": e.valid_from.isoformat(),
                    "valid_until": e.valid_until.isoformat(),
                    "remaining": dict(e.remaining),
                    "revoked": e.revoked,
                }
                for e in self.entitlements.values()
            ],
            "passages": [
                {
                    "card_number": p.card_number,
                    "last_entry_at": p.last_entry_at.isoformat() if p.last_entry_at else None,
                    "last_exit_at": p.last_exit_at.isoformat() if p.last_exit_at else None,
                }
                for p in self.passages.values()
            ],
            "ticket_keys": [
                {"id": key_id, "public_key": b64url_encode(raw)}
                for key_id, raw in self.ticket_keys.items()
            ],
            "revoked_tickets": sorted(self.revoked_tickets),
            "ticket_uses": dict(self.ticket_uses),
        }


def _site(raw: Mapping[str, Any]) -> SiteRules:
    hours = tuple(
        OpeningHours(
            int(h["first_day"]),
            int(h["last_day"]),
            time.fromisoformat(h["opens"]),
            time.fromisoformat(h["closes"]),
        )
        for h in raw["opening_hours"]
    )
    ZoneInfo(raw["timezone"])  # an unknown zone fails here, not at the first tap
    capacity = raw["capacity"]
    return SiteRules(
        site_code=str(raw["site_code"]),
        name=str(raw["name"]),
        timezone=str(raw["timezone"]),
        opening_hours=hours,
        capacity=None if capacity is None else int(capacity),
        occupancy=int(raw["occupancy"]),
        occupancy_date=date.fromisoformat(raw["occupancy_date"]),
    )


def _ticket_keys(rows: Any) -> dict[str, bytes]:
    keys = {}
    for row in rows:
        raw = b64url_decode(str(row["public_key"]))
        if len(raw) != PUBLIC_KEY_BYTES:
            raise ValueError(f"ticket key {row['id']!r} is {len(raw)} bytes, not 32")
        keys[str(row["id"])] = raw
    return keys


def _ticket_codes(codes: Any) -> frozenset[str]:
    if isinstance(codes, str):
        raise TypeError("revoked_tickets is a list of codes")
    return frozenset(str(code) for code in codes)


def _ticket_uses(raw: Any) -> dict[str, int]:
    uses = {str(code): int(count) for code, count in raw.items()}
    if not all(TICKET_CODE.fullmatch(code) for code in uses):
        raise ValueError("ticket_uses has a malformed ticket code")
    return uses


# How a field of each declared type is read from the snapshot's JSON.
_FROM_JSON: dict[object, Callable[[Any], Any]] = {
    int: int,
    str: str,
    bool: bool,
    date: date.fromisoformat,
    datetime | None: _time,
}


def _reader[R: DataclassInstance](
    record: type[R], **convert: Callable[[Any], Any]
) -> Callable[[Mapping[str, Any]], R]:
    """The parser of one JSON object into ``record``: each field is read under its own name and
    converted as its declared type says (or as ``convert`` says for that field). A field with a
    default, or one that may be None, may be left out; any other missing field is a KeyError, a
    value that does not convert a TypeError or ValueError."""
    types = get_type_hints(record)
    plan = [
        (
            spec.name,
            convert.get(spec.name) or _FROM_JSON[types[spec.name]],
            spec.default is MISSING and NoneType not in get_args(types[spec.name]),
            None if spec.default is MISSING else spec.default,
        )
        for spec in fields(record)
    ]

    def read(raw: Mapping[str, Any]) -> R:
        return record(
            *[
                to(raw[name] if required else raw.get(name, default))
                for name, to, required, default in plan
            ]
        )

    return read


def _remaining(raw: Mapping[str, Any]) -> dict[str, int]:
    return {str(site): int(count) for site, count in raw.items()}


_gate = _reader(GateRules)
_card = _reader(CardEntry, uid=lambda uid: str(uid).upper())
_product = _reader(Product, site_codes=tuple)
_entitlement = _reader(Entitlement, remaining=_remaining)
_passage = _reader(Passage)


class SnapshotStore:
    """The current snapshot in memory and on disk; ``site_code`` guards against a wrong token."""

    def __init__(self, path: str | os.PathLike[str], site_code: str | None = None) -> None:
        self.path = Path(path)
        self.site_code = site_code
        self._lock = threading.Lock()
        self._current: Snapshot | None = None

    @property
    def current(self) -> Snapshot | None:
        return self._current

    def load(self) -> Snapshot | None:
        """Read the copy a previous run left, if any (a gate restarting offline decides on it)."""
        try:
            payload = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        snapshot = Snapshot.from_payload(payload)
        self._check(snapshot)
        self._current = snapshot
        return snapshot

    def apply(self, payload: Mapping[str, Any]) -> Snapshot:
        """Replace (full) or merge (incremental), persist, then swap in memory."""
        with self._lock:
            if payload.get("incremental") and self._current is not None:
                snapshot = self._current.merge(payload)
            else:
                snapshot = Snapshot.from_payload(payload)
            self._check(snapshot)
            self._write(snapshot)
            self._current = snapshot
            return snapshot

    def _check(self, snapshot: Snapshot) -> None:
        if self.site_code is not None and snapshot.gate.site_code != self.site_code:
            raise SnapshotError(
                f"The server says this gate is at {snapshot.gate.site_code}, not "
                f"{self.site_code}: check --site and the token file.",
                f"snapshot site {snapshot.gate.site_code!r}, gate site {self.site_code!r}",
            )

    def _write(self, snapshot: Snapshot) -> None:
        temporary = self.path.with_name(self.path.name + ".tmp")
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(snapshot.to_payload(), handle, separators=(",", ":"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)
