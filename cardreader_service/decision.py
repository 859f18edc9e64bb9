"""The gate's decision as one pure function: card read + snapshot + local journal state + now.

Pure so every rule is tested without a reader, a clock or a network, and so the daemon, the
tests and the benchmark all run exactly the same decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Final

from cardreader_service.card import CardRead
from cardreader_service.errors import CardError
from cardreader_service.snapshot import ACTIVE, Entitlement, Snapshot
from cardreader_service.ticket import Ticket, TicketError, ticket_verifies

ENTERED: Final = "entered"
REFUSED: Final = "refused"

# Machine code → what the operator's screen says. Codes are journaled and sent to the server.
REASONS: Final[Mapping[str, str]] = {
    "forged_card": "This card is not genuine: it cannot prove its key.",
    "cloned_card": "Copy of an issued card: it has the UID but not the key. Keep the card.",
    "not_our_card": "Not a heritage card.",
    "card_removed": "The card left the reader too soon: tap again and hold it still.",
    "bad_mac": "The card's answer did not verify: tap again.",
    "unknown_key_version": "This card's key version is not on this gate: send to the office.",
    "protocol_error": "The card answered something unexpected: tap again.",
    "no_snapshot": "The gate has no card data yet: it is waiting for the server.",
    "unknown_card": "Genuine card, but not in this gate's list: send to the office.",
    "card_blocked": "This card is blocked.",
    "site_closed": "The site is closed now.",
    "passback": "This card already entered a moment ago.",
    "site_full": "The site is full: please wait.",
    "no_valid_product": "No valid ticket for this site.",
    "insufficient_balance": "Not enough balance for the fare: please top up.",
    # E-tickets (QR), docs/tickets.md.
    "unreadable_ticket": "This code is not a heritage e-ticket: scan the ticket's QR code again.",
    "forged_ticket": "This e-ticket is forged or altered (its signature is not ours): office.",
    "ticket_revoked": "This e-ticket was refunded or cancelled: send to the office.",
    "ticket_wrong_site": "This e-ticket is not for this site.",
    "ticket_expired": "This e-ticket has expired.",
    "ticket_not_yet_valid": "This e-ticket is not valid yet.",
    "ticket_used": "This e-ticket was already used here.",
    # Shown, never journaled: the gate cannot keep a record or trust its clock right now.
    "out_of_service": "This gate is out of service: please use the next gate.",
}
OUT_OF_SERVICE: Final = "out_of_service"

# How an entry was allowed (journaled beside the decision; not sent as a refusal reason).
BASES: Final = ("entitlement", "stored_value", "no_fare", "exit", "ticket")


@dataclass(frozen=True, slots=True)
class LocalCardState:
    """What this gate did with the card since the snapshot (the server has not counted it yet):
    ``spent`` and ``uses`` only for taps after the snapshot's ``last_sequence``; the last entry
    and exit from the whole local journal."""

    spent: int = 0
    uses: Mapping[int, int] = field(default_factory=dict)
    last_entry_at: datetime | None = None
    last_exit_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class LocalTicketState:
    """What this gate did with an e-ticket: entries after the snapshot's ``last_sequence`` (the
    snapshot's ``ticket_uses`` lacks them) and its last entry in the whole local journal."""

    uses: int = 0
    last_entry_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Occupancy:
    """This gate's own entries minus exits: after the snapshot, and all of today."""

    after_snapshot: int = 0
    today: int = 0


@dataclass(frozen=True, slots=True)
class Decision:
    entered: bool
    reason: str  # "" when entered
    message: str
    fare: int = 0
    entitlement_id: int | None = None
    card_number: str = ""
    uid: str = ""
    basis: str = ""  # one of BASES when entered
    direction: str = "entry"
    ticket: str = ""  # the e-ticket's code for a QR tap; "" for a card

    @property
    def outcome(self) -> str:
        return ENTERED if self.entered else REFUSED


@dataclass(frozen=True, slots=True)
class _Who:
    card_number: str
    uid: str
    direction: str
    ticket: str = ""


