"""How the card page takes money without knowing who takes it.

``cards`` owns the visitor's card page and the ledger; ``payments`` (Stripe) builds on the ledger.
For the page to open a checkout without ``cards`` importing ``payments`` (a cycle between the two
apps), ``payments`` registers its provider here from ``PaymentsConfig.ready``. The top-up bounds
are card rules, so they live here too: every provider honours the same ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from .models import Card, Product

TOP_UP_PRESETS = (100_000, 200_000, 500_000, 1_000_000)
TOP_UP_MIN = 50_000
TOP_UP_MAX = 5_000_000
CARD_BALANCE_MAX = 10_000_000  # stored value is for a visit, not a savings account


class PaymentRefused(Exception):
    """A sentence the tourist can act on: a blocked card, an amount out of bounds, a provider
    that is down (nothing charged)."""


@dataclass(frozen=True)
class ReturnUrls:
    success: str
    cancel: str


class PendingPayment(Protocol):
    """What the card page reads of a payment: its reference for the return address, the card
    it was made for, and where the payer is sent."""

    reference: Any
    card_id: int
    checkout_url: str


ReturnTo = Callable[[PendingPayment], ReturnUrls]


class CardPayments(Protocol):
    def start_top_up(
        self, card: Card, amount: int, urls: ReturnTo, language: str
    ) -> PendingPayment: ...

    def start_purchase(
        self, card: Card, product: Product, urls: ReturnTo, language: str
    ) -> PendingPayment: ...

    def recent_refunds(self, card: Card, limit: int) -> Iterable[Any]: ...

    def find(self, reference: str) -> PendingPayment | None: ...

    def state(self, payment: PendingPayment) -> dict: ...


_provider: CardPayments | None = None


def register(provider: CardPayments) -> None:
    global _provider
    _provider = provider


def provider() -> CardPayments:
    if _provider is None:
        raise PaymentRefused("No payment provider is installed.")
    return _provider
