"""Finance figures, read from the ledger and the payment records (never from cached totals)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import BigIntegerField, Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from heritage_cms.cards import ledger
from heritage_cms.cards.models import Account, LedgerEntry, Tap, Transfer
from heritage_cms.payments import books, gateway
from heritage_cms.payments.models import Payment, Refund


def _sum(queryset, field: str = "amount") -> int:
    return queryset.aggregate(t=Sum(field, output_field=BigIntegerField()))["t"] or 0


def split_evenly(amount: int, parts: list[str]) -> dict[str, int]:
    """A pass's price shared by its sites in whole đồng; the remainder goes to the first."""
    if not parts:
        return {}
    share, left = divmod(amount, len(parts))
    return {site: share + (left if i == 0 else 0) for i, site in enumerate(parts)}


def revenue_by_site_day(start: date, end: date) -> list[dict]:
    """Fares taken from stored value (ledger), pass sales shared among the pass's sites, and
    entries made on passes, per site and local day."""
    tz = timezone.get_current_timezone()
    rows: dict[tuple[date, str], dict] = defaultdict(
        lambda: {"fares": 0, "pass_sales": 0, "pass_entries": 0}
    )
    fares = (
        LedgerEntry.objects.filter(
            account__kind=Account.Kind.REVENUE,
            transfer__kind=Transfer.Kind.TAP,
            transfer__created_at__date__range=(start, end),
        )
        .exclude(account__site_code="")
        .annotate(day=TruncDate("transfer__created_at", tzinfo=tz))
        .values("day", "account__site_code")
        .annotate(total=Sum("amount", output_field=BigIntegerField()))
    )
    for row in fares:
        rows[(row["day"], row["account__site_code"])]["fares"] += row["total"]
    sales = Payment.objects.filter(
        kind=Payment.Kind.PURCHASE,
        status=Payment.Status.PAID,
        paid_at__date__range=(start, end),
    ).select_related("product")
    for payment in sales:
        day = timezone.localtime(payment.paid_at, tz).date()
        for site, share in split_evenly(payment.amount.amount, payment.product.site_codes).items():
            rows[(day, site)]["pass_sales"] += share
    entries = (
        Tap.objects.filter(settlement="entitlement", occurred_at__date__range=(start, end))
        .annotate(day=TruncDate("occurred_at", tzinfo=tz))
        .values("day", "gate__site_code")
        .annotate(n=Count("pk"))
    )
    for row in entries:
        rows[(row["day"], row["gate__site_code"])]["pass_entries"] += row["n"]
    return [
        {"day": day, "site": site, **values, "total": values["fares"] + values["pass_sales"]}
        for (day, site), values in sorted(rows.items())
    ]


def summary(start: date, end: date) -> dict:
    paid = Payment.objects.filter(status=Payment.Status.PAID, paid_at__date__range=(start, end))
    refunds = Refund.objects.filter(created_at__date__range=(start, end))
    cards = Account.objects.filter(kind=Account.Kind.CARD)
    return {
        "top_ups": paid.filter(kind=Payment.Kind.TOP_UP).count(),
        "top_ups_total": _sum(paid.filter(kind=Payment.Kind.TOP_UP)),
        "purchases": paid.filter(kind=Payment.Kind.PURCHASE).count(),
        "purchases_total": _sum(paid.filter(kind=Payment.Kind.PURCHASE)),
        "refunds": refunds.filter(status__in=["succeeded", "pending"]).count(),
        "refunds_total": _sum(refunds.filter(status__in=["succeeded", "pending"])),
        "refunds_review": refunds.filter(status="review").count(),
        "outstanding": _sum(cards.filter(balance__gt=0), "balance"),
        "overdrawn": _sum(cards.filter(balance__lt=0), "balance"),
        "cards_with_value": cards.filter(~Q(balance=0)).count(),
        "processing": Payment.objects.filter(status=Payment.Status.PROCESSING).count(),
        "disputes": Payment.objects.exclude(dispute_id="").count(),
        "over_cap": Payment.objects.filter(over_cap__gt=0).count(),
        "dispute_losses": -books.account(books.LOSSES).balance.amount,
        "ledger_total": ledger.total_of_all_accounts().amount,
    }


def _source(bt) -> dict:
    source = bt["source"]
    return source if not isinstance(source, str) else {"id": source}


def reconciliation() -> dict:
    """Stripe's balance transactions matched one by one against payments and refunds in the
    ledger; anything on one side only, or with a different amount, is flagged."""
    payments = {
        p.stripe_payment_intent_id: p
        for p in Payment.objects.exclude(stripe_payment_intent_id="").filter(transfer__isnull=False)
    }
    refunds = {r.stripe_refund_id: r for r in Refund.objects.exclude(stripe_refund_id=None)}
    rows, seen_payments, seen_refunds = [], set(), set()
    totals = defaultdict(int)
    for bt in gateway.balance_transactions():
        source = _source(bt)
        kind, amount = bt["type"], int(bt["amount"])
        totals[kind] += amount
        totals["fees"] += int(bt["fee"])
        totals["net"] += int(bt["net"])
        row = {
            "stripe_id": bt["id"],
            "created": bt["created"],
            "type": kind,
            "source": source.get("id", ""),
            "stripe_amount": amount,
            "ledger_amount": None,
            "ours": "",
            "status": "ok",
        }
        if kind in ("charge", "payment"):
            payment = payments.get(source.get("payment_intent"))
            if payment is not None:
                seen_payments.add(payment.pk)
                row.update(ours=str(payment.reference), ledger_amount=payment.amount.amount)
        elif kind in ("refund", "payment_refund"):
            refund = refunds.get(source.get("id"))
            if refund is not None and refund.transfer_id and not refund.reversal_id:
                seen_refunds.add(refund.pk)
                row.update(ours=str(refund.reference), ledger_amount=-refund.amount.amount)
        else:
            row["status"] = "not a sale" if kind == "payout" else "check"
            rows.append(row)
            continue
        if row["ledger_amount"] is None:
            row["status"] = "missing in ledger"
        elif row["ledger_amount"] != amount:
            row["status"] = "amount differs"
        rows.append(row)
    for payment in payments.values():
        if payment.pk not in seen_payments:
            rows.append(_only_ours("payment", payment.reference, payment.amount.amount))
    for refund in Refund.objects.filter(transfer__isnull=False, reversal__isnull=True).exclude(
        pk__in=seen_refunds
    ):
        rows.append(_only_ours("refund", refund.reference, -refund.amount.amount))
    collected = -books.account(books.PAYMENTS).balance.amount
    refunded = books.account(books.REFUNDS).balance.amount
    problems = [r for r in rows if r["status"] not in ("ok", "not a sale")]
    return {
        "rows": rows,
        "problems": problems,
        "stripe": dict(totals),
        "ledger": {"collected": collected, "refunded": refunded, "net": collected - refunded},
        "balanced": not problems
        and totals.get("charge", 0) + totals.get("payment", 0) == collected
        and -(totals.get("refund", 0) + totals.get("payment_refund", 0)) == refunded,
    }


def _only_ours(kind: str, reference, amount: int) -> dict:
    return {
        "stripe_id": "",
        "created": None,
        "type": kind,
        "source": "",
        "stripe_amount": None,
        "ledger_amount": amount,
        "ours": str(reference),
        "status": "missing at Stripe",
    }
