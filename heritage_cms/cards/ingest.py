"""Applying a gate's batch of taps to the ledger exactly once.

A gate journals every decision locally and sends batches with its own monotonic sequence numbers;
it retries until acknowledged, so the server sees duplicates, reordering and batches racing each
other. ``(gate, sequence)`` is unique in the database and each tap's ledger posting is keyed by
it, so whatever arrives twice is recognised and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, models, transaction
from django.utils import timezone

from .models import Account, Card, Entitlement, Gate, LedgerEntry, Tap, Transfer


@dataclass(frozen=True)
class TapReport:
    sequence: int
    card_number: str
    occurred_at: datetime
    decision: str
    reason: str = ""
    fare: int = 0
    entitlement_id: int | None = None


@dataclass
class IngestResult:
    accepted: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)


def revenue_account(site_code: str) -> Account:
    account, _created = Account.objects.get_or_create(
        name=f"revenue:{site_code}",
        defaults={"kind": Account.Kind.REVENUE, "site_code": site_code},
    )
    return account


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
        known = set(
            Tap.objects.filter(gate=gate, sequence__in=[t.sequence for t in taps]).values_list(
                "sequence", flat=True
            )
        )
        fresh: list[TapReport] = []
        for report in sorted(taps, key=lambda t: t.sequence):
            if report.sequence in known:
                result.duplicates.append(report.sequence)
            else:
                known.add(report.sequence)
                fresh.append(report)
                result.accepted.append(report.sequence)
        if fresh:
            _apply_batch(gate, fresh)
    return result


def _apply_batch(gate: Gate, reports: list[TapReport]) -> None:
    """Settle each tap, then write taps, transfers and entries with one statement per table.

    Rows are plain tuples rather than model instances: at gate-backlog sizes, building and
    preparing ~1,000 model objects per batch cost more than the database work itself.
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
        pk: (card_id, dict(used))
        for pk, card_id, used in Entitlement.objects.select_for_update()
        .filter(pk__in=wanted_entitlements)
        .order_by("pk")
        .values_list("pk", "card_id", "entries_used")
    }
    revenue = revenue_account(gate.site_code).pk
    charged = {cards[r.card_number][1] for r in reports if r.card_number in cards}
    accounts = {
        pk: (balance.amount, None if floor is None else floor.amount)
        for pk, balance, floor in Account.objects.select_for_update()
        .filter(pk__in=charged | {revenue})
        .order_by("pk")
        .values_list("pk", "balance", "floor")
    }
    balances = {pk: balance for pk, (balance, _floor) in accounts.items()}

    now = _db_datetime(timezone.now())
    taps: list[list] = []
    postings: dict[str, tuple[int, int]] = {}  # idempotency key → (card account, fare)
    used_entitlements: set[int] = set()
    for report in reports:
        card_id, account_id = cards.get(report.card_number, (None, None))
        entered = report.decision == Tap.Decision.ENTERED
        entitlement_id = None
        ticket = entitlements.get(report.entitlement_id or 0)
        if entered and card_id is not None and ticket is not None and ticket[0] == card_id:
            entitlement_id = report.entitlement_id
        fare = report.fare if entered and entitlement_id is None else 0
        key = f"tap:{gate.pk}:{report.sequence}"
        if entitlement_id is not None:
            used = entitlements[entitlement_id][1]
            used[gate.site_code] = int(used.get(gate.site_code, 0)) + 1
            used_entitlements.add(entitlement_id)
            settlement = "entitlement"
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
            balances[revenue] += fare
            postings[key] = (account_id, fare)
            settlement = "posted"
        taps.append(
            [
                gate.pk,
                report.sequence,
                card_id,
                report.card_number,
                _db_datetime(report.occurred_at),
                report.decision,
                report.reason,
                fare,
                entitlement_id,
                settlement,
                key,  # replaced by the transfer's id below
                now,
            ]
        )

    transfer_ids: dict[str, int] = {}
    if postings:
        kind = Transfer.Kind.TAP.value
        created = _insert_rows(
            Transfer,
            ["idempotency_key", "kind", "memo", "created_at"],
            [(key, kind, f"{gate} #{key.rsplit(':', 1)[1]}", now) for key in postings],
            returning=["idempotency_key", "id"],
        )
        transfer_ids = dict(created)
        _insert_rows(
            LedgerEntry,
            ["transfer_id", "account_id", "amount"],
            [
                leg
                for key, (account_id, fare) in postings.items()
                for leg in (
                    (transfer_ids[key], account_id, -fare),
                    (transfer_ids[key], revenue, fare),
                )
            ],
        )
        _update_rows(
            Account,
            "balance = balance + v.column1",
            [
                (balances[pk] - balance, pk)
                for pk, (balance, _floor) in accounts.items()
                if balances[pk] != balance
            ],
        )
    for row in taps:
        row[10] = transfer_ids.get(row[10])
    _insert_rows(
        Tap,
        [
            "gate_id",
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
        ],
        taps,
    )
    if used_entitlements:
        field = Entitlement._meta.get_field("entries_used")
        # Stamped by hand: incremental snapshots select on updated_at.
        _update_rows(
            Entitlement,
            "entries_used = v.column1, updated_at = v.column2",
            [
                (field.get_db_prep_save(entitlements[pk][1], connection), now, pk)
                for pk in used_entitlements
            ],
        )


def _db_datetime(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _insert_rows(
    model: type[models.Model], columns: list[str], rows: list, returning: list[str] | None = None
) -> list[tuple]:
    """One multi-row INSERT (with RETURNING where asked; PostgreSQL and SQLite ≥ 3.35)."""
    quote = connection.ops.quote_name
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "
        f"VALUES {', '.join([one] * len(rows))}"
    )
    if returning:
        sql += f" RETURNING {', '.join(map(quote, returning))}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
        return cursor.fetchall() if returning else []


def _update_rows(model: type[models.Model], assignments: str, rows: list[tuple]) -> None:
    """All rows in one ``UPDATE … FROM (VALUES …)`` (PostgreSQL and SQLite ≥ 3.33 alike).

    ``assignments`` refers to the values as v.column1, v.column2, …; the last column is the id.
    The ORM's bulk update builds a CASE per row and costs more in Python than the whole batch
    costs in the database, and one statement per row costs a round trip each.
    """
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    width = len(rows[0])
    values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v "
            f"WHERE {table}.id = v.column{width}",
            [value for row in rows for value in row],
        )
