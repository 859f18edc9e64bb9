from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from heritage_cms.cards.issuing import issue_card


class Command(BaseCommand):
    help = "Register a personalised card (number printed on it, chip UID) with its own account."

    def add_arguments(self, parser):
        parser.add_argument("number")
        parser.add_argument("uid", help="The chip's UID in hex, e.g. 04A1B2C3D4E5F6.")
        parser.add_argument("--key-version", type=int, default=1)

    def handle(self, *args, number, uid, key_version, **options):
        try:
            bytes.fromhex(uid)
        except ValueError:
            raise CommandError(f"UID {uid!r} is not hexadecimal (e.g. 04A1B2C3D4E5F6).") from None
        try:
            card = issue_card(number, uid, key_version)
        except IntegrityError:
            raise CommandError(
                f"A card with number {number} or UID {uid} already exists."
            ) from None
        self.stdout.write(self.style.SUCCESS(f"Issued card {card.number} (UID {card.uid})."))
