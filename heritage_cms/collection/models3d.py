"""3D models of relics: an uploaded scan and the web-ready levels the pipeline derives from it."""

import hashlib

from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _

from heritage_cms.core.models import ProcessingJob
from heritage_cms.core.storage import RandomName, private_storage


class Model3D(ProcessingJob):
    """A scan a curator uploads; ``assets_pipeline`` turns it into levels of detail and a poster.

    Outputs are stored under the source's SHA-256, so uploading the same scan twice (or for two
    relics) is processed once, and every derived URL can be cached forever.
    """

    class Units(models.TextChoices):
        AUTO = "auto", _("Detect")
        MILLIMETRES = "mm", _("Millimetres")
        CENTIMETRES = "cm", _("Centimetres")
        METRES = "m", _("Metres")
        INCHES = "in", _("Inches")

    class UpAxis(models.TextChoices):
        AUTO = "auto", _("Detect")
        Y = "y", _("Y is up")
        Z = "z", _("Z is up")

    class FailureReason(models.TextChoices):
        """The codes of ``assets_pipeline.errors``, named in the curator's language."""

        ASSET_ERROR = "asset_error", _("Cannot be processed")
        EMPTY_FILE = "empty_file", _("Empty file")
        FILE_TOO_LARGE = "file_too_large", _("File too large")
        TOO_MANY_FACES = "too_many_faces", _("Too many faces")
        UNSUPPORTED_FORMAT = "unsupported_format", _("Unsupported format")
        FORMAT_MISMATCH = "format_mismatch", _("Content does not match the file extension")
        CORRUPT_FILE = "corrupt_file", _("Damaged file")
        ZIP_BOMB = "zip_bomb", _("Archive expands too much")
        UNSAFE_ARCHIVE = "unsafe_archive", _("Unsafe archive")
        UNSAFE_REFERENCE = "unsafe_reference", _("Refers to a file outside the upload")
        MISSING_FILE = "missing_file", _("A referenced file is missing")
        TEXTURE_TOO_LARGE = "texture_too_large", _("Texture too large")
        PROCESSING_FAILED = "processing_failed", _("Processing failed")
        EMPTY_MESH = "empty_mesh", _("No geometry")
        TIME_LIMIT = "time_limit", _("Took too long")
        MEMORY_LIMIT = "memory_limit", _("Needed too much memory")
        WORKER_CRASHED = "worker_crashed", _("Processing stopped unexpectedly")

    title = models.CharField(_("title"), max_length=255)
    source = models.FileField(
        _("scan"),
        upload_to=RandomName("scans"),
        storage=private_storage,
        help_text=_("OBJ with its MTL and textures zipped, PLY, STL, GLB/glTF or 3MF."),
    )
    units = models.CharField(
        _("units of the scan"), max_length=8, choices=Units.choices, default=Units.AUTO
    )
    up_axis = models.CharField(
        _("up axis of the scan"), max_length=8, choices=UpAxis.choices, default=UpAxis.AUTO
    )
    source_sha256 = models.CharField(max_length=64, editable=False, db_index=True)
    # The job's reason, with the pipeline's codes named for the curator.
    reason = models.CharField(
        _("reason"), max_length=64, choices=FailureReason.choices, blank=True, editable=False
    )
    derivatives = models.JSONField(default=dict, blank=True, editable=False)
    report = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("3D model")
        verbose_name_plural = _("3D models")

    def __str__(self) -> str:
        return self.title

    def derivative_url(self, name: str) -> str:
        stored = self.derivatives.get(name)
        return default_storage.url(stored) if stored else ""

    @property
    def poster_url(self) -> str:
        return self.derivative_url("poster")

    @property
    def viewer_url(self) -> str:
        """The level a phone opens first: Low, else whatever was made."""
        for name in ("low", "thumb", "high", "highest"):
            if name in self.derivatives:
                return self.derivative_url(name)
        return ""

    def source_fingerprint(self) -> str:
        """The scan's SHA-256: outputs are stored under it, and a task checks it is current."""
        digest = hashlib.sha256()
        with self.source.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
