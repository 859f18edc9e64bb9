from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils import timezone

from cardreader_service import DEFAULT_ENV_VAR, KeyStoreError, MasterKeyStore
from heritage_cms.cards.issuing import issue_card
from heritage_cms.cards.models import Card

# Keys 0 and 2 of every card come from the issuer master, which never goes to a gate.
ISSUER_KEYS_ENV_VAR = "HUE_CARD_ISSUER_KEYS"


def _hex(value, what):
    try:
        return bytes.fromhex(value)
    except ValueError:
        raise CommandError(f"{what} {value!r} is not hexadecimal (e.g. 04A1B2C3D4E5F6).") from None


def _key_store(path, variable, what):
    # KeyStoreError messages name entries, never their content: safe to show.
    try:
        if path:
            return MasterKeyStore.from_file(path)
        return MasterKeyStore.from_env(variable)
    except (KeyStoreError, OSError) as error:
        raise CommandError(f"{what}: {error}") from None


def _grouped(number):
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


class Command(BaseCommand):
    help = (
        "Issue a card. With --reader: personalise the blank chip on that PC/SC reader (diversified "
        "keys, card-info file), check it with a gate tap, then register it. Without: register an "
        "already personalised card by its UID."
    )

    def add_arguments(self, parser):
        parser.add_argument("number")
        parser.add_argument("uid", nargs="?", help="The chip's UID in hex, e.g. 04A1B2C3D4E5F6.")
        parser.add_argument(
            "--uid",
            dest="uid_option",
            help="The chip's UID (as the positional one); with --reader the card must have it.",
        )
        parser.add_argument(
            "--key-version",
            type=int,
            default=None,
            help="Without --reader: key 1's version (default 1). With --reader it is the gate "
            "master version the chip was personalised with.",
        )
        parser.add_argument(
            "--reader", help='Personalise the card on this PC/SC reader, e.g. "Virtual PCD 00 00".'
        )
        parser.add_argument(
            "--key-file", help=f"Gate master keys (default ${DEFAULT_ENV_VAR}); key 1 from these."
        )
        parser.add_argument(
            "--issuer-key-file",
            help=f"Issuer master keys (default ${ISSUER_KEYS_ENV_VAR}); keys 0 and 2 from these.",
        )
        parser.add_argument(
            "--picc-key", help="The blank card's AES PICC master key in hex (default all zero)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Re-personalise a card that already holds the heritage application "
            "(only if it answers to our issuer key).",
        )
        parser.add_argument("--issuer", type=int, default=1, help="Issuer id in the card-info.")
        parser.add_argument(
            "--kind", type=int, choices=(0, 1, 2), default=0, help="0 visitor, 1 staff, 2 guide."
        )
        parser.add_argument(
            "--timeout", type=float, default=30.0, help="Seconds to wait for a card (--reader)."
        )

    def handle(self, *args, number, uid, uid_option, key_version, reader, **options):
        self.verbosity = options["verbosity"]
        if uid and uid_option and _hex(uid, "UID") != _hex(uid_option, "UID"):
            raise CommandError("The positional UID and --uid differ.")
        uid = uid or uid_option
        if reader:
            uid, key_version = self._personalise(number, uid, reader, options)
        elif not uid:
            raise CommandError("Give the chip's UID, or --reader to personalise a card.")
        else:
            _hex(uid, "UID")
        try:
            card = issue_card(number, uid, key_version or 1)
        except IntegrityError:
            raise CommandError(
                f"A card with number {number} or UID {uid} already exists."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Issued card {card.number} (UID {card.uid}, key version {card.key_version})."
            )
        )
        code = getattr(card, "access_code", None)
        printed = f"number {_grouped(card.number)}"
        self.stdout.write(
            f"Print on the card: {printed}" + (f", access code {code}" if code else "")
        )

    def _refuse_registered_uid(self, link):
        """A registered chip is not rewritten here: its record would say another number."""
        from cardreader_service import CardServiceError, read_uid

        try:
            uid = read_uid(link).hex().upper()
        except CardServiceError as error:
            raise self._refused(f"Cannot read the card's UID: {error}", error) from None
        existing = Card.objects.filter(uid=uid).first()
        if existing is not None:
            raise CommandError(
                f"The chip {uid} is already registered as card {existing.number}; "
                "replace or block that card in the CMS instead of re-personalising it."
            )

    def _refused(self, sentence, error):
        """The library's sentence for the operator; its raw detail too with --verbosity 2."""
        if self.verbosity > 1 and error.detail:
            self.stderr.write(f"detail ({error.code}): {error.detail}")
        return CommandError(sentence)

    def _personalise(self, number, uid, reader, options):
        """Write the chip on ``reader``; returns the UID and key version to register."""
        from cardreader_service import (
            DEFAULT_PICC_KEY,
            CardInfo,
            PersonalisationError,
            personalise_card,
        )

        if not number.isdigit() or int(number) >= 1 << 64:
            raise CommandError(f"Card number {number!r} must be digits (at most 8 bytes).")
        # Refuse before touching the chip: a written card nobody can register helps no one.
        if Card.objects.filter(number=number).exists():
            raise CommandError(f"A card with number {number} already exists.")
        keys = _key_store(options["key_file"], DEFAULT_ENV_VAR, "Gate master keys")
        issuer_keys = _key_store(
            options["issuer_key_file"], ISSUER_KEYS_ENV_VAR, "Issuer master keys"
        )
        picc_key = _hex(options["picc_key"], "PICC key") if options["picc_key"] else None
        if picc_key is not None and len(picc_key) != 16:
            raise CommandError("The PICC key is an AES-128 key: 32 hex digits.")
        info = CardInfo(
            card_number=int(number),
            issuer_id=options["issuer"],
            issued_on=int(timezone.localdate().strftime("%Y%m%d")),
            card_kind=options["kind"],
        )
        try:
            from cardreader_service import PcscReader, ReaderError
        except ImportError:
            raise CommandError("pyscard is not installed: --reader needs PC/SC.") from None
        self.stdout.write(f"Waiting for a card on {reader!r} …")
        with PcscReader(reader) as pcsc:
            try:
                link = pcsc.wait_for_card(timeout=options["timeout"])
            except ReaderError as error:
                raise self._refused(str(error), error) from None
            with link:
                self._refuse_registered_uid(link)
                try:
                    result = personalise_card(
                        link,
                        keys,
                        issuer_keys,
                        info,
                        picc_key=picc_key or DEFAULT_PICC_KEY,
                        force=options["force"],
                        expected_uid=_hex(uid, "UID") if uid else None,
                    )
                except PersonalisationError as error:
                    raise self._refused(
                        f"Card not personalised ({error.state}): {error}", error
                    ) from None
        state = "already personalised as this card" if result.already else "personalised"
        self.stdout.write(f"Chip {result.uid.hex().upper()} {state} ({result.apdus} APDUs).")
        return result.uid.hex().upper(), result.key_version
