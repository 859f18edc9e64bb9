"""Starting a payment: our record first, then a Stripe Checkout Session that points back to it.

Nothing is credited here, nor on the return page: only a verified webhook credits (see
webhooks.py), because the payer's browser may never come back, or come back before Stripe has
told us anything.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import stripe
from django.db import transaction
from django.db.models import BigIntegerField, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from heritage_cms.cards.models import Account, Card, Product
from heritage_cms.cards.payment_port import (  # noqa: F401 - the bounds and return addresses are
    CARD_BALANCE_MAX,  # card rules (cards.payment_port); checkout applies them to Stripe
    TOP_UP_MAX,
    TOP_UP_MIN,
    TOP_UP_PRESETS,
    PaymentRefused,
    ReturnUrls,
)
from heritage_cms.cards.sales import product_label
from heritage_cms.core.money import VND, format_vnd

from . import gateway
from .models import Payment

SESSION_LIFETIME = timedelta(hours=24)  # Stripe's default expiry of a Checkout Session

STRIPE_LOCALES = {"vi": "vi", "en": "en", "fr": "fr", "zh-hans": "zh", "ja": "ja", "ko": "ko"}


class CheckoutError(PaymentRefused):
    """A message the tourist can act on."""


def _usable(card: Card) -> None:
    if card.status != Card.Status.ACTIVE:
        raise CheckoutError(_("This card is blocked and cannot be topped up or used to buy."))


def start_top_up(
    card: Card, amount: int, urls: Callable[[Payment], ReturnUrls], language: str
) -> Payment:
    _usable(card)
    if not TOP_UP_MIN <= amount <= TOP_UP_MAX:
        raise CheckoutError(
            _("Choose an amount between %(min)s and %(max)s.")
            % {"min": format_vnd(TOP_UP_MIN), "max": format_vnd(TOP_UP_MAX)}
        )
    with transaction.atomic():
        # The card's account row, locked, serialises two checkouts opening on the same card.
        account = Account.objects.select_for_update().get(pk=card.account_id)
        if account.balance.amount + reserved(card) + amount > CARD_BALANCE_MAX:
            raise CheckoutError(
                _(
                    "A card may hold at most %(max)s, counting payments still open; finish or "
                    "cancel those first."
                )
                % {"max": format_vnd(CARD_BALANCE_MAX)}
            )
        payment = Payment.objects.create(
            card=card, kind=Payment.Kind.TOP_UP, amount=VND(amount), language=language
        )
    name = _("Top-up of Huế heritage card %(number)s") % {"number": card.number}
    return _open_session(payment, name, urls)


def reserved(card: Card) -> int:
    """What open top-ups may still add to the card: a Checkout Session lives at most 24 hours,
    and its expiry (or failure) webhook releases it sooner."""
    since = timezone.now() - SESSION_LIFETIME
    total = (
        Payment.objects.filter(card=card, kind=Payment.Kind.TOP_UP)
        .filter(
            Q(status__in=(Payment.Status.CREATED, Payment.Status.OPEN), created_at__gte=since)
            | Q(status=Payment.Status.PROCESSING)  # a bank transfer may take days to clear
        )
        .aggregate(total=Sum("amount", output_field=BigIntegerField()))["total"]
    )
    return int(total or 0)


def start_purchase(
    card: Card, product: Product, urls: Callable[[Payment], ReturnUrls], language: str
) -> Payment:
    _usable(card)
    if not product.is_active:
        raise CheckoutError(_("This ticket is no longer on sale."))
    payment = Payment.objects.create(
        card=card,
        kind=Payment.Kind.PURCHASE,
        amount=product.price,
        product=product,
        language=language,
    )
    # What the payer reads on Stripe's page: the product in their language, not the source's.
    return _open_session(payment, product_label(product), urls)


def start_order(
    amount: int,
    name: str,
    urls: Callable[[Payment], ReturnUrls],
    language: str,
    prepare: Callable[[Payment], None],
) -> Payment:
    """A payment with no card (e-tickets): ``prepare`` records what it buys, in the same
    transaction as the payment, before Stripe is asked, so the webhook always finds it."""
    if amount <= 0:
        raise CheckoutError(_("Choose at least one visitor."))
    with transaction.atomic():
        payment = Payment.objects.create(
            card=None, kind=Payment.Kind.TICKETS, amount=VND(amount), language=language
        )
        prepare(payment)
    return _open_session(payment, name, urls)


def _open_session(payment: Payment, name: str, urls: Callable[[Payment], ReturnUrls]) -> Payment:
    back = urls(payment)
    try:
        session = gateway.create_checkout_session(
            idempotency_key=f"checkout:{payment.reference}",
            reference=str(payment.reference),
            amount=payment.amount.amount,
            name=name,
            success_url=back.success,
            cancel_url=back.cancel,
            locale=STRIPE_LOCALES.get(payment.language, "auto"),
            metadata={
                "payment_reference": str(payment.reference),
                "card_number": payment.card.number if payment.card_id else "",
                "kind": payment.kind,
            },
        )
    except stripe.StripeError as error:
        Payment.objects.filter(pk=payment.pk, status=Payment.Status.CREATED).update(
            status=Payment.Status.FAILED
        )
        raise CheckoutError(
            _("The payment service is not available just now; nothing was charged. Try again.")
        ) from error
    # A webhook may already have landed (it finds the payment by reference): never step back.
    Payment.objects.filter(pk=payment.pk).update(
        stripe_session_id=session.id, checkout_url=session.url or ""
    )
    Payment.objects.filter(pk=payment.pk, status=Payment.Status.CREATED).update(
        status=Payment.Status.OPEN
    )
    payment.refresh_from_db()
    return payment


def payment_state(payment: Payment) -> dict:
    """Where a payment stands, as the payer's return page shows it and polls for it."""
    return {
        "reference": str(payment.reference),
        "status": payment.status,
        "final": payment.status in Payment.FINAL,
        "label": str(payment.get_status_display()),
        "amount": payment.amount.amount,
    }
