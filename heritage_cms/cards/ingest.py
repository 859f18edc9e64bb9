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

from heritage_cms.core.money import VND

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
    cards = {
        card.number: card
        for card in Card.objects.filter(number__in={r.card_number for r in reports})
    }
    wanted_entitlements = {
        r.entitlement_id
        for r in reports
        if r.decision == Tap.Decision.ENTERED and r.entitlement_id and r.card_number in cards
    }
    entitlements = {
        e.pk: e
        for e in Entitlement.objects.select_for_update()
        .filter(pk__in=wanted_entitlements)
        .order_by("pk")
    }
    revenue = revenue_account(gate.site_code)
    charged_accounts = {cards[r.card_number].account_id for r in reports if r.card_number in cards}
    accounts = {
        account.pk: account
        for account in Account.objects.select_for_update()
        .filter(pk__in=charged_accounts | {revenue.pk})
        .order_by("pk")
    }
    balances = {pk: account.balance for pk, account in accounts.items()}

    rows: list[Tap] = []
    transfers: dict[int, Transfer] = {}  # by sequence
    movements: dict[int, list[tuple[int, VND]]] = {}
    used_entitlements: set[int] = set()
    for report in reports:
        card = cards.get(report.card_number)
        entered = report.decision == Tap.Decision.ENTERED
        entitlement = None
        if entered and card is not None and report.entitlement_id:
            entitlement = entitlements.get(report.entitlement_id)
            if entitlement is not None and entitlement.card_id != card.pk:
                entitlement = None
        fare = VND(report.fare if entered and entitlement is None else 0)
        tap = Tap(
            gate=gate,
            sequence=report.sequence,
            card=card,
            card_number=report.card_number,
            occurred_at=report.occurred_at,
            decision=report.decision,
            reason=report.reason,
            fare=fare,
            entitlement=entitlement,
            settlement="no_charge",
        )
        rows.append(tap)
        if entitlement is not None:
            used = dict(entitlement.entries_used)
            used[gate.site_code] = int(used.get(gate.site_code, 0)) + 1
            entitlement.entries_used = used
            used_entitlements.add(entitlement.pk)
            tap.settlement = "entitlement"
        elif fare.amount == 0:
            continue
        elif card is None:
            # The gate let someone in on a card the server does not know: kept for finance.
            tap.settlement = "unknown_card"
        elif (floor := accounts[card.account_id].floor) is not None and (
            balances[card.account_id] - fare < floor
        ):
            # A fact the ledger must not absorb silently, and must not block the gate's batch.
            tap.settlement = "over_floor"
        else:
            balances[card.account_id] = balances[card.account_id] - fare
            balances[revenue.pk] = balances[revenue.pk] + fare
            transfers[report.sequence] = Transfer(
                idempotency_key=f"tap:{gate.pk}:{report.sequence}",
                kind=Transfer.Kind.TAP,
                memo=f"{gate} #{report.sequence}",
            )
            movements[report.sequence] = [(card.account_id, -fare), (revenue.pk, fare)]
            tap.settlement = "posted"

    if transfers:
        Transfer.objects.bulk_create(transfers.values())
        LedgerEntry.objects.bulk_create(
            LedgerEntry(transfer=transfers[sequence], account_id=account_id, amount=amount)
            for sequence, legs in movements.items()
            for account_id, amount in legs
        )
        for tap in rows:
            if tap.sequence in transfers:
                tap.transfer = transfers[tap.sequence]
        changes = [
            (balances[pk].amount - account.balance.amount, pk)
            for pk, account in accounts.items()
            if balances[pk] != account.balance
        ]
        _update_rows(Account, "balance = balance + %s", changes)
    Tap.objects.bulk_create(rows)
    if used_entitlements:
        field = Entitlement._meta.get_field("entries_used")
        now = timezone.now()  # stamped by hand: incremental snapshots select on it
        _update_rows(
            Entitlement,
            "entries_used = %s, updated_at = %s",
            [
                (field.get_db_prep_save(entitlements[pk].entries_used, connection), now, pk)
                for pk in used_entitlements
            ],
        )


def _update_rows(model: type[models.Model], assignments: str, rows: list[tuple]) -> None:
    """One prepared UPDATE per row (pipelined by the driver): ORM bulk updates build a CASE
    expression per row and cost more in Python than the whole batch costs in the database."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", rows)
