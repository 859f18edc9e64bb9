"""Stripe as the card page's payment provider (registered in ``PaymentsConfig.ready``)."""

from __future__ import annotations

from collections.abc import Iterable

from heritage_cms.cards.models import Card, Product
from heritage_cms.cards.payment_port import ReturnTo

from . import checkout
from .models import Payment, Refund


class StripeCardPayments:
    def start_top_up(self, card: Card, amount: int, urls: ReturnTo, language: str) -> Payment:
        return checkout.start_top_up(card, amount, urls, language)

    def start_purchase(
        self, card: Card, product: Product, urls: ReturnTo, language: str
    ) -> Payment:
        return checkout.start_purchase(card, product, urls, language)

    def recent_refunds(self, card: Card, limit: int) -> Iterable[Refund]:
        return Refund.objects.filter(payment__card=card).order_by("-created_at")[:limit]

    def find(self, reference: str) -> Payment | None:
        return Payment.objects.filter(reference=reference).first()

    def state(self, payment: Payment) -> dict:
        return checkout.payment_state(payment)
