from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from heritage_cms.demo.seed import ensure_demo_admin, seed


class Command(BaseCommand):
    help = "Seed the Huế demo content (Vietnamese + English). Safe to run again: changes nothing."

    # Under the production settings (DEMO_CONTENT_ALLOWED = False) the published demo login and the
    # demo cards, whose access codes are printed in the README, would open a real installation.
    REFUSAL = (
        "seed_demo creates a login with a published password and demo cards with printed access "
        "codes, so it does not run under the production settings; use --force only on a "
        "throwaway instance."
    )
    WARNING = (
        "Forced under the production settings: the demo login and the demo cards' printed codes "
        "now work here. Remove them before this instance takes real visitors."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the demo superuser."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even under the production settings (a throwaway staging instance).",
        )

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_CONTENT_ALLOWED", True):
            if not options["force"]:
                raise CommandError(self.REFUSAL)
            self.stderr.write(self.style.WARNING(self.WARNING))
        report = seed()
        for title in report.created:
            self.stdout.write(f"created     {title}")
        for title in report.translated:
            self.stdout.write(f"translated  {title} → English")
        if not options["no_admin"]:
            username, _password, created = ensure_demo_admin()
            if created:
                self.stdout.write(f"created     superuser {username}")
        summary = (
            f"{len(report.created)} pages created, {len(report.translated)} translated, "
            f"{len(report.kept)} already present and left as they were."
        )
        self.stdout.write(self.style.SUCCESS(summary))
