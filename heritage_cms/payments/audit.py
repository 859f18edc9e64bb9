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
}


def record(instance, action: str, user=None, **data) -> None:
    log(instance, action, user=user if user and user.is_authenticated else None, data=data)
