"""The ticket office: tills at a monument, the clerks who work them, shifts and their sales.

Money never lives here: every sale and every cash-up is a ledger transfer (``cards.ledger``);
these rows say who sold what at which till, so a shift can be counted and audited.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from heritage_cms.cards.models import hash_token
from heritage_cms.core.money import VNDField
from heritage_cms.sites.fields import monument_link
from heritage_cms.users.fields import one_per_user, staff_user


class Clerk(models.Model):
    """A member of the Ticket office group works at one monument's tills, and only there."""

    user = one_per_user("ticket_office_clerk")
    site = monument_link("clerks")

    class Meta:
        verbose_name = _("ticket-office clerk")

    def __str__(self) -> str:
        return f"{self.user} · {self.site}"


class Till(models.Model):
    """A counter position: its cash drawer and the desk agent on its PC."""

    site = monument_link("tills")
    name = models.CharField(_("name"), max_length=80)
    # The desk agent's pairing token is shown once and kept by the agent; only its hash is here,
    # to say when the till was paired.
    agent_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    paired_at = models.DateTimeField(_("desk agent paired"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("till")
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="one_till_name_per_site")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.site.code})"

    def new_agent_token(self) -> str:
        token = secrets.token_urlsafe(32)
        self.agent_token_hash = hash_token(token)
        return token


class Shift(models.Model):
    """One clerk's time at a till, from opening (with a float) to the counted cash-up."""

    till = models.ForeignKey(Till, on_delete=models.PROTECT, related_name="shifts")
    opened_by = staff_user(_("clerk"))
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    opening_float = VNDField(_("opening float"), default=0)
    # The drawer's ledger account, this till and shift only: cash in is negative (held by us).
    drawer = models.OneToOneField(
        "cards.Account", on_delete=models.PROTECT, related_name="+", editable=False
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = staff_user(_("counted by"), optional=True)
    expected = VNDField(_("expected in drawer"), null=True, blank=True)
    counted = VNDField(_("counted"), null=True, blank=True)
    difference = VNDField(_("over (+) or short (-)"), null=True, blank=True)

    class Meta:
        verbose_name = _("shift")
        ordering = ["-opened_at"]
        permissions = [
            ("sell", "Can sell and count at their monument's tills"),
            ("view_all_shifts", "Can see every till's shifts (read-only)"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["till"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_shift_per_till",
            )
        ]

    def __str__(self) -> str:
        return f"{self.till} · {self.opened_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Sale(models.Model):
    """One operation at the counter, done once per idempotency key (the form's)."""

    class Kind(models.TextChoices):
        NEW_CARD = "new_card", _("New card")
        TOP_UP = "top_up", _("Top-up")
        PASSES = "passes", _("Passes")
        REFUND = "refund", _("Refund of the balance")

    class Method(models.TextChoices):
        CASH = "cash", _("Cash")
        TERMINAL = "terminal", _("Card terminal")

    class Status(models.TextChoices):
        PENDING = "pending", _("Card being written")
        DONE = "done", _("Done")

    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="sales")
    idempotency_key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    method = models.CharField(_("paid by"), max_length=16, choices=Method.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    card = models.ForeignKey(
        "cards.Card", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    card_number = models.CharField(_("card number"), max_length=19, blank=True)
    top_up = VNDField(_("top-up"), default=0)
    # [{"product": id, "name": …, "price": đồng}], as sold (names and prices may change later).
    passes = models.JSONField(_("passes"), default=list, blank=True)
    # What the visitor paid (positive) or was paid back (negative).
    total = VNDField(_("total"), default=0)
    language = models.CharField(_("receipt language"), max_length=10)
    request = models.JSONField(default=dict, editable=False)  # to tell a retry from a new sale
    sold_by = staff_user(_("clerk"))
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ticket-office sale")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.card_number} {self.total}"
