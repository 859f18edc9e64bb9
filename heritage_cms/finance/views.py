"""The Finance area of the Wagtail admin. Everyone here needs ``payments.view_finance``; only the
Finance group (``refund_payment``, ``move_card_value``) may refund or move value."""

from __future__ import annotations

from datetime import date, timedelta
from functools import wraps

import stripe
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from heritage_cms.cards.models import Card
from heritage_cms.payments import refunds, replacement
from heritage_cms.payments.models import CardReplacement, Payment, Refund

from . import reports


class Forbidden(Exception):
    pass


def _require(request, permission: str) -> None:
    if not request.user.has_perm(f"payments.{permission}"):
        raise Forbidden


def finance_view(view):
    """A plain 403 for staff without the permission (Wagtail would turn PermissionDenied into a
    redirect to the dashboard, which hides from scripts and tests that access was refused)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Forbidden:
            return render(request, "finance/admin/forbidden.html", status=403)

    return wrapped


def _period(request) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        start = today - timedelta(days=30)
    try:
        end = date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        end = today
    return start, end


@finance_view
def overview(request):
    _require(request, "view_finance")
    start, end = _period(request)
    rows = reports.revenue_by_site_day(start, end)
    if request.GET.get("format") == "csv":
        return reports.csv_response(
            f"revenue-{start}-{end}.csv",
            ["day", "site", "fares_vnd", "pass_sales_vnd", "pass_entries", "total_vnd"],
            [
                [r["day"], r["site"], r["fares"], r["pass_sales"], r["pass_entries"], r["total"]]
                for r in rows
            ],
        )
    context = {"start": start, "end": end, "rows": rows, "summary": reports.summary(start, end)}
    return render(request, "finance/admin/overview.html", context)


@finance_view
def payment_index(request):
    _require(request, "view_finance")
    payments = Payment.objects.select_related("card", "product").order_by("-created_at")
    if q := request.GET.get("q", "").strip():
        payments = payments.filter(card__number__icontains=q.replace(" ", ""))
    if kind := request.GET.get("kind"):
        payments = payments.filter(kind=kind)
    if status := request.GET.get("status"):
        payments = payments.filter(status=status)
    if request.GET.get("over_cap"):
        payments = payments.filter(over_cap__gt=0)
    if request.GET.get("format") == "csv":
        return reports.csv_response(
            "payments.csv",
            [
                "created",
                "reference",
                "card",
                "kind",
                "product",
                "amount_vnd",
                "refunded_vnd",
                "status",
                "stripe_session",
                "stripe_payment_intent",
                "paid_at",
            ],
            [
                [
                    p.created_at.isoformat(),
                    p.reference,
                    p.card.number,
                    p.kind,
                    p.product.code if p.product else "",
                    p.amount.amount,
                    p.amount_refunded.amount,
                    p.status,
                    p.stripe_session_id or "",
                    p.stripe_payment_intent_id,
                    p.paid_at.isoformat() if p.paid_at else "",
                ]
                for p in payments
            ],
        )
    page = Paginator(payments, 50).get_page(request.GET.get("p"))
    context = {
        "page": page,
        "q": q,
        "kinds": Payment.Kind.choices,
        "statuses": Payment.Status.choices,
        "refunds": Refund.objects.select_related("payment__card", "requested_by")[:20],
    }
    return render(request, "finance/admin/payment_index.html", context)


class RefundForm(forms.Form):
    amount = forms.IntegerField(label=gettext_lazy("Amount (đồng)"), min_value=1)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)
    revoke_entitlement = forms.BooleanField(
        label=gettext_lazy("Revoke the ticket or pass"), required=False
    )


@finance_view
def payment_detail(request, pk: int):
    _require(request, "view_finance")
    payment = get_object_or_404(Payment.objects.select_related("card", "product"), pk=pk)
    form = RefundForm(initial={"amount": payment.refundable.amount})
    if request.method == "POST":
        _require(request, "refund_payment")
        if "retry" in request.POST:
            refund = get_object_or_404(
                Refund, pk=request.POST["retry"], payment=payment, status=Refund.Status.PENDING
            )
            try:
                refunds.submit(refund)
                messages.success(request, _("Refund sent to Stripe."))
            except refunds.RefundError as error:
                messages.error(request, str(error))
            return redirect("finance:payment", pk=pk)
        if "refund_over_cap" in request.POST:
            try:
                refunds.refund_over_cap(payment, request.user)
                messages.success(request, _("Refund done."))
            except refunds.RefundError as error:
                messages.error(request, str(error))
            return redirect("finance:payment", pk=pk)
        form = RefundForm(request.POST)
        if form.is_valid():
            try:
                refunds.refund_payment(
                    payment,
                    form.cleaned_data["amount"],
                    form.cleaned_data["reason"],
                    request.user,
                    form.cleaned_data["revoke_entitlement"],
                )
            except refunds.RefundError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Refund done."))
                return redirect("finance:payment", pk=pk)
    context = {
        "payment": payment,
        "form": form,
        "refunds": payment.refunds.select_related("requested_by"),
        "events": payment.events.order_by("received_at"),
        "can_refund": request.user.has_perm("payments.refund_payment"),
    }
    return render(request, "finance/admin/payment_detail.html", context)


class ReplaceForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("New card number"), max_length=19)
    uid = forms.CharField(label=gettext_lazy("New chip UID (hex)"), max_length=20)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)

    def clean_uid(self):
        uid = self.cleaned_data["uid"].strip()
        try:
            bytes.fromhex(uid)
        except ValueError:
            raise forms.ValidationError(_("Not hexadecimal (e.g. 04A1B2C3D4E5F6).")) from None
        return uid


class BalanceRefundForm(forms.Form):
    amount = forms.IntegerField(
        label=gettext_lazy("Amount (đồng); empty for the whole balance"),
        min_value=1,
        required=False,
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


@finance_view
def card_finance(request, pk: int):
    _require(request, "view_finance")
    card = get_object_or_404(Card.objects.select_related("account"), pk=pk)
    forms_ = {
        "refund_balance": BalanceRefundForm(prefix="refund"),
        "replace": ReplaceForm(prefix="replace"),
        "block": ReasonForm(prefix="block"),
    }
    new_code = None
    if request.method == "POST":
        action = request.POST.get("action")
        _require(request, "refund_payment" if action == "refund_balance" else "move_card_value")
        try:
            if action == "refund_balance":
                form = forms_[action] = BalanceRefundForm(request.POST, prefix="refund")
                if form.is_valid():
                    done = refunds.refund_card_balance(
                        card,
                        form.cleaned_data["amount"],
                        form.cleaned_data["reason"],
                        request.user,
                    )
                    messages.success(
                        request,
                        ngettext("%(n)d refund sent.", "%(n)d refunds sent.", len(done))
                        % {"n": len(done)},
                    )
                    return redirect("finance:card", pk=pk)
            elif action == "block":
                form = forms_[action] = ReasonForm(request.POST, prefix="block")
                if form.is_valid():
                    replacement.block_card(card, form.cleaned_data["reason"], request.user)
                    messages.success(
                        request, _("Card blocked; gates refuse it from their next snapshot.")
                    )
                    return redirect("finance:card", pk=pk)
            elif action == "replace":
                form = forms_[action] = ReplaceForm(request.POST, prefix="replace")
                if form.is_valid():
                    new, new_code = replacement.replace_card(
                        card,
                        form.cleaned_data["number"],
                        form.cleaned_data["uid"],
                        form.cleaned_data["reason"],
                        request.user,
                    )
                    messages.success(
                        request,
                        _("Value moved to card %(number)s. Its access code, shown once: %(code)s")
                        % {"number": new.number, "code": new_code},
                    )
                    return redirect("finance:card", pk=new.pk)
            elif action == "access_code":
                new_code = replacement.renew_access_code(card, request.user)
                messages.success(
                    request, _("New access code, shown once: %(code)s") % {"code": new_code}
                )
                return redirect("finance:card", pk=pk)
        except (refunds.RefundError, replacement.ReplacementError, stripe.StripeError) as error:
            messages.error(request, str(error))
        card.refresh_from_db()
    context = {
        "card": card,
        "forms": forms_,
        "payments": card.payments.order_by("-created_at"),
        "replacement": CardReplacement.objects.filter(old_card=card).first(),
        "replaces": CardReplacement.objects.filter(new_card=card).first(),
        "can_refund": request.user.has_perm("payments.refund_payment"),
        "can_move": request.user.has_perm("payments.move_card_value"),
    }
    return render(request, "finance/admin/card.html", context)


@finance_view
def reconciliation(request):
    _require(request, "view_finance")
    try:
        result = reports.reconciliation()
    except stripe.StripeError as error:
        messages.error(request, _("Stripe could not be reached: %(error)s") % {"error": error})
        result = None
    if result is not None and request.GET.get("format") == "csv":
        return reports.csv_response(
            "reconciliation.csv",
            [
                "stripe_id",
                "created",
                "type",
                "source",
                "stripe_amount_vnd",
                "ledger_amount_vnd",
                "our_reference",
                "status",
            ],
            [
                [
                    r["stripe_id"],
                    r["created"],
                    r["type"],
                    r["source"],
                    r["stripe_amount"],
                    r["ledger_amount"],
                    r["ours"],
                    r["status"],
                ]
                for r in result["rows"]
            ],
        )
    return render(request, "finance/admin/reconciliation.html", {"result": result})
