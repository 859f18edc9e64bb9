"""The tickets app as ``cards.ticket_port`` sees it: what the gate API and card page ask."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from heritage_cms.cards.models import Card, Entitlement

from . import services, signing
from .models import Ticket


class IssuedTickets:
    def issued(self, codes: Iterable[str]) -> set[str]:
        return set(Ticket.objects.filter(code__in=set(codes)).values_list("code", flat=True))

    def public_keys(self) -> list[dict[str, str]]:
        return signing.public_keys()

    def revoked(self, today: date) -> list[str]:
        return list(
            Ticket.objects.exclude(status=Ticket.Status.VALID)
            .filter(valid_until__gte=today)
            .order_by("code")
            .values_list("code", flat=True)
        )

    def live_product_ids(self, today: date) -> set[int]:
        return set(
            Ticket.objects.filter(status=Ticket.Status.VALID, valid_until__gte=today)
            .values_list("product_id", flat=True)
            .distinct()
        )

    def attach_to_card(self, card: Card, code: str) -> Entitlement:
        return services.attach_to_card(card, code)
