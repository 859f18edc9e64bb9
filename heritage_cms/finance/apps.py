from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    """The Finance back office in the Wagtail admin: revenue, payments and refunds, card value
    and the Stripe reconciliation. It owns no models; it reads ``payments`` and ``cards``."""

    name = "heritage_cms.finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from . import permissions

        permissions.register()
