from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, TranslatableMixin

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


class CaptionedPageImage(TranslatableMixin, Orderable):
    """One image of a page's gallery with its caption, in the editor's order.

    Relics and monuments show their photographs the same way; a subclass only adds the
    ``page`` ParentalKey (its related name is what the page's template reads).
    """

    image = models.ForeignKey(
        "core.HeritageImage", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = ["image", "caption"]
    api_fields = [APIField("image"), APIField("caption")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        abstract = True
