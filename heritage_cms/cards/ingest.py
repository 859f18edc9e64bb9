"""Applying a gate's batch of taps to the ledger exactly once, and checking what the gate says.

A gate journals every decision locally and sends batches with its own monotonic sequence numbers;
it retries until acknowledged, so the server sees duplicates, reordering and batches racing each
other. ``(gate, journal_id, sequence)`` is unique in the database and each tap's ledger posting is
keyed by it, so whatever arrives twice is recognised and changes nothing. The journal id (new for
every journal file) keeps a gate that lost its journal from colliding with its own earlier taps;
a resent key whose content differs is a *conflict*: kept for review, never dropped, never doubled.

The gate decided offline on a snapshot, so its decision is stored as made, but it is settled by
the server's own rules and every difference is flagged as a :class:`GateAnomaly`:

- An entry on a pass the server knows on this card and which covers the gate's site: no charge.
- Any other entry at an entry gate: the gate's configured fare, whatever fare the gate reported
  (never more, never less); exits and refusals: nothing. A pass that does not cover the site or
  that the server does not know on this card is settled like an entry without a pass.
- A QR e-ticket (``ticket`` set, no card): never charged; its entry counts against the ticket
  through the stored tap itself; a code we never issued is flagged ``unknown_ticket``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from heritage_cms.sites.models import Site

from . import ledger, rollups, ticket_port
from .bulk import db_datetime, insert_rows, update_rows
from .models import (
    Account,
    Card,
    Entitlement,
    Gate,
    GateAnomaly,
    Product,
    Tap,
    Transfer,
    tap_key,
)

# ``occurred_at`` further ahead of the server's clock than this is not believed (stored as the
# time received, flagged); further back than STALE_AFTER is believed but flagged.
FUTURE_TOLERANCE = timedelta(minutes=5)
STALE_AFTER = timedelta(days=30)

TapIdentity = tuple[str, int]  # (journal_id, sequence)


@dataclass(frozen=True)
class TapReport:
    sequence: int
    card_number: str
    occurred_at: datetime
    decision: str
    reason: str = ""
    fare: int = 0
    entitlement_id: int | None = None
    journal_id: str = ""
    ticket: str = ""

    @property
    def identity(self) -> TapIdentity:
        return (self.journal_id, self.sequence)

    def as_reported(self) -> dict[str, Any]:
        return {**asdict(self), "occurred_at": self.occurred_at.isoformat()}


@dataclass
class IngestResult:
    accepted: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    conflicts: list[int] = field(default_factory=list)


# An anomaly before its tap has an id: (identity of the tap or its id, kind, detail).
PendingAnomaly = tuple[TapIdentity | int, str, dict[str, Any]]


def revenue_account(site: Site) -> Account:
    return ledger.account(f"revenue:{site.code}", Account.Kind.REVENUE, site=site)


def ingest(gate: Gate, taps: list[TapReport]) -> IngestResult:
    """Store every new tap and post its fare, the whole batch in one transaction.

    Locks are taken once per batch and always in the same order (this gate, then entitlements,
    then accounts, each by primary key), so batches from many gates run side by side without
    deadlocking, and the work is a handful of bulk queries rather than several per tap.
    """
    result = IngestResult()
    with transaction.atomic():
        # A gate's own batches queue behind each other, so the duplicate check below is exact.
        Gate.objects.select_for_update().filter(pk=gate.pk).first()
        stored = _stored_reports(gate, taps)
        fresh: dict[TapIdentity, TapReport] = {}
        anomalies: list[PendingAnomaly] = []
        for report in sorted(taps, key=lambda t: (t.sequence, t.journal_id)):
            key = report.identity
            if key in stored or key in fresh:
                tap_id, earlier = stored[key] if key in stored else (None, fresh[key])
                if report == earlier:
                    result.duplicates.append(report.sequence)
                else:
                    result.conflicts.append(report.sequence)
                    detail = {"reported": report.as_reported(), "stored": earlier.as_reported()}
                    anomalies.append(
                        (tap_id or key, GateAnomaly.Kind.CONFLICTING_DUPLICATE, detail)
                    )
            else:
                fresh[key] = report
                result.accepted.append(report.sequence)
        tap_ids: dict[TapIdentity, int] = {}
        if fresh:
            tap_ids = _apply_batch(gate, list(fresh.values()), anomalies)
        _record_anomalies(gate, anomalies, tap_ids)
    return result


def _stored_reports(gate: Gate, taps: list[TapReport]) -> dict[TapIdentity, tuple[int, TapReport]]:
    """The batch's taps this gate already delivered, rebuilt as the gate reported them."""
    rows = Tap.objects.filter(gate=gate, sequence__in={t.sequence for t in taps}).values_list(
        "pk",
        "journal_id",
        "sequence",
        "card_number",
        "occurred_at",
        "reported_occurred_at",
        "decision",
        "reason",
        "reported_fare",
        "reported_entitlement_id",
        "ticket",
    )
    wanted = {t.identity for t in taps}
    stored = {}
    for (
        pk,
        journal,
        sequence,
        number,
        occurred,
        reported_at,
        decision,
        reason,
        fare,
        entitlement,
        ticket,
    ) in rows:
        if (journal, sequence) in wanted:
            stored[(journal, sequence)] = (
                pk,
                TapReport(
                    sequence=sequence,
                    card_number=number,
                    occurred_at=reported_at or occurred,
                    decision=decision,
                    reason=reason,
                    fare=fare.amount,
                    entitlement_id=entitlement,
                    journal_id=journal,
                    ticket=ticket,
                ),
            )
    return stored


