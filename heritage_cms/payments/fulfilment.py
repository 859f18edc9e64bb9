"""What happens when a payment that is not for a card is paid or refunded, without ``payments``
importing the app that sold it (``tickets`` builds on ``payments``, never the other way round).

An app registers its callbacks for a payment kind from its ``AppConfig.ready``; they run inside
the webhook's (or the refund's) transaction, the payment row locked, so what they create lands
exactly once with the ledger posting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Fulfiller:
    on_paid: Callable[[Any], None]
    on_refund: Callable[[Any, Any], None]
    on_refund_reversed: Callable[[Any, Any], None]


_fulfillers: dict[str, Fulfiller] = {}


def register(
    kind: str,
    *,
    on_paid: Callable[[Any], None],
    on_refund: Callable[[Any, Any], None],
    on_refund_reversed: Callable[[Any, Any], None],
) -> None:
    _fulfillers[kind] = Fulfiller(on_paid, on_refund, on_refund_reversed)


def fulfiller(kind: str) -> Fulfiller | None:
    return _fulfillers.get(kind)
