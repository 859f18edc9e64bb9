"""``run_platform`` as ``make demo`` runs it: the generic launcher plus the TEST MODE Stripe
sandbox (when ``STRIPE_API_BASE`` points at this machine), the demo login and the demo cards."""

from django.conf import settings

from heritage_cms.core.management.commands import run_platform
from heritage_cms.demo.cards import demo_cards_in_use
from heritage_cms.demo.seed import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, demo_admin_is_active


def sandbox_in_use() -> bool:
    return settings.STRIPE_API_BASE.startswith(("http://127.0.0.1", "http://localhost"))


class Command(run_platform.Command):
    help = run_platform.Command.help + " With the demo: also the TEST MODE Stripe sandbox."

    def companion_processes(self, manage: list[str], host: str, port: int) -> dict[str, list[str]]:
        if not sandbox_in_use():
            return {}
        # The TEST MODE Stripe stand-in, webhooks back to this server.
        everywhere = run_platform.listens_everywhere(host)
        sandbox = [*manage, "run_stripe_sandbox", "--webhook-url"]
        local = "127.0.0.1" if everywhere else host
        sandbox.append(f"http://{local}:{port}/payments/stripe/webhook/")
        if everywhere:  # its checkout page must be reachable from the phone too
            sandbox_port = settings.STRIPE_API_BASE.rstrip("/").rsplit(":", 1)[1]
            public = f"http://{run_platform.lan_address()}:{sandbox_port}"
            sandbox += ["--host", "0.0.0.0", "--public-url", public]
        return {"stripe-sandbox": sandbox}

    def admin_login_note(self) -> str:
        if demo_admin_is_active():
            return f"login {DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASSWORD}"
        return super().admin_login_note()

    def card_note(self) -> str:
        payments = "TEST MODE Stripe sandbox" if sandbox_in_use() else "Stripe"
        shown = ", ".join(f"{number} code {code}" for number, code in demo_cards_in_use())
        return f"{shown} ({payments})" if shown else f"({payments})"