def _record_anomalies(
    gate: Gate, anomalies: list[PendingAnomaly], tap_ids: dict[TapIdentity, int]
) -> None:
    """One INSERT for the batch's flags; a conflict already flagged (a resent batch) once."""
    if not anomalies:
        return
    rows = [
        (tap_ids[tap] if isinstance(tap, tuple) else tap, kind, detail)
        for tap, kind, detail in anomalies
    ]
    conflicting = GateAnomaly.Kind.CONFLICTING_DUPLICATE
    seen = {
        (tap_id, _canonical(detail["reported"]))
        for tap_id, detail in GateAnomaly.objects.filter(
            kind=conflicting,
            tap_id__in={tap_id for tap_id, kind, _d in rows if kind == conflicting},
        ).values_list("tap_id", "detail")
    }
    prepare = GateAnomaly._meta.get_field("detail").get_db_prep_save
    now = db_datetime(timezone.now())
    values = []
    for tap_id, kind, detail in rows:
        if kind == conflicting:
            fingerprint = (tap_id, _canonical(detail["reported"]))
            if fingerprint in seen:
                continue
            seen.add(fingerprint)
        values.append((gate.pk, tap_id, kind, prepare(detail, connection), now, ""))
    if values:
        insert_rows(
            GateAnomaly, ["gate_id", "tap_id", "kind", "detail", "created_at", "note"], values
        )


def _canonical(payload: dict[str, Any]) -> tuple:
    return tuple(sorted((key, str(value)) for key, value in payload.items()))


