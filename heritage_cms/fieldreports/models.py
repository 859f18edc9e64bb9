"""A visitor's report from the field, and the staff's handling of it.

Reports are never public: the photo lives in the private storage under a random name, and the
only way in from outside is the unguessable reference given to the visitor, which opens a
status page showing what they sent, where it stands and the staff's reply.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heritage_cms.core.storage import RandomName, private_storage
from heritage_cms.sites.fields import monument_link
from heritage_cms.users.fields import staff_user

# No 0/O, 1/I/L: read aloud over a phone or copied from a screenshot without mistakes.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 20  # 31^20 ≈ 2^99: not guessable, not worth enumerating
MAX_TEXT = 2000
MAX_CONTACT = 200


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class Category(models.TextChoices):
    RELIC_DAMAGE = "relic_damage", _("Damage to a relic")
    LITTER = "litter", _("Litter")
    SIGN_OR_AUDIO = "sign_or_audio", _("Broken sign or audio")
    CROWDING = "crowding", _("Crowding")
    SAFETY = "safety", _("Safety")
    LOST_ITEM = "lost_item", _("Lost item")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")


OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS)
CLOSED_STATUSES = (Status.RESOLVED, Status.REJECTED)


class VisitorReport(models.Model):
    reference = models.CharField(
        _("reference"), max_length=32, unique=True, default=new_reference, editable=False
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    text = models.TextField(_("what the visitor wrote"), max_length=MAX_TEXT)
    photo = models.FileField(
        _("photo"),
        storage=private_storage,
        upload_to=RandomName("visitor-reports"),
        blank=True,
        help_text=_("Re-encoded on arrival; its place is kept only if the visitor agreed."),
    )
    photo_latitude = models.DecimalField(
        _("photo latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    photo_longitude = models.DecimalField(
        _("photo longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent from"),
    )
    site = monument_link("visitor_reports", optional=True, on_delete=models.SET_NULL)
    contact = models.CharField(_("contact"), max_length=MAX_CONTACT, blank=True)
    language = models.CharField(_("visitor's language"), max_length=10)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assignee = staff_user(
        _("assigned to"),
        optional=True,
        on_delete=models.SET_NULL,
        related_name="assigned_visitor_reports",
    )
    staff_reply = models.TextField(
        _("reply to the visitor"),
        blank=True,
        max_length=MAX_TEXT,
        help_text=_("Shown on the visitor's status page exactly as you write it."),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    first_response_at = models.DateTimeField(_("first response"), null=True, editable=False)
    resolved_at = models.DateTimeField(_("closed"), null=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("visitor report")
        verbose_name_plural = _("visitor reports")
        ordering = ["-created_at"]
        default_permissions = ()  # written by visitors, handled through "triage" only
        permissions = [("triage_visitorreport", _("Can triage visitor reports"))]
        indexes = [models.Index(fields=["status", "site"], name="fieldreports_open_by_site")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.reference[:6]}…"

    def save(self, *args, **kwargs):
        if self.pk:
            self.note_response_times()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        loaded = (
            VisitorReport.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if self.pk
            else Status.NEW
        )
        if self.status == Status.NEW and loaded != Status.NEW:
            raise ValidationError(
                {"status": _("A report that has been handled cannot become new again.")}
            )
        if self.status == Status.REJECTED and not self.staff_reply.strip():
            raise ValidationError(
                {"staff_reply": _("Tell the visitor why the report is rejected.")}
            )

    def note_response_times(self, now=None) -> None:
        """The first time staff act (a status beyond new or a reply) and the time it closed;
        reopening a closed report clears the latter."""
        now = now or timezone.now()
        if self.first_response_at is None and (
            self.status != Status.NEW or self.staff_reply.strip()
        ):
            self.first_response_at = now
        if self.status in CLOSED_STATUSES:
            self.resolved_at = self.resolved_at or now
        else:
            self.resolved_at = None

    @property
    def time_to_first_response(self):
        return self.first_response_at - self.created_at if self.first_response_at else None

    @property
    def time_to_resolution(self):
        return self.resolved_at - self.created_at if self.resolved_at else None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
