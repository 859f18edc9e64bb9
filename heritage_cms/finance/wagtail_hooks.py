"""The Finance menu, its admin URLs and viewsets, and the finance button on the card listing."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem

from heritage_cms.cards.models import Card

from . import urls
from .viewsets import PaymentViewSet, RefundViewSet


@hooks.register("register_admin_viewset")
def register_finance_viewsets():
    return [PaymentViewSet(), RefundViewSet()]


@hooks.register("register_admin_urls")
def register_finance_urls():
    return [path("finance/", include(urls, namespace="finance"))]


class FinanceItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("payments.view_finance")


class FinanceMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return request.user.has_perm("payments.view_finance")


@hooks.register("register_admin_menu_item")
def register_finance_menu():
    items = [
        FinanceItem(_("Revenue and balances"), reverse("finance:overview"), icon_name="doc-full"),
        FinanceItem(
            _("Payments and refunds"), reverse("finance_payments:index"), icon_name="list-ul"
        ),
        FinanceItem(
            _("Stripe reconciliation"), reverse("finance:reconciliation"), icon_name="tick"
        ),
    ]
    return FinanceMenu(
        _("Finance"), Menu(items=items), icon_name="doc-full", name="finance", order=900
    )


@hooks.register("register_snippet_listing_buttons")
def card_finance_button(snippet, user, next_url=None):
    if isinstance(snippet, Card) and user.has_perm("payments.view_finance"):
        yield ListingMenuItem(
            _("Balance, refund, block, replace"),
            reverse("finance:card", args=[snippet.pk]),
            icon_name="doc-full",
            priority=50,
        )
