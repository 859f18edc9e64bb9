import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from heritage_cms.opendata import export, statistics


class Command(BaseCommand):
    help = "Write the collection as open data (JSON-LD and CSV) for each locale into a folder."

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path, help="Folder to write into (created if missing).")
        parser.add_argument("--locale", action="append", help="Only these locales (repeatable).")

    def handle(self, *args, output: Path, **options):
        codes = options["locale"] or list(Locale.objects.values_list("language_code", flat=True))
        output.mkdir(parents=True, exist_ok=True)
        for code in codes:
            try:
                locale = Locale.objects.get(language_code=code)
            except Locale.DoesNotExist:
                raise CommandError(f"No locale “{code}”.") from None
            data = export.collection_jsonld(locale)
            (output / f"collection-{code}.jsonld").write_text(
                json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8"
            )
            (output / f"collection-{code}.csv").write_text(
                export.collection_csv(locale), encoding="utf-8"
            )
            self.stdout.write(f"{code}: {len(data['@graph'])} records")
        # Beside the collection: the daily entries per monument (aggregated, no personal data).
        first, last = statistics.period(None, None)
        (output / "daily-entries.json").write_text(
            json.dumps(statistics.as_json(first, last), ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
        (output / "daily-entries.csv").write_text(statistics.as_csv(first, last), encoding="utf-8")
