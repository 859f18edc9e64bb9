from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CardsConfig(AppConfig):
    name = "heritage_cms.cards"
    verbose_name = _("Cards and ledger")

    def ready(self) -> None:
        from heritage_cms.core import metrics

        from .metrics import GateCollector, TapCollector

        metrics.register(GateCollector(), TapCollector())
