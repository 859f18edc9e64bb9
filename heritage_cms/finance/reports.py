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
from heritage_cms.payments.disputes import CLOSED as DISPUTE_CLOSED
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
        .exclude(account__site=None)
        .annotate(day=TruncDate("transfer__created_at", tzinfo=tz))
        .values("day", "account__site__code")
        .annotate(total=Sum("amount", output_field=BigIntegerField()))
    )
    for row in fares:
        rows[(row["day"], row["account__site__code"])]["fares"] += row["total"]
    sales = Payment.objects.filter(
        kind=Payment.Kind.PURCHASE,
        status=Payment.Status.PAID,
        paid_at__date__range=(start, end),
    ).prefetch_related("product__sites")
    for payment in sales:
        day = timezone.localtime(payment.paid_at, tz).date()
        codes = payment.product.site_codes()
        for site, share in split_evenly(payment.amount.amount, codes).items():
            rows[(day, site)]["pass_sales"] += share
    entries = (
        Tap.objects.filter(settlement="entitlement", occurred_at__date__range=(start, end))
        .annotate(day=TruncDate("occurred_at", tzinfo=tz))
        .values("day", "gate__site__code")
        .annotate(n=Count("pk"))
    )
    for row in entries:
        rows[(row["day"], row["gate__site__code"])]["pass_entries"] += row["n"]
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


CHARGES = ("charge", "payment")
REFUNDS = ("refund", "payment_refund")
# The bank sent a refund back: Stripe has the money again, the ledger put it back (a reversal).
REFUND_FAILURES = ("refund_failure", "payment_failure_refund")


def _is_dispute(bt, source: dict) -> bool:
    """Stripe books a dispute's withdrawal (and its reinstatement if won) as an ``adjustment``
    whose source is the dispute; the test sandbox calls the type ``dispute``."""
    if bt["type"] == "dispute":
        return True
    return bt["type"] == "adjustment" and (
        source.get("object") == "dispute"
        or str(source.get("id", "")).startswith("dp_")
        or bt.get("reporting_category") in ("dispute", "dispute_reversal")
    )


def _row(bt, source: dict) -> dict:
    return {
        "stripe_id": bt["id"],
        "created": bt["created"],
        "type": bt["type"],
        "source": source.get("id", ""),
        "stripe_amount": int(bt["amount"]),
        "ledger_amount": None,
        "ours": "",
        "status": "ok",
    }


def _disputed_in_ledger(payment: Payment) -> int:
    """What a lost dispute took back in the ledger (0 while open or when won), signed as
    Stripe signs it: negative."""
    if payment.dispute_transfer_id is None:
        return 0
    return -_sum(
        LedgerEntry.objects.filter(
            transfer_id=payment.dispute_transfer_id, account=books.account(books.DISPUTES)
        )
    )


