"""What happened to which payment, when and why, in the same log as the cards' own actions
(:mod:`heritage_cms.cards.audit`)."""

from django.utils.translation import gettext_lazy as _

from heritage_cms.cards.audit import record

__all__ = ["ACTIONS", "record"]

ACTIONS = {
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
