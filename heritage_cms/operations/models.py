from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from heritage_cms.sites.fields import monument_link
from heritage_cms.users.fields import one_per_user, staff_user

WEBHOOK_URL_ERROR = _("Enter a web address starting with http:// or https://.")


class OperatorScope(models.Model):
    """The sites a member of the Operations group watches: all of them, or the ones listed."""

    user = one_per_user("operations_scope")
    all_sites = models.BooleanField(
        _("all monuments"), default=False, help_text=_("The province's duty officers.")
    )
    sites = models.ManyToManyField(
        "heritage_sites.Site", blank=True, related_name="+", verbose_name=_("monuments")
    )

    class Meta:
        verbose_name = _("operator's monuments")
        verbose_name_plural = _("operators' monuments")

    def __str__(self) -> str:
        return str(self.user)


class SiteAlertSettings(models.Model):
    """A monument's alert thresholds; a monument without a row uses the defaults below."""

    site = models.OneToOneField(
        "heritage_sites.Site",
        on_delete=models.CASCADE,
        related_name="alert_settings",
        verbose_name=_("monument"),
    )
    silent_minutes = models.PositiveSmallIntegerField(
        _("gate silent after (minutes)"),
        default=5,
        help_text=_("No heartbeat for this long: the gate is silent and an alert opens."),
    )
    offline_minutes = models.PositiveSmallIntegerField(
        _("gate offline after (minutes)"), default=60
    )
    backlog_taps = models.PositiveIntegerField(
        _("journal backlog (taps)"),
        default=500,
        help_text=_("More taps than this waiting in a gate's journal opens an alert."),
    )
    occupancy_warning_percent = models.PositiveSmallIntegerField(
        _("occupancy warning (per cent of capacity)"), default=90
    )
    occupancy_full_percent = models.PositiveSmallIntegerField(
        _("occupancy full (per cent of capacity)"), default=100
    )
    forged_cards = models.PositiveSmallIntegerField(
        _("forged or cloned cards in 10 minutes at one gate"), default=3
    )
    refusal_rate_factor = models.DecimalField(
        _("refusal rate alert (times the usual rate)"),
        max_digits=4,
        decimal_places=1,
        default=2,
        help_text=_("Compared with the same hour on the same weekday over the last four weeks."),
    )
    refusal_min_taps = models.PositiveIntegerField(
        _("refusal rate: fewest taps in the hour to judge"), default=30
    )
    webhook_url = models.URLField(
        _("alert webhook URL"),
        max_length=500,
        blank=True,
        validators=[
            URLValidator(
                schemes=["http", "https"],
                message=WEBHOOK_URL_ERROR,
            )
        ],
        help_text=_(
            "This monument's new alerts are posted here, signed with the secret below. "
            "Empty: the province's webhook from the server settings."
        ),
    )
    webhook_secret = models.CharField(
        _("alert webhook signing secret"),
        max_length=200,
        blank=True,
        help_text=_("Shared with the receiver, which checks the signature with it."),
    )

    class Meta:
        verbose_name = _("alert thresholds")
        verbose_name_plural = _("alert thresholds")

    def __str__(self) -> str:
        return str(self.site)

    def secret_hint(self) -> str:
        """The secret as staff may see it again: its length hidden, its last characters only."""
        if not self.webhook_secret:
            return ""
        return "…" + self.webhook_secret[-3:] if len(self.webhook_secret) >= 12 else "…"


class Alert(models.Model):
    """Something a duty officer must look at, open until its condition clears.

    One open alert per rule and subject (a unique constraint), so a condition that lasts an hour
    is one alert, mailed once, not one every minute. Acknowledging says who is on it; the alert
    closes by itself when the evaluation no longer finds its condition.
    """

    class Rule(models.TextChoices):
        GATE_SILENT = "gate_silent", _("Gate silent")
        JOURNAL_BACKLOG = "journal_backlog", _("Journal backlog")
        OCCUPANCY_HIGH = "occupancy_high", _("Nearly full")
        OCCUPANCY_FULL = "occupancy_full", _("Full")
        FORGED_CARDS = "forged_cards", _("Forged or cloned cards")
        REFUSAL_RATE = "refusal_rate", _("Refusals above normal")
        JOB_FAILED = "job_failed", _("Audio or 3D job failed")
        QUEUE_WAITING = "queue_waiting", _("Task queue waiting")

    rule = models.CharField(_("rule"), max_length=32, choices=Rule.choices)
    # What the alert is about, e.g. "gate:12", "site:3", "audioguide:7", "queue:default".
    subject = models.CharField(_("subject"), max_length=64)
    site = monument_link("+", optional=True, on_delete=models.CASCADE)
    message = models.CharField(_("message"), max_length=300)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    opened_at = models.DateTimeField(_("opened at"), db_index=True)
    last_seen_at = models.DateTimeField(_("last seen at"))
    closed_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = staff_user(_("acknowledged by"), optional=True, on_delete=models.SET_NULL)
    note = models.TextField(_("note"), blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    webhook_status = models.CharField(_("webhook"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("alert")
        ordering = ["-opened_at"]
        permissions = [
            ("view_board", _("Can see the operations board")),
            ("acknowledge_alert", _("Can acknowledge an alert")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "subject"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_alert_per_rule_and_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()}: {self.message}"