def _refuse(reason: str, who: _Who, message: str = "") -> Decision:
    text = REASONS[reason] + (f" {message}" if message else "")
    return Decision(
        False, reason, text, 0, None, who.card_number, who.uid, "", who.direction, who.ticket
    )


def _enter(
    who: _Who, message: str, basis: str, fare: int = 0, entitlement_id: int | None = None
) -> Decision:
    return Decision(
        True,
        "",
        message,
        fare,
        entitlement_id,
        who.card_number,
        who.uid,
        basis,
        who.direction,
        who.ticket,
    )


def out_of_service(read: CardRead | CardError | Ticket | TicketError, why: str) -> Decision:
    """Red, with the reason on the operator's screen; the caller journals nothing."""
    if isinstance(read, CardError):
        who = _Who(read.card_number, (read.uid or b"").hex().upper(), "entry")
    elif isinstance(read, CardRead):
        who = _Who(str(read.info.card_number), read.uid.hex().upper(), "entry")
    else:
        who = _Who("", "", "entry", read.code if isinstance(read, Ticket) else "")
    return _refuse(OUT_OF_SERVICE, who, f"({why})" if why else "")


def site_occupancy(snapshot: Snapshot, occupancy: Occupancy, now: datetime) -> int:
    """The server's count (if it is today's) plus what this gate let through since."""
    site = snapshot.site
    if site.occupancy_date == site.local_day(now):
        return max(site.occupancy + occupancy.after_snapshot, 0)
    return max(occupancy.today, 0)


def _exit_or_closed(snapshot: Snapshot, ids: _Who, now: datetime) -> Decision | None:
    """The step a card and a ticket share once they are known good: an exit gate lets the holder
    out (closed, full or broke alike), an entry gate refuses while the site is closed; None: go
    on to what the holder may enter with."""
    if snapshot.gate.direction == "exit":
        return _enter(ids, "Goodbye!", "exit")
    if not snapshot.site.is_open(now):
        return _refuse("site_closed", ids)
    return None


def decide(
    read: CardRead | CardError,
    snapshot: Snapshot | None,
    local: LocalCardState,
    occupancy: Occupancy,
    now: datetime,
) -> Decision:
    """Entered or refused, with the reason, the fare and the entitlement used."""
    direction = snapshot.gate.direction if snapshot is not None else "entry"
    if isinstance(read, CardError):
        uid = read.uid or b""
        known = snapshot.card_for_uid(uid) if snapshot is not None and uid else None
        number = known.number if known is not None else read.card_number
        return _refuse(read.reason, _Who(number, uid.hex().upper(), direction))
    uid_hex = read.uid.hex().upper()
    number = str(read.info.card_number)
    ids = _Who(number, uid_hex, direction)
    if snapshot is None:
        return _refuse("no_snapshot", ids)
    card = snapshot.cards.get(number)
    by_uid = snapshot.card_for_uid(read.uid)
    for candidate in (card, by_uid):
        if candidate is not None and candidate.status != ACTIVE:
            why = candidate.blocked_reason or candidate.status
            return _refuse("card_blocked", ids, f"({why})")
    if card is None or card.uid != uid_hex:
        return _refuse("unknown_card", ids, f"Card {number}.")

    if (settled := _exit_or_closed(snapshot, ids, now)) is not None:
        return settled
    gate, site = snapshot.gate, snapshot.site

    if gate.passback_minutes > 0:
        passage = snapshot.passages.get(number)
        last_entry = _later(passage.last_entry_at if passage else None, local.last_entry_at)
        last_exit = _later(passage.last_exit_at if passage else None, local.last_exit_at)
        left_since = last_exit is not None and last_entry is not None and last_exit >= last_entry
        if (
            last_entry is not None
            and not left_since
            and now - last_entry < timedelta(minutes=gate.passback_minutes)
        ):
            local_time = last_entry.astimezone(site.zone).strftime("%H:%M")
            return _refuse("passback", ids, f"Entered at {local_time}.")

    if site.capacity is not None and site_occupancy(snapshot, occupancy, now) >= site.capacity:
        return _refuse("site_full", ids)

    today = site.local_day(now)
    mine = [e for e in snapshot.entitlements_of(number) if site.site_code in e.remaining]
    usable = [
        e
        for e in mine
        if not e.revoked
        and e.valid_from <= today <= e.valid_until
        and e.remaining[site.site_code] - local.uses.get(e.id, 0) > 0
    ]
    if usable:
        ticket = min(usable, key=lambda e: (e.valid_until, e.id))
        left = ticket.remaining[site.site_code] - local.uses.get(ticket.id, 0) - 1
        product = snapshot.products.get(ticket.product)
        name = product.name if product is not None else ticket.product
        message = f"Welcome! {name}: {left} more entries here."
        return _enter(ids, message, "entitlement", entitlement_id=ticket.id)

    if gate.fare == 0:
        return _enter(ids, "Welcome!", "no_fare")
    available = card.balance - local.spent
    if available - gate.fare >= -gate.offline_spending_limit:
        message = f"Welcome! {_vnd(gate.fare)} paid, balance {_vnd(available - gate.fare)}."
        return _enter(ids, message, "stored_value", fare=gate.fare)
    live = [e for e in mine if not e.revoked]
    if live:
        return _refuse("no_valid_product", ids, _why_not(live, today))
    return _refuse(
        "insufficient_balance", ids, f"Balance {_vnd(available)}, fare {_vnd(gate.fare)}."
    )


