"""`manage.py check --deploy` notes when production still points at the TEST MODE sandbox
(an Info, not a Warning: CI's deploy check runs without a Stripe account and must pass)."""

from django.conf import settings
from django.core.checks import Info, register


@register(deploy=True)
def stripe_is_real(app_configs, **kwargs):
    local = settings.STRIPE_API_BASE.startswith(("http://127.0.0.1", "http://localhost"))
    if local or settings.STRIPE_WEBHOOK_SECRET == "whsec_heritage_sandbox":
        return [
            Info(
                "Payments go to the TEST MODE Stripe sandbox.",
                hint="Set STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and "
                "STRIPE_API_BASE=https://api.stripe.com.",
                id="payments.I001",
            )
        ]
    return []
