import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


def listens_everywhere(host: str) -> bool:
    """Bound to every interface: phones on the LAN try the platform, so print the LAN address."""
    return host in ("0.0.0.0", "::")


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent), for phones to reach."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


class Command(BaseCommand):
    """The generic launcher; the demo app overrides it (same name, listed before ``core``) to add
    its Stripe sandbox and print its login and cards, so ``core`` knows nothing of the demo."""

    help = (
        "Run the whole platform on one machine: web server, task worker and scheduler. "
        "Stops all three on Ctrl-C."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def companion_processes(self, manage: list[str], host: str, port: int) -> dict[str, list[str]]:
        """Further commands to run beside web, worker and scheduler, by name."""
        return {}

    def admin_login_note(self) -> str:
        return "log in with your staff account (manage.py createsuperuser)"

    def card_note(self) -> str:
        return "(Stripe)"

    def handle(self, *args, host: str, port: int, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        processes = {
            "web": subprocess.Popen([*manage, "runserver", f"{host}:{port}", "--noreload"]),
            "worker": subprocess.Popen([*manage, "db_worker", "--no-reload", "--queue-name", "*"]),
            "scheduler": subprocess.Popen([*manage, "run_scheduler"]),
        }
        for name, command in self.companion_processes(manage, host, port).items():
            processes[name] = subprocess.Popen(command)
        url = f"http://{host}:{port}"
        if listens_everywhere(host):
            url = f"http://{lan_address()}:{port}"
        self.stdout.write(
            self.style.SUCCESS(
                f"\nHuế heritage platform running at {url}/\n"
                f"  visitor site : {url}/vi/   (also /en/, /fr/, /zh-hans/, /ja/, /ko/)\n"
                f"  admin        : {url}/admin/  {self.admin_login_note()}\n"
                f"  content API  : {url}/api/v2/pages/?locale=en\n"
                f"  open data    : {url}/open-data/collection.jsonld?locale=en\n"
                f"  my card      : {url}/en/card/  {self.card_note()}\n"
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
