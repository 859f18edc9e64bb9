import time

from django.conf import settings
from django.core.management.base import BaseCommand

from heritage_cms.demo.stripe_sandbox import Sandbox, SandboxServer


class Command(BaseCommand):
    help = (
        "Run the TEST MODE Stripe sandbox (checkout page, API, signed webhooks) that the demo's "
        "STRIPE_API_BASE points at. No real money moves."
    )

    def add_arguments(self, parser):
        base = settings.STRIPE_API_BASE.rstrip("/").rsplit(":", 1)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=int(base[1]) if len(base) == 2 else 12111)
        parser.add_argument(
            "--webhook-url",
            default=f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/payments/stripe/webhook/",
            help="Where to POST signed events (the platform's webhook endpoint).",
        )
        parser.add_argument(
            "--public-url",
            default="",
            help="The address visitors' browsers reach the checkout page at (e.g. the machine's "
            "LAN address when phones try the demo); default: where it listens.",
        )

    def handle(self, *args, host: str, port: int, webhook_url: str, public_url: str, **options):
        sandbox = Sandbox(
            settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET, webhook_url=webhook_url
        )
        server = SandboxServer(sandbox, host, port).start()
        if public_url:
            sandbox.base_url = public_url.rstrip("/")
        self.stdout.write(
            f"Stripe sandbox (TEST MODE) at {server.url}/ — webhooks to {webhook_url}"
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            server.stop()
