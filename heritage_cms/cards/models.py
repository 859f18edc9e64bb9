import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heritage_cms.core.money import VND, VNDField
from heritage_cms.sites.fields import monument_link
from heritage_cms.users.fields import staff_user


class Account(models.Model):
    """One side of every movement. Card accounts hold what the platform owes a card's holder;
    system accounts (payments clearing, revenue per site, refunds) hold the other sides, so the
    sum over all accounts is always zero."""

    class Kind(models.TextChoices):
        CARD = "card", _("Card stored value")
        PAYMENTS = "payments", _("Payments clearing")
        REVENUE = "revenue", _("Site revenue")
        REFUNDS = "refunds", _("Refunds")
        CASH = "cash", _("Cash (drawers and safes)")
        TERMINAL = "terminal", _("Card-terminal clearing")
        OVER_SHORT = "over_short", _("Cash over and short")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120, unique=True)
    site = monument_link("+", optional=True)
    floor = VNDField(
        _("lowest allowed balance"),
        null=True,
        blank=True,
        help_text=_("Empty for system accounts, which may go below zero."),
    )
    # Kept in step with the entries in the same database transaction (see ledger.post).
    balance = VNDField(_("balance"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("account")

    def __str__(self) -> str:
        return self.name


class Transfer(models.Model):
    """One business event (a top-up, a tap, a refund) and its balanced ledger entries."""

    class Kind(models.TextChoices):
        TOP_UP = "top_up", _("Top-up")
        TAP = "tap", _("Tap")
        REFUND = "refund", _("Refund")
        CARD_REPLACEMENT = "card_replacement", _("Card replacement")
        ADJUSTMENT = "adjustment", _("Adjustment")
        PASS_SALE = "pass_sale", _("Pass sale")
        CASH_UP = "cash_up", _("Cash-up")

    idempotency_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    memo = models.CharField(_("memo"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("transfer")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.idempotency_key}"


class LedgerEntry(models.Model):
    """Immutable: a mistake is corrected by a new transfer, never by editing history."""

    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount = VNDField(_("amount"))

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [models.CheckConstraint(condition=~models.Q(amount=0), name="entry_not_zero")]

    def __str__(self) -> str:
        return f"{self.account}: {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise LedgerError("Ledger entries are immutable: post a correcting transfer instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerError("Ledger entries are immutable: post a correcting transfer instead.")


class Card(models.Model):
    """A tourist card: the number printed on it, the chip's UID, and its stored-value account."""

    # A gate offline may let a card spend this far below zero; the ledger's floor for card
    # accounts is minus this, so a tap the gate already allowed is always recordable.
    OFFLINE_SPENDING_LIMIT = 200_000

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        BLOCKED = "blocked", _("Blocked")
        REPLACED = "replaced", _("Replaced")

    number = models.CharField(_("card number"), max_length=19, unique=True)
    uid = models.CharField(_("chip UID (hex)"), max_length=20, unique=True)
    key_version = models.PositiveSmallIntegerField(_("key version"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    account = models.OneToOneField(Account, on_delete=models.PROTECT, related_name="card")
    # The short code printed beside the number lets a tourist open their card's page; only a
    # hash is kept, like a password.
    access_code_hash = models.CharField(max_length=128, blank=True, editable=False)
    blocked_reason = models.CharField(_("why blocked"), max_length=200, blank=True)
    replaced_by = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)  # incremental snapshots

    class Meta:
        verbose_name = _("card")

    def __str__(self) -> str:
        return self.number

    @property
    def balance(self) -> VND:
        return self.account.balance


ONLINE_WITHIN = timedelta(minutes=2)  # gates send a heartbeat every 30 s
# A gate's last_seen_at is written at most this often: on every request it cost each tap batch,
# heartbeat and snapshot a commit of its own. Far below ONLINE_WITHIN and the board's minutes.
LAST_SEEN_EVERY = timedelta(seconds=15)


class Gate(models.Model):
    """A reader at a monument's entrance; it authenticates with its own device token."""

    name = models.CharField(_("name"), max_length=120)
    site = monument_link("gates")
    fare = VNDField(_("fare per entry"), default=0)

    class Direction(models.TextChoices):
        ENTRY = "entry", _("Entry")
        EXIT = "exit", _("Exit")

    direction = models.CharField(
        _("direction"),
        max_length=8,
        choices=Direction.choices,
        default=Direction.ENTRY,
        help_text=_("Exit gates count visitors out, so the site's capacity frees up."),
    )
    passback_minutes = models.PositiveSmallIntegerField(
        _("anti-passback window (minutes)"),
        default=30,
        help_text=_("A card that entered here is refused again for this long; 0 turns it off."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True, editable=False)
    last_report = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("gate")

    def __str__(self) -> str:
        return f"{self.name} ({self.site.code})"

    @property
    def online(self) -> bool:
        """Heard from recently enough that it is still sending heartbeats."""
        return bool(self.last_seen_at and timezone.now() - self.last_seen_at < ONLINE_WITHIN)

    def issue_token(self) -> str:
        """A new device token, shown once; only its hash is kept."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Tap(models.Model):
    """One card presented at a gate, as the gate decided it (online or offline), stored once."""

    class Decision(models.TextChoices):
        ENTERED = "entered", _("Entered")
        REFUSED = "refused", _("Refused")

    gate = models.ForeignKey(Gate, on_delete=models.PROTECT, related_name="taps")
    # The gate's journal file the sequence belongs to: a lost journal gets a new id, so its
    # numbering may start again without colliding with taps already delivered. Empty for gates
    # that predate journal ids.
    journal_id = models.CharField(_("journal"), max_length=64, blank=True, default="")
    sequence = models.PositiveBigIntegerField(_("sequence"))
    card = models.ForeignKey(Card, null=True, blank=True, on_delete=models.PROTECT)
    # An e-ticket's code when a QR was scanned (docs/tickets.md); empty for card taps. A code,
    # not a foreign key: the tickets app builds on cards, and an unknown code is kept as sent.
    ticket = models.CharField(_("e-ticket"), max_length=32, blank=True, default="", db_index=True)
    card_number = models.CharField(_("card number"), max_length=19, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    reason = models.CharField(_("reason"), max_length=64, blank=True)
    fare = VNDField(_("fare charged"), default=0)
    entitlement = models.ForeignKey(
        "Entitlement", null=True, blank=True, on_delete=models.PROTECT, related_name="taps"
    )
    # What the gate reported, kept as reported: the server settles by its own fares and
    # products (``fare``, ``entitlement``) and flags the differences as GateAnomaly rows.
    reported_fare = VNDField(_("fare the gate charged"), default=0)
    reported_entitlement_id = models.BigIntegerField(
        _("entitlement the gate used"), null=True, blank=True
    )
    reported_occurred_at = models.DateTimeField(
        _("time the gate reported"),
        null=True,
        blank=True,
        help_text=_("Only when it was in the future: occurred at is then the time received."),
    )
    settlement = models.CharField(
        _("settlement"),
        max_length=16,
        choices=[
            ("posted", _("Posted to the ledger")),
            ("no_charge", _("Nothing to charge")),
            ("entitlement", _("Entry on a ticket or pass")),
            ("ticket", _("Entry on an e-ticket")),
            ("unknown_card", _("Unknown card: for review")),
            ("over_floor", _("Beyond the offline limit: for review")),
        ],
        default="no_charge",
    )
    transfer = models.OneToOneField(
        Transfer, null=True, blank=True, on_delete=models.PROTECT, related_name="tap"
    )
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tap")
        constraints = [
            # Sequence before journal: the same index then finds a batch's taps by (gate,
            # sequence) and a gate's highest sequence over all its journals, both by its prefix.
            models.UniqueConstraint(
                fields=["gate", "sequence", "journal_id"], name="one_tap_per_gate_journal_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.gate} #{self.sequence} {self.decision}"

    @property
    def idempotency_key(self) -> str:
        return tap_key(self.gate_id, self.journal_id, self.sequence)


def tap_key(gate_id: int, journal_id: str, sequence: int) -> str:
    """The ledger transfer key of a tap; gates without journal ids keep their old keys."""
    if journal_id:
        return f"tap:{gate_id}:{journal_id}:{sequence}"
    return f"tap:{gate_id}:{sequence}"


class GateAnomaly(models.Model):
    """Something a gate reported that the server does not agree with, for Finance to review.

    The tap is stored as the gate decided it (the gate may have been offline, and the visitor
    has passed); the server settles it by its own rules and keeps the difference here.
    """

    class Kind(models.TextChoices):
        FARE_MISMATCH = "fare_mismatch", _("Fare differs from the server's")
        NOT_COVERED = "not_covered", _("Pass does not cover this site")
        UNKNOWN_ENTITLEMENT = "unknown_entitlement", _("Pass unknown or not on this card")
        CONFLICTING_DUPLICATE = "conflicting_duplicate", _("Same sequence, different tap")
        CLOCK_SKEW = "clock_skew", _("Gate clock off")
        UNKNOWN_TICKET = "unknown_ticket", _("E-ticket we did not issue")

    gate = models.ForeignKey(Gate, on_delete=models.PROTECT, related_name="anomalies")
    tap = models.ForeignKey(
        Tap, null=True, blank=True, on_delete=models.PROTECT, related_name="anomalies"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("noticed at"), auto_now_add=True, db_index=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = staff_user(_("reviewed by"), optional=True, on_delete=models.SET_NULL)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("gate anomaly")
        verbose_name_plural = _("gate anomalies")
        constraints = [
            # A gate's clock problem is one open flag however many heartbeats report it.
            models.UniqueConstraint(
                fields=["gate"],
                condition=models.Q(kind="clock_skew", tap__isnull=True, reviewed_at__isnull=True),
                name="one_open_clock_flag_per_gate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.gate}"


class Product(models.Model):
    """What a tourist buys onto a card: a ticket for one site, a combo, a multi-day pass."""

    class Kind(models.TextChoices):
        SINGLE_SITE = "single_site", _("Single-site ticket")
        COMBO = "combo", _("Combo ticket")
        MULTI_DAY = "multi_day", _("Multi-day pass")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    sites = models.ManyToManyField(
        "heritage_sites.Site",
        related_name="products",
        verbose_name=_("monuments"),
        help_text=_("The monuments this product lets the holder into."),
    )
    entries_per_site = models.PositiveSmallIntegerField(_("entries per site"), default=1)
    valid_days = models.PositiveSmallIntegerField(
        _("valid for (days)"), default=1, help_text=_("Counted from the first day of validity.")
    )
    price = VNDField(_("price"))
    is_active = models.BooleanField(_("on sale"), default=True)

    class Meta:
        verbose_name = _("product")

    def __str__(self) -> str:
        return self.name

    def site_codes(self) -> list[str]:
        """The codes of the sites it opens, as gates receive them (prefetch ``sites``)."""
        return sorted(site.code for site in self.sites.all())


class Entitlement(models.Model):
    """A product on a card: where and until when it lets the card in, and what it has used."""

    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="entitlements")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    # {site_code: entries used}; updated only by ingested taps, in the batch's transaction.
    entries_used = models.JSONField(default=dict, editable=False)
    is_revoked = models.BooleanField(_("revoked"), default=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("entitlement")

    def __str__(self) -> str:
        return f"{self.product} · {self.card}"

    def remaining(self) -> dict[str, int]:
        """Entries left per site code (prefetch ``product__sites`` when listing many)."""
        allowed = self.product.entries_per_site
        return {
            site.code: max(allowed - int(self.entries_used.get(site.code, 0)), 0)
            for site in self.product.sites.all()
        }


class LedgerError(Exception):
    """A movement that must not happen; the message says why and what to do instead."""


class CardReplacement(models.Model):
    """Who moved a lost card's value to which new card, when and why (the audit trail)."""

    old_card = models.OneToOneField(Card, on_delete=models.PROTECT, related_name="replacement")
    new_card = models.OneToOneField(Card, on_delete=models.PROTECT, related_name="+")
    balance_moved = VNDField(_("balance moved"))
    entitlements_moved = models.PositiveIntegerField(_("passes moved"), default=0)
    transfer = models.OneToOneField(
        Transfer, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("card replacement")
        # Made by the payments app before replacements moved here; the rows stay where they are.
        db_table = "payments_cardreplacement"

    def __str__(self) -> str:
        return f"{self.old_card} → {self.new_card}"


class TapRollup(models.Model):
    """Taps counted per site, gate, hour, outcome and refusal reason, kept as taps are ingested.

    The operations board, its alerts and the open-data daily entries read these few rows rather
    than scanning taps. ``cards.rollups`` adds a batch's counts with one upsert in the batch's
    transaction, so the counts are exactly the taps stored. ``outcome`` tells an exit gate's
    passage from an entry, so a gate that later changes direction does not rewrite the past.
    """

    class Outcome(models.TextChoices):
        ENTERED = "entered", _("Entered")
        EXITED = "exited", _("Exited")
        REFUSED = "refused", _("Refused")

    site = models.ForeignKey(
        "heritage_sites.Site", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    gate = models.ForeignKey(Gate, on_delete=models.PROTECT, related_name="+")
    hour = models.DateTimeField(_("hour (start)"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=64, blank=True, default="")
    taps = models.PositiveIntegerField(_("taps"), default=0)
    revenue = models.BigIntegerField(_("fares posted (VND)"), default=0)

    class Meta:
        verbose_name = _("hourly tap count")
        constraints = [
            # Site first: the board reads one site's hours; the upsert's conflict target.
            models.UniqueConstraint(
                fields=["site", "hour", "gate", "outcome", "reason"], name="one_rollup_per_key"
            )
        ]
        indexes = [models.Index(fields=["hour"], name="taprollup_hour")]

    def __str__(self) -> str:
        return f"{self.gate_id} {self.hour:%Y-%m-%d %H}h {self.outcome} {self.reason}: {self.taps}"
