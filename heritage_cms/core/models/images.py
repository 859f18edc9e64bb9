from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from ..licences import DEFAULT_LICENCE, LICENCE_CHOICES


class HeritageImage(AbstractImage):
    """An image with the credit and licence an archive photograph must carry."""

    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(
        _("credit"), max_length=255, blank=True, help_text=_("Photographer or rights holder.")
    )
    licence = models.CharField(
        _("licence"), max_length=32, choices=LICENCE_CHOICES, default=DEFAULT_LICENCE
    )

    admin_form_fields = (*Image.admin_form_fields, "caption", "credit", "licence")


class HeritageRendition(AbstractRendition):
    image = models.ForeignKey(HeritageImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
