import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _

from audio_guides import normalise_text
from heritage_cms.core.models import ProcessingJob
from heritage_cms.core.storage import RandomName, private_storage


def text_hash(text: str, recording_name: str = "") -> str:
    """What decides whether a guide must be made again: its normalised text and recording."""
    raw = f"{normalise_text(text)}\x00{recording_name}".encode()
    return hashlib.sha256(raw).hexdigest()


class AudioGuide(ProcessingJob):
    """The spoken guide of one page in one language (each translation is its own page)."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="audio_guide"
    )
    transcript = models.TextField(_("transcript"), blank=True)
    text_hash = models.CharField(max_length=64, editable=False)
    recording = models.FileField(
        _("human recording"),
        upload_to=RandomName("guides/recordings"),
        storage=private_storage,
        blank=True,
        help_text=_("A curator's recording replaces the synthetic voice for this language."),
    )
    engine = models.CharField(_("engine"), max_length=64, blank=True)
    voice = models.CharField(_("voice"), max_length=64, blank=True)
    audio = models.FileField(_("audio (MP3)"), upload_to="guides/", blank=True, editable=False)
    duration_s = models.FloatField(_("duration (s)"), null=True, blank=True, editable=False)
    integrated_lufs = models.FloatField(_("loudness (LUFS)"), null=True, editable=False)
    true_peak_dbtp = models.FloatField(_("true peak (dBTP)"), null=True, editable=False)
    bytes = models.PositiveIntegerField(_("size (bytes)"), null=True, editable=False)

    class Meta:
        verbose_name = _("audio guide")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.page.title} ({self.page.locale.language_code})"

    @property
    def language(self) -> str:
        return self.page.locale.language_code
