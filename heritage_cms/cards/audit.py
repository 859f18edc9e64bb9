"""Who did what to which card, when and why: Wagtail's own log, shown in the admin's history and
site history reports."""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

ACTIONS = {
    "heritage.card.blocked": (_("Block card"), _("Card blocked")),
    "heritage.card.replaced": (_("Replace card"), _("Card replaced, value moved")),
    "heritage.card.access_code": (_("New access code"), _("Access code renewed")),
}


def record(instance, action: str, user=None, **data) -> None:
    log(instance, action, user=user if user and user.is_authenticated else None, data=data)