def reconciliation() -> dict:
    """Stripe's balance transactions matched one by one against payments, refunds and refund
    failures in the ledger, and dispute by dispute against lost disputes; anything on one side
    only, or with a different amount, is flagged. A dispute still open is shown, not flagged:
    Stripe holds the money, the ledger moves only once it is lost."""
    payments = {
        p.stripe_payment_intent_id: p
        for p in Payment.objects.exclude(stripe_payment_intent_id="").filter(transfer__isnull=False)
    }
    refunds = {r.stripe_refund_id: r for r in Refund.objects.exclude(stripe_refund_id=None)}
    disputed = {p.dispute_id: p for p in Payment.objects.exclude(dispute_id="")}
    rows, seen_payments = [], set()
    seen_refunds: set[int] = set()  # refunds whose debit Stripe shows
    seen_failures: set[int] = set()  # refunds whose failure Stripe shows
    disputes: dict[str, list] = defaultdict(list)  # dispute id → its balance transactions
    totals = defaultdict(int)
    for bt in gateway.balance_transactions():
        source = _source(bt)
        kind, amount = bt["type"], int(bt["amount"])
        totals["fees"] += int(bt["fee"])
        totals["net"] += int(bt["net"])
        if _is_dispute(bt, source):
            totals["dispute"] += amount
            disputes[source.get("id", "")].append(bt)
            continue
        totals[kind] += amount
        row = _row(bt, source)
        if kind in CHARGES:
            payment = payments.get(source.get("payment_intent"))
            if payment is not None:
                seen_payments.add(payment.pk)
                row.update(ours=str(payment.reference), ledger_amount=payment.amount.amount)
        elif kind in REFUNDS:
            refund = refunds.get(source.get("id"))
            if refund is not None and refund.transfer_id:
                seen_refunds.add(refund.pk)
                row.update(ours=str(refund.reference), ledger_amount=-refund.amount.amount)
        elif kind in REFUND_FAILURES:
            refund = refunds.get(source.get("id"))
            if refund is not None and refund.reversal_id:
                seen_failures.add(refund.pk)
                row.update(ours=str(refund.reference), ledger_amount=refund.amount.amount)
        else:
            row["status"] = "not a sale" if kind == "payout" else "check"
            rows.append(row)
            continue
        if row["ledger_amount"] is None:
            row["status"] = "missing in ledger"
        elif row["ledger_amount"] != amount:
            row["status"] = "amount differs"
        rows.append(row)
    _never_booked_failures_are_even(rows, refunds)
    for payment in payments.values():
        if payment.pk not in seen_payments:
            rows.append(_only_ours("payment", payment.reference, payment.amount.amount))
    for refund in Refund.objects.filter(transfer__isnull=False).exclude(pk__in=seen_refunds):
        # One refused at once (reversed, never at Stripe) leaves nothing to match.
        if refund.reversal_id is None or refund.pk in seen_failures:
            rows.append(_only_ours("refund", refund.reference, -refund.amount.amount))
    for refund in Refund.objects.filter(pk__in=seen_refunds, reversal__isnull=False).exclude(
        pk__in=seen_failures
    ):
        rows.append(_only_ours("refund_failure", refund.reference, refund.amount.amount))
    disputes_settled = _match_disputes(rows, disputes, disputed)
    collected = -books.account(books.PAYMENTS).balance.amount
    refunded = books.account(books.REFUNDS).balance.amount
    taken_back = books.account(books.DISPUTES).balance.amount
    problems = [r for r in rows if r["status"] not in ("ok", "not a sale", "dispute open")]
    stripe_refunded = -sum(totals.get(kind, 0) for kind in REFUNDS + REFUND_FAILURES)
    return {
        "rows": rows,
        "problems": problems,
        "stripe": dict(totals),
        "ledger": {"collected": collected, "refunded": refunded, "net": collected - refunded},
        "disputes": {"taken_back_ledger": taken_back, "taken_back_stripe": -disputes_settled},
        "balanced": not problems
        and sum(totals.get(kind, 0) for kind in CHARGES) == collected
        and stripe_refunded == refunded
        and -disputes_settled == taken_back,
    }


def _never_booked_failures_are_even(rows: list[dict], refunds: dict) -> None:
    """A refund made in Stripe's dashboard that we first heard of as failed was never booked
    (nothing moved in the ledger); its refund and its failure at Stripe cancel out."""
    by_refund = defaultdict(list)
    for row in rows:
        refund = refunds.get(row["source"])
        if (
            row["status"] == "missing in ledger"
            and refund is not None
            and refund.status == Refund.Status.FAILED
            and refund.transfer_id is None
        ):
            by_refund[refund.pk].append(row)
    for pair in by_refund.values():
        if sum(row["stripe_amount"] for row in pair) == 0:
            for row in pair:
                ours = refunds[row["source"]].reference
                row.update(ours=str(ours), ledger_amount=0, status="ok")


def _match_disputes(rows: list[dict], disputes: dict, disputed: dict) -> int:
    """One row per dispute, Stripe's balance transactions summed; returns Stripe's net for the
    disputes that are settled (matched or flagged), leaving out open ones."""
    settled = 0
    for dispute_id, transactions in disputes.items():
        stripe_amount = sum(int(bt["amount"]) for bt in transactions)
        payment = disputed.get(dispute_id)
        row = {
            "stripe_id": " ".join(bt["id"] for bt in transactions),
            "created": min(bt["created"] for bt in transactions),
            "type": "dispute",
            "source": dispute_id,
            "stripe_amount": stripe_amount,
            "ledger_amount": None,
            "ours": "",
            "status": "ok",
        }
        if payment is None:
            row["status"] = "missing in ledger"
        else:
            row.update(ours=str(payment.reference), ledger_amount=_disputed_in_ledger(payment))
            if row["ledger_amount"] == stripe_amount:
                pass
            elif payment.dispute_status not in DISPUTE_CLOSED:
                row["status"] = "dispute open"
            else:
                row["status"] = "amount differs"
        if row["status"] != "dispute open":
            settled += stripe_amount
        rows.append(row)
    for dispute_id, payment in disputed.items():
        if dispute_id not in disputes and payment.dispute_transfer_id is not None:
            rows.append(_only_ours("dispute", payment.reference, _disputed_in_ledger(payment)))
    return settled


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
