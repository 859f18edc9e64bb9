from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "heritage_cms.payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from heritage_cms.cards import payment_port
        from heritage_cms.core import metrics

        from . import checks  # noqa: F401 - registers the deploy check
        from .card_port import StripeCardPayments
        from .metrics import WebhookCollector

        metrics.register(WebhookCollector())
        payment_port.register(StripeCardPayments())
