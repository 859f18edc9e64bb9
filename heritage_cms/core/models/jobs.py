"""What a record filled in by a background task has, in one vocabulary for every such task.

A 3D model (the assets pipeline) and an audio guide (speech synthesis) are both requested by a
curator or a publish, queued, then done or failed by a worker; templates, the admin and the page
cache read the same fields and the same status constants whichever task it is.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProcessingStatus(models.TextChoices):
    """Where a background job (an audio guide, a 3D model) stands, as curators see it."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ProcessingJob(models.Model):
    """A curator's request that a worker fulfils: its status, why it failed, and when.

    ``reason`` is a stable code (a subclass may give it choices); ``message`` the detail.
    """

    Status = ProcessingStatus

    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProcessingStatus.choices,
        default=ProcessingStatus.QUEUED,
        editable=False,
    )
    reason = models.CharField(_("reason"), max_length=64, blank=True, editable=False)
    message = models.TextField(_("message"), blank=True, editable=False)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now, editable=False)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_done(self) -> bool:
        """Whether the output may be shown to visitors (templates test this, not a string)."""
        return self.status == ProcessingStatus.DONE

    def mark_requested(self) -> None:
        """Back in the queue: the previous outcome no longer describes the inputs."""
        self.status = ProcessingStatus.QUEUED
        self.reason = self.message = ""
        self.requested_at = timezone.now()
