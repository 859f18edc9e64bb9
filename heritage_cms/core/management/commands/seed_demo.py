from django.core.management.base import BaseCommand

from heritage_cms.demo.seed import ensure_demo_admin, seed


class Command(BaseCommand):
    help = "Seed the Huế demo content (Vietnamese + English). Safe to run again: changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the demo superuser."
        )

    def handle(self, *args, **options):
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
