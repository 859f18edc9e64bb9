"""An hourly counter per stop, language and kind: the only thing engagement stores.

A row says "this many audio plays of this stop in Japanese between 14:00 and 15:00 UTC"; it is
incremented in place (``counting.record``), so the table grows with stops, languages and hours,
never with visitors, and nothing in it can be traced back to a phone.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EngagementKind(models.TextChoices):
    AUDIO_PLAY = "audio_play", _("audio guide played")
    MODEL_OPEN = "model_open", _("3D model opened")


class StopEngagement(models.Model):
    # The stop in the source language: a play of the English or Japanese page counts for the
    # Vietnamese page it translates, with the language in its own column.
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("stop")
    )
    language = models.CharField(_("language"), max_length=10)
    kind = models.CharField(_("kind"), max_length=16, choices=EngagementKind.choices)
    hour = models.DateTimeField(_("hour"), help_text=_("The start of the hour, in UTC."))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("engagement counter")
        verbose_name_plural = _("engagement counters")
        default_permissions = ("view",)  # rows are written by the beacon only
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language", "kind", "hour"], name="engagement_one_row_per_hour"
            )
        ]
        indexes = [models.Index(fields=["hour"], name="engagement_by_hour")]

    def __str__(self) -> str:
        return (
            f"{self.page_id} {self.language} {self.kind} {self.hour:%Y-%m-%d %H}:00 x{self.count}"
        )
