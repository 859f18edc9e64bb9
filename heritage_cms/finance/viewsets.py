"""Payments and refunds as Wagtail listings: filters, pagination, CSV/XLSX export and
permission checks come from ``ModelViewSet``; exports go through ``safe_cell``.

The export columns keep the names Finance's spreadsheets have always used; amounts are whole
đồng. A row links to the payment's page, where Finance refunds."""

import django_filters
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn, UserColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import BooleanRadioSelect, HeaderButton

from heritage_cms.core.adminui import DateColumn, VNDColumn
from heritage_cms.core.spreadsheet import SafeModelExportIndexView
from heritage_cms.payments.models import Payment, Refund

from .exports import ByteOrderMarkCsvMixin, FormerCsvLinksMixin


def _lookup(item, dotted: str):
    """``a.b.c`` on ``item``; empty where a link on the way is missing (a payment with no
    product, a refund nobody requested)."""
    for name in dotted.split("."):
        if item is None:
            return ""
        item = getattr(item, name)
    return "" if item is None else item


class FinanceIndexView(FormerCsvLinksMixin, ByteOrderMarkCsvMixin, SafeModelExportIndexView):
    """A row links to its payment's page and the header to the other listing; rows are exported
    field by field as ``list_export`` names them, tolerating empty links."""

    #: The relations the rows show, fetched with them.
    related: tuple[str, ...] = ()
    #: The other Finance listing: its button label and URL name.
    other_listing: tuple[str, str] = ("", "")
    #: The attribute of a row that holds its payment's primary key.
    payment_pk = "pk"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related(*self.related)

    def get_inspect_url(self, instance):
        return reverse("finance:payment", args=[getattr(instance, self.payment_pk)])

    @property
    def header_buttons(self):
        label, url_name = self.other_listing
        return [
            *super().header_buttons,
            HeaderButton(label, reverse(url_name), icon_name="list-ul"),
        ]

    def to_row_dict(self, item):
        return {field: _lookup(item, field) for field in self.list_export}


class FinanceViewSet(ModelViewSet):
    """A read-only Finance listing, newest first, shown in the Finance menu (wagtail_hooks)."""

    icon = "list-ul"
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields: list[str] = []  # read-only: the policy refuses add/change/delete anyway
    search_backend_name = None  # a plain icontains on the fields searched
    list_per_page = 50
    ordering = ["-created_at"]


class PaymentFilterSet(WagtailFilterSet):
    created = django_filters.DateFromToRangeFilter(
        field_name="created_at", label=_("Created"), widget=DateRangePickerWidget
    )
    paid = django_filters.DateFromToRangeFilter(
        field_name="paid_at", label=_("Paid"), widget=DateRangePickerWidget
    )
    over_cap = django_filters.BooleanFilter(
        label=_("Beyond the card's maximum"), method="filter_over_cap", widget=BooleanRadioSelect
    )

    class Meta:
        model = Payment
        fields = ["kind", "status"]

    def filter_over_cap(self, queryset, name, value):
        return queryset.filter(over_cap__gt=0) if value else queryset.filter(over_cap=0)


class PaymentIndexView(FinanceIndexView):
    related = ("card", "product")
    other_listing = (_("Refunds"), "finance_refunds:index")


class PaymentDateColumn(TitleColumn):
    """The listing's first column: when the payment was made, linked to its page (refunds are
    asked there), as Wagtail links a listing's title."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return date_format(localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


class PaymentViewSet(FinanceViewSet):
    model = Payment
    name = "finance_payments"
    url_prefix = "finance/payments"
    index_view_class = PaymentIndexView
    filterset_class = PaymentFilterSet
    search_fields = ["card__number"]
    list_display = [
        PaymentDateColumn(
            "created_at",
            label=_("Created"),
            sort_key="created_at",
            get_url=lambda payment: reverse("finance:payment", args=[payment.pk]),
        ),
        "card",
        "kind",
        "product",
        VNDColumn("amount", label=_("Amount")),
        VNDColumn("amount_refunded", label=_("Refunded")),
        "status",
        Column("dispute_status", label=_("Dispute")),
    ]
    export_filename = "payments"
    #: Each exported field and its spreadsheet heading, in column order.
    export_headings = {
        "created_at": "created",
        "reference": "reference",
        "card.number": "card",
        "kind": "kind",
        "product.code": "product",
        "amount.amount": "amount_vnd",
        "amount_refunded.amount": "refunded_vnd",
        "status": "status",
        "stripe_session_id": "stripe_session",
        "stripe_payment_intent_id": "stripe_payment_intent",
        "paid_at": "paid_at",
    }
    list_export = list(export_headings)


class RefundFilterSet(WagtailFilterSet):
    created = django_filters.DateFromToRangeFilter(
        field_name="created_at", label=_("Requested"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Refund
        fields = ["status"]


class RefundIndexView(FinanceIndexView):
    related = ("payment__card", "requested_by")
    other_listing = (_("Payments"), "finance_payments:index")
    payment_pk = "payment_id"


class RefundViewSet(FinanceViewSet):
    model = Refund
    name = "finance_refunds"
    url_prefix = "finance/refunds"
    index_view_class = RefundIndexView
    filterset_class = RefundFilterSet
    search_fields = ["payment__card__number", "reason"]
    list_display = [
        DateColumn("created_at", label=_("Requested"), sort_key="created_at"),
        Column("payment__card", label=_("Card"), accessor="payment.card"),
        VNDColumn("amount", label=_("Amount")),
        "reason",
        UserColumn("requested_by", label=_("Requested by")),
        "status",
        Column("error", label=_("Error")),
    ]
    export_filename = "refunds"
    #: Each exported field and its spreadsheet heading, in column order.
    export_headings = {
        "created_at": "created",
        "reference": "reference",
        "payment.reference": "payment",
        "payment.card.number": "card",
        "amount.amount": "amount_vnd",
        "reason": "reason",
        "requested_by": "requested_by",
        "status": "status",
        "stripe_refund_id": "stripe_refund",
        "error": "error",
    }
    list_export = list(export_headings)