def _apply_batch(
    gate: Gate, reports: list[TapReport], anomalies: list[PendingAnomaly]
) -> dict[TapIdentity, int]:
    """Settle each tap, then write taps, transfers and entries with one statement per table.

    Rows are plain tuples rather than model instances: at gate-backlog sizes, building and
    preparing ~1,000 model objects per batch cost more than the database work itself. The
    checks against the server's fares and products use only what these queries already read.
    Returns each new tap's id; appends what disagrees with the server's rules to ``anomalies``.
    """
    cards = {
        number: (card_id, account_id)
        for number, card_id, account_id in Card.objects.filter(
            number__in={r.card_number for r in reports}
        ).values_list("number", "pk", "account_id")
    }
    wanted_entitlements = {
        r.entitlement_id
        for r in reports
        if r.decision == Tap.Decision.ENTERED and r.entitlement_id and r.card_number in cards
    }
    entitlements = {
        pk: (card_id, dict(used), covered)
        for pk, card_id, used, covered in Entitlement.objects.select_for_update(of=("self",))
        .filter(pk__in=wanted_entitlements)
        .annotate(
            covered=Exists(
                Product.sites.through.objects.filter(
                    product_id=OuterRef("product_id"), site_id=gate.site_id
                )
            )
        )
        .order_by("pk")
        .values_list("pk", "card_id", "entries_used", "covered")
    }
    ticket_codes = {r.ticket for r in reports if r.ticket}
    issued = ticket_port.registry().issued(ticket_codes) if ticket_codes else set()
    site_code = gate.site.code
    revenue = revenue_account(gate.site).pk
    charged = {cards[r.card_number][1] for r in reports if r.card_number in cards}
    accounts = {
        pk: (balance.amount, None if floor is None else floor.amount)
        for pk, balance, floor in Account.objects.select_for_update()
        .filter(pk__in=charged | {revenue})
        .order_by("pk")
        .values_list("pk", "balance", "floor")
    }
    balances = {pk: balance for pk, (balance, _floor) in accounts.items()}

    received = timezone.now()
    now = db_datetime(received)
    gate_fare = gate.fare.amount if gate.direction == Gate.Direction.ENTRY else 0
    taps: list[list] = []
    postings: dict[str, tuple[int, int]] = {}  # idempotency key → (card account, fare)
    used_entitlements: set[int] = set()
    rolled: list[rollups.RolledTap] = []
    for report in reports:
        card_id, account_id = cards.get(report.card_number, (None, None))
        entered = report.decision == Tap.Decision.ENTERED
        entitlement_id = None
        pass_flag = None
        if entered and card_id is not None and report.entitlement_id:
            ticket = entitlements.get(report.entitlement_id)
            if ticket is None or ticket[0] != card_id:
                pass_flag = GateAnomaly.Kind.UNKNOWN_ENTITLEMENT
            elif not ticket[2]:
                pass_flag = GateAnomaly.Kind.NOT_COVERED
            else:
                entitlement_id = report.entitlement_id
        fare = gate_fare if entered and entitlement_id is None and not report.ticket else 0
        if report.ticket and report.ticket not in issued:
            anomalies.append(
                (
                    report.identity,
                    GateAnomaly.Kind.UNKNOWN_TICKET,
                    {"reported": report.as_reported()},
                )
            )
        if pass_flag is not None:
            anomalies.append(
                (report.identity, pass_flag, {"reported": report.as_reported(), "charged": fare})
            )
        elif report.fare != fare and card_id is not None:
            # Unknown cards are already for review (settlement); here the card is ours.
            anomalies.append(
                (
                    report.identity,
                    GateAnomaly.Kind.FARE_MISMATCH,
                    {"reported": report.as_reported(), "server_fare": fare, "charged": fare},
                )
            )
        occurred_at, reported_occurred_at = report.occurred_at, None
        if occurred_at > received + FUTURE_TOLERANCE:
            occurred_at, reported_occurred_at = received, report.occurred_at
        if reported_occurred_at is not None or occurred_at < received - STALE_AFTER:
            anomalies.append(
                (
                    report.identity,
                    GateAnomaly.Kind.CLOCK_SKEW,
                    {
                        "reported_occurred_at": report.occurred_at.isoformat(),
                        "received_at": received.isoformat(),
                        "stored_as_received": reported_occurred_at is not None,
                    },
                )
            )
        key = tap_key(gate.pk, report.journal_id, report.sequence)
        if entitlement_id is not None:
            used = entitlements[entitlement_id][1]
            used[site_code] = int(used.get(site_code, 0)) + 1
            used_entitlements.add(entitlement_id)
            settlement = "entitlement"
        elif report.ticket and entered:
            settlement = "ticket"
        elif fare == 0:
            settlement = "no_charge"
        elif account_id is None:
            # The gate let someone in on a card the server does not know: kept for finance.
            settlement = "unknown_card"
        elif (floor := accounts[account_id][1]) is not None and balances[account_id] - fare < floor:
            # A fact the ledger must not absorb silently, and must not block the gate's batch.
            settlement = "over_floor"
        else:
            balances[account_id] -= fare
            postings[key] = (account_id, fare)
            settlement = "posted"
        rolled.append(
            (occurred_at, report.decision, report.reason, fare if settlement == "posted" else 0)
        )
        taps.append(
            [
                gate.pk,
                report.journal_id,
                report.sequence,
                card_id,
                report.card_number,
                db_datetime(occurred_at),
                report.decision,
                report.reason,
                fare,
                entitlement_id,
                settlement,
                key,  # replaced by the transfer's id below
                now,
                report.fare,
                report.entitlement_id,
                None if reported_occurred_at is None else db_datetime(reported_occurred_at),
                report.ticket,
            ]
        )

    # Accounts locked and floors checked above, keys new (this gate's lock, the duplicate check).
    transfer_ids = ledger.post_batch(
        Transfer.Kind.TAP,
        [
            (key, f"{gate} #{key.rsplit(':', 1)[1]}", ((account_id, -fare), (revenue, fare)))
            for key, (account_id, fare) in postings.items()
        ],
        received,
    )
    for row in taps:
        row[11] = transfer_ids.get(row[11])
    created_taps = insert_rows(
        Tap,
        [
            "gate_id",
            "journal_id",
            "sequence",
            "card_id",
            "card_number",
            "occurred_at",
            "decision",
            "reason",
            "fare",
            "entitlement_id",
            "settlement",
            "transfer_id",
            "received_at",
            "reported_fare",
            "reported_entitlement_id",
            "reported_occurred_at",
            "ticket",
        ],
        taps,
        returning=["journal_id", "sequence", "id"] if anomalies else None,
    )
    rollups.add_taps(gate, rolled)  # the board's hourly counts, in the same transaction
    if used_entitlements:
        field = Entitlement._meta.get_field("entries_used")
        # Stamped by hand: incremental snapshots select on updated_at.
        update_rows(
            Entitlement,
            "entries_used = v.column1, updated_at = v.column2",
            [
                (field.get_db_prep_save(entitlements[pk][1], connection), now, pk)
                for pk in used_entitlements
            ],
        )
    return {(journal, sequence): pk for journal, sequence, pk in created_taps}
