"""Selling a ticket or pass against the value a card already holds: no payment provider involved.

The card's account pays the pass-sales revenue account in one ledger transfer, and the pass is
put on the card in the same database transaction, so a pass never exists without its payment
nor a payment without its pass. The caller gives an idempotency key per purchase (the card page
puts one in its form): a double submit, or a retry after a lost answer, sells once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from . import ledger
from .models import Account, Card, Entitlement, LedgerError, Product, Transfer

# The revenue account of every ticket and pass sold, whoever took the money (``payments/books``
# names the same account for sales paid through Stripe).
PASS_SALES = "sales:passes"


class SaleRefused(Exception):
    """A sentence the visitor can act on: not enough on the card, a card that is not active."""


@dataclass(frozen=True)
class Sale:
    entitlement: Entitlement | None
    transfer: Transfer
    created: bool  # False: this key had already sold the pass (a repeated submit)


def product_label(product: Product, names: dict[str, str] | None = None) -> str:
    """The product as the visitor reads it, in the active language.

    Staff name products in the source language (Vietnamese); other languages get a name built
    from the product's kind, the translated titles of its monuments (``names``: site code to
    title, when the caller has them already), its entries and its days.
    """
    if get_language() == settings.LANGUAGE_CODE:
        return product.name
    sites = ", ".join(
        (names or {}).get(site.code) or site.name
        for site in sorted(product.sites.all(), key=lambda site: site.code)
    )
    entries = ngettext(
        "%(count)d entry per site", "%(count)d entries per site", product.entries_per_site
    ) % {"count": product.entries_per_site}
    days = ngettext("valid %(count)d day", "valid %(count)d days", product.valid_days) % {
        "count": product.valid_days
    }
    return f"{product.get_kind_display()}: {sites} · {entries} · {days}"


def pass_sales_account() -> Account:
    return ledger.account(PASS_SALES, Account.Kind.REVENUE)


def grant(card: Card, product: Product) -> Entitlement:
    """Put ``product`` on ``card`` from today for the product's number of days."""
    today = timezone.localdate()
    return Entitlement.objects.create(
        card=card,
        product=product,
        valid_from=today,
        valid_until=today + timedelta(days=max(product.valid_days, 1) - 1),
    )


def covers(card: Card, product: Product) -> bool:
    """Whether the card's stored value pays for ``product`` by itself."""
    return card.account.balance.amount >= product.price.amount


def buy_with_balance(card: Card, product: Product, key: str) -> Sale:
    """Sell ``product`` to ``card`` paid from its balance, once per ``key``."""
    if card.status != Card.Status.ACTIVE:
        raise SaleRefused(_("This card is not active: it cannot pay for a pass."))
    if not product.is_active:
        raise SaleRefused(_("This ticket is no longer on sale."))
    revenue = pass_sales_account()
    legs = [(card.account, -product.price), (revenue, product.price)]
    key = f"card-sale:{card.pk}:{key}"
    try:
        with transaction.atomic():
            # Both accounts locked in primary-key order, as ledger.post does, so the balance read
            # here is the one the posting sees. The card's floor lets gates go below zero
            # offline; a sale is paid only from what the card really holds.
            locked = {
                account.pk: account
                for account in Account.objects.select_for_update()
                .filter(pk__in=[card.account_id, revenue.pk])
                .order_by("pk")
            }
            replay = Transfer.objects.filter(idempotency_key=key).exists()
            if not replay and locked[card.account_id].balance.amount < product.price.amount:
                raise SaleRefused(
                    _(
                        "Your card does not hold enough for this pass. Top up the difference or "
                        "pay by bank card."
                    )
                )
            transfer, created = ledger.post(
                key,
                Transfer.Kind.PASS_SALE,
                legs,
                memo=f"{product.code} · paid from the card's balance",
            )
            entitlement = grant(card, product) if created else None
    except LedgerError:
        raise SaleRefused(_("This purchase could not be recorded. Please try again.")) from None
    return Sale(entitlement, transfer, created)
