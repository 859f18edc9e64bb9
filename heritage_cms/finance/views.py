"""The Finance area of the Wagtail admin. Everyone here needs ``payments.view_finance``; only the
Finance group (``refund_payment``, ``move_card_value``) may refund or move value.

The payment and refund listings are Wagtail viewsets (``viewsets``); here are the two reports
(revenue, Stripe reconciliation), which export through Wagtail's spreadsheet mixin and
``safe_cell``, and the two pages where Finance acts on a payment or a card."""

from __future__ import annotations

from datetime import date, timedelta

import stripe
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic import PermissionCheckedMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from heritage_cms.cards import replacement
from heritage_cms.cards.models import Card, CardReplacement
from heritage_cms.core.spreadsheet import SafeExportMixin
from heritage_cms.payments import refunds
from heritage_cms.payments.models import Payment, Refund

from . import reports
from .exports import ByteOrderMarkCsvMixin, FormerCsvLinksMixin
from .permissions import finance_policy


def _require(request, action: str) -> None:
    """Refused the way Wagtail refuses: its admin URLs turn this into the dashboard and a
    message."""
    if not finance_policy.user_has_permission(request.user, action):
        raise PermissionDenied


class FinanceReportView(
    FormerCsvLinksMixin,
    ByteOrderMarkCsvMixin,
    SafeExportMixin,
    SpreadsheetExportMixin,
    PermissionCheckedMixin,
    TemplateView,
):
    """A report of computed rows (not a model listing): the page, or ``?export=csv|xlsx``."""

    permission_policy = finance_policy
    permission_required = "view"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        if self.is_export and context.get("rows") is not None:
            return self.as_spreadsheet(context["rows"], request.GET["export"])
        return self.render_to_response(context)


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


class RevenueView(FinanceReportView):
    template_name = "finance/admin/overview.html"
    list_export = ["day", "site", "fares", "pass_sales", "pass_entries", "total"]
    export_headings = {
        "fares": "fares_vnd",
        "pass_sales": "pass_sales_vnd",
        "total": "total_vnd",
    }

    def get_filename(self):
        return f"revenue-{self.start}-{self.end}"

    def get_context_data(self, **kwargs):
        self.start, self.end = _period(self.request)
        return super().get_context_data(
            start=self.start,
            end=self.end,
            rows=reports.revenue_by_site_day(self.start, self.end),
            summary=None if self.is_export else reports.summary(self.start, self.end),
            **kwargs,
        )


class ReconciliationView(FinanceReportView):
    template_name = "finance/admin/reconciliation.html"
    export_filename = "reconciliation"
    list_export = [
        "stripe_id",
        "created",
        "type",
        "source",
        "stripe_amount",
        "ledger_amount",
        "ours",
        "status",
    ]
    export_headings = {
        "stripe_amount": "stripe_amount_vnd",
        "ledger_amount": "ledger_amount_vnd",
        "ours": "our_reference",
    }

    def get_context_data(self, **kwargs):
        try:
            result = reports.reconciliation()
        except stripe.StripeError as error:
            messages.error(
                self.request, _("Stripe could not be reached: %(error)s") % {"error": error}
            )
            result = None
        rows = None if result is None else result["rows"]
        return super().get_context_data(result=result, rows=rows, **kwargs)


class RefundForm(forms.Form):
    amount = forms.IntegerField(label=gettext_lazy("Amount (đồng)"), min_value=1)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)
    revoke_entitlement = forms.BooleanField(
        label=gettext_lazy("Revoke the ticket or pass"), required=False
    )


def payment_detail(request, pk: int):
    _require(request, "view")
    payment = get_object_or_404(Payment.objects.select_related("card", "product"), pk=pk)
    form = RefundForm(initial={"amount": payment.refundable.amount})
    if request.method == "POST":
        _require(request, "refund")
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
        "can_refund": finance_policy.user_has_permission(request.user, "refund"),
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


def card_finance(request, pk: int):
    _require(request, "view")
    card = get_object_or_404(Card.objects.select_related("account"), pk=pk)
    forms_ = {
        "refund_balance": BalanceRefundForm(prefix="refund"),
        "replace": ReplaceForm(prefix="replace"),
        "block": ReasonForm(prefix="block"),
    }
    new_code = None
    if request.method == "POST":
        action = request.POST.get("action")
        _require(request, "refund" if action == "refund_balance" else "move_value")
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
        "can_refund": finance_policy.user_has_permission(request.user, "refund"),
        "can_move": finance_policy.user_has_permission(request.user, "move_value"),
    }
    return render(request, "finance/admin/card.html", context)