def decide_ticket(
    scan: Ticket | TicketError,
    snapshot: Snapshot | None,
    local: LocalTicketState,
    occupancy: Occupancy,
    now: datetime,
) -> Decision:
    """A scanned e-ticket: entered or refused, in the order docs/tickets.md sets; never a fare.

    Passback does not apply: the ticket's entry count per site does that job."""
    direction = snapshot.gate.direction if snapshot is not None else "entry"
    if isinstance(scan, TicketError):
        return _refuse("unreadable_ticket", _Who("", "", direction))
    # The code is journaled even when the ticket is refused: the office sees what was tried.
    ids = _Who("", "", direction, scan.code)
    if snapshot is None:
        return _refuse("no_snapshot", ids)
    key = snapshot.ticket_keys.get(scan.key_id)
    if key is None or not ticket_verifies(scan, key):
        return _refuse("forged_ticket", ids)
    if scan.code in snapshot.revoked_tickets:
        return _refuse("ticket_revoked", ids, f"Ticket {scan.code}.")

    if (settled := _exit_or_closed(snapshot, ids, now)) is not None:
        return settled
    site = snapshot.site
    product = snapshot.products.get(scan.product)
    if product is None or site.site_code not in product.site_codes:
        return _refuse("ticket_wrong_site", ids, f"Ticket {scan.code}.")
    today = site.local_day(now)
    if today > scan.valid_until:
        return _refuse("ticket_expired", ids, f"Valid until {scan.valid_until:%d/%m/%Y}.")
    if today < scan.valid_from:
        return _refuse("ticket_not_yet_valid", ids, f"Valid from {scan.valid_from:%d/%m/%Y}.")
    used = snapshot.ticket_uses.get(scan.code, 0) + local.uses
    if used >= product.entries_per_site:
        when = ""
        if local.last_entry_at is not None:
            when = f"Last entry at {local.last_entry_at.astimezone(site.zone):%H:%M}."
        return _refuse("ticket_used", ids, when)
    if site.capacity is not None and site_occupancy(snapshot, occupancy, now) >= site.capacity:
        return _refuse("site_full", ids)
    left = product.entries_per_site - used - 1
    message = f"Welcome! {product.name} ({scan.fare_type}): {left} more entries here."
    return _enter(ids, message, "ticket")


def _why_not(tickets: list[Entitlement], today: date) -> str:
    ticket = max(tickets, key=lambda e: e.valid_until)
    if ticket.valid_until < today:
        return f"Ticket expired on {ticket.valid_until:%d/%m/%Y}."
    if ticket.valid_from > today:
        return f"Ticket valid from {ticket.valid_from:%d/%m/%Y}."
    return "All entries at this site are used."


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None or b is None:
        return a or b
    return max(a, b)


def _vnd(amount: int) -> str:
    return f"{amount:,} ₫".replace(",", ".")
