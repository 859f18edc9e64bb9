"""What the gate API and the card page need to know of e-tickets, without ``cards`` importing
the ``tickets`` app (which builds on cards and payments). ``tickets`` registers its registry
here from ``TicketsConfig.ready``; with none installed, no ticket is known and the snapshot
carries no keys, so a gate refuses every QR.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from .models import Card, Entitlement


class TicketRefused(Exception):
    """A sentence the visitor can act on (unknown code, already used, already on a card)."""


class TicketRegistry(Protocol):
    def issued(self, codes: Iterable[str]) -> set[str]:
        """Which of these codes we issued (any status)."""
        ...

    def public_keys(self) -> list[dict[str, str]]:
        """The snapshot's ``ticket_keys``: key id and base64url raw public key, never more."""
        ...

    def revoked(self, today: date) -> list[str]:
        """Codes revoked (refunded, moved to a card, by staff) whose validity has not ended."""
        ...

    def live_product_ids(self, today: date) -> set[int]:
        """Products of tickets still valid, so a gate can read them even when off sale."""
        ...

    def attach_to_card(self, card: Card, code: str) -> Entitlement: ...


class _NoTickets:
    def issued(self, codes: Iterable[str]) -> set[str]:
        return set()

    def public_keys(self) -> list[dict[str, str]]:
        return []

    def revoked(self, today: date) -> list[str]:
        return []

    def live_product_ids(self, today: date) -> set[int]:
        return set()

    def attach_to_card(self, card: Card, code: str) -> Entitlement:
        raise TicketRefused("E-tickets are not available here.")


_registry: TicketRegistry = _NoTickets()


def register(registry: TicketRegistry) -> None:
    global _registry
    _registry = registry


def registry() -> TicketRegistry:
    return _registry
