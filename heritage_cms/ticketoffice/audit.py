"""The ticket office's actions, in the same log as the cards' own
(:mod:`heritage_cms.cards.audit`)."""

from django.utils.translation import gettext_lazy as _

from heritage_cms.cards.audit import record

__all__ = ["ACTIONS", "record"]

ACTIONS = {
    "heritage.office.shift_opened": (_("Open shift"), _("Shift opened")),
    "heritage.office.sale": (_("Ticket-office sale"), _("Sold at the ticket office")),
    "heritage.office.card_sold": (_("Sell card"), _("Card sold at the ticket office")),
    "heritage.office.refund": (_("Refund at the counter"), _("Balance refunded at the counter")),
    "heritage.office.cash_up": (_("Cash-up"), _("Shift counted and closed")),
    "heritage.office.paired": (_("Pair desk agent"), _("Desk agent paired")),
}
