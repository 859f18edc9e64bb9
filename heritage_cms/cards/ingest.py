"""Applying a gate's batch of taps to the ledger exactly once.

A gate journals every decision locally and sends batches with its own monotonic sequence numbers;
it retries until acknowledged, so the server sees duplicates, reordering and batches racing each
other. ``(gate, sequence)`` is unique in the database and each tap's ledger posting is keyed by
it, so whatever arrives twice is recognised and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction

from heritage_cms.core.money import VND

from . import ledger
from .models import Account, Card, Entitlement, Gate, Tap, Transfer


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
    """Store every new tap and post its fare, all in one transaction per batch."""
    result = IngestResult()
    with transaction.atomic():
        known = set(
            Tap.objects.filter(gate=gate, sequence__in=[t.sequence for t in taps]).values_list(
                "sequence", flat=True
            )
        )
        revenue = revenue_account(gate.site_code)
        for report in sorted(taps, key=lambda t: t.sequence):
            if report.sequence in known:
                result.duplicates.append(report.sequence)
                continue
            try:
                with transaction.atomic():
                    _apply(gate, report, revenue)
            except IntegrityError:
                # The same tap arrived in a batch racing this one and won.
                result.duplicates.append(report.sequence)
                continue
            known.add(report.sequence)
            result.accepted.append(report.sequence)
    return result


def _apply(gate: Gate, report: TapReport, revenue: Account) -> None:
    card = Card.objects.select_related("account").filter(number=report.card_number).first()
    entered = report.decision == Tap.Decision.ENTERED
    entitlement = None
    if entered and report.entitlement_id and card is not None:
        entitlement = (
            Entitlement.objects.select_for_update()
            .filter(pk=report.entitlement_id, card=card)
            .first()
        )
    tap = Tap.objects.create(
        gate=gate,
        sequence=report.sequence,
        card=card,
        card_number=report.card_number,
        occurred_at=report.occurred_at,
        decision=report.decision,
        reason=report.reason,
        fare=VND(report.fare if entered and entitlement is None else 0),
        entitlement=entitlement,
        settlement="entitlement" if entitlement else "no_charge",
    )
    if entitlement is not None:
        used = dict(entitlement.entries_used)
        used[gate.site_code] = int(used.get(gate.site_code, 0)) + 1
        entitlement.entries_used = used
        entitlement.save(update_fields=["entries_used", "updated_at"])
        return
    if tap.fare.amount == 0:
        return
    if card is None:
        # The gate let someone in on a card the server does not know: keep it for finance.
        Tap.objects.filter(pk=tap.pk).update(settlement="unknown_card")
        return
    try:
        transfer, _created = ledger.post(
            tap.idempotency_key,
            Transfer.Kind.TAP,
            [(card.account, -tap.fare), (revenue, tap.fare)],
            memo=f"{gate} #{report.sequence}",
        )
    except ledger.InsufficientFunds:
        # A fact the ledger must not absorb silently, and must not block the gate's batch.
        Tap.objects.filter(pk=tap.pk).update(settlement="over_floor")
        return
    Tap.objects.filter(pk=tap.pk).update(transfer=transfer, settlement="posted")
