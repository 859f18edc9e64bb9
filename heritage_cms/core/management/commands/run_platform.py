import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from heritage_cms.demo.cards import demo_cards_in_use
from heritage_cms.demo.seed import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, demo_admin_is_active


def sandbox_in_use() -> bool:
    return settings.STRIPE_API_BASE.startswith(("http://127.0.0.1", "http://localhost"))


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent), for phones to reach."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def demo_cards_line() -> str:
    cards = demo_cards_in_use()
    payments = "TEST MODE Stripe sandbox" if sandbox_in_use() else "Stripe"
    shown = ", ".join(f"{number} code {code}" for number, code in cards)
    return f"{shown} ({payments})" if shown else f"({payments})"


class Command(BaseCommand):
    help = (
        "Run the whole platform on one machine: web server, task worker and scheduler. "
        "Stops all three on Ctrl-C."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def handle(self, *args, host: str, port: int, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        processes = {
            "web": subprocess.Popen([*manage, "runserver", f"{host}:{port}", "--noreload"]),
            "worker": subprocess.Popen([*manage, "db_worker", "--no-reload", "--queue-name", "*"]),
            "scheduler": subprocess.Popen([*manage, "run_scheduler"]),
        }
        url = f"http://{host}:{port}"
        everywhere = host in ("0.0.0.0", "::")  # phones on the LAN try the demo
        if everywhere:
            url = f"http://{lan_address()}:{port}"
        if sandbox_in_use():  # the TEST MODE Stripe stand-in, webhooks back to this server
            sandbox = [*manage, "run_stripe_sandbox", "--webhook-url"]
            local = "127.0.0.1" if everywhere else host
            sandbox.append(f"http://{local}:{port}/payments/stripe/webhook/")
            if everywhere:  # its checkout page must be reachable from the phone too
                sandbox_port = settings.STRIPE_API_BASE.rstrip("/").rsplit(":", 1)[1]
                public = f"http://{lan_address()}:{sandbox_port}"
                sandbox += ["--host", "0.0.0.0", "--public-url", public]
            processes["stripe-sandbox"] = subprocess.Popen(sandbox)
        login = (
            f"login {DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASSWORD}"
            if demo_admin_is_active()
            else "log in with your staff account (manage.py createsuperuser)"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"\nHuế heritage platform running at {url}/\n"
                f"  visitor site : {url}/vi/   (also /en/, /fr/, /zh-hans/, /ja/, /ko/)\n"
                f"  admin        : {url}/admin/  {login}\n"
                f"  content API  : {url}/api/v2/pages/?locale=en\n"
                f"  open data    : {url}/open-data/collection.jsonld?locale=en\n"
                f"  my card      : {url}/en/card/  {demo_cards_line()}\n"
                "Press Ctrl-C to stop.\n"
            )
        )

        def stop(*_args):
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            for process in processes.values():
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)
        try:
            while True:
                for name, process in processes.items():
                    if process.poll() is not None:
                        self.stderr.write(f"{name} exited with status {process.returncode}")
                        stop()
                time.sleep(1)
        except KeyboardInterrupt:
            stop()
