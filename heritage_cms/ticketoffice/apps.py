from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketOfficeConfig(AppConfig):
    """The counter where tourists get their card: tills, shifts, sales and the cash-up."""

    name = "heritage_cms.ticketoffice"
    verbose_name = _("Ticket office")
