"""Who did what to which card or payment, when and why: Wagtail's own log, shown in the admin's
history and site history reports."""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

ACTIONS = {
    "heritage.card.blocked": (_("Block card"), _("Card blocked")),
    "heritage.card.replaced": (_("Replace card"), _("Card replaced, value moved")),
    "heritage.card.access_code": (_("New access code"), _("Access code renewed")),
    "heritage.payment.paid": (_("Payment"), _("Payment credited")),
    "heritage.payment.refund": (_("Refund"), _("Refund requested")),
    "heritage.payment.refund_failed": (_("Refund failed"), _("Refund failed and reversed")),
    "heritage.payment.dispute": (_("Dispute"), _("Payment disputed")),
    "heritage.payment.dispute_lost": (_("Dispute lost"), _("Dispute lost: money taken back")),
    "heritage.payment.dispute_won": (_("Dispute won"), _("Dispute won: nothing moved")),
    "heritage.payment.over_cap": (
        _("Over the card's maximum"),
        _("Credited beyond the card's maximum: refund the excess"),
    ),
}


def record(instance, action: str, user=None, **data) -> None:
    log(instance, action, user=user if user and user.is_authenticated else None, data=data)
