from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "heritage_cms.tickets"
    verbose_name = _("E-tickets")

    def ready(self) -> None:
        from heritage_cms.cards import ticket_port
        from heritage_cms.payments import fulfilment

        from .registry import IssuedTickets
        from .services import issue_for_payment, refund_reversed, refunded

        ticket_port.register(IssuedTickets())
        fulfilment.register(
            "tickets",
            on_paid=issue_for_payment,
            on_refund=refunded,
            on_refund_reversed=refund_reversed,
        )
