from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from heritage_cms.core.blocks import RICH_TEXT_FEATURES
from heritage_cms.core.fields import SentencesTextField
from heritage_cms.core.licences import DEFAULT_LICENCE, LICENCE_CHOICES, LICENCES
from heritage_cms.core.models import CaptionedPageImage, HeritagePageMixin
from heritage_cms.core.models.mixins import heritage_tabs
from heritage_cms.core.queries import with_renditions

from .models3d import Model3D
from .panels import PLACE_POINTS_OF_INTEREST, HotspotInlinePanel, HotspotPickerPanel, RelicPageForm


class Condition(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")
    CONSERVATION = "conservation", _("Under conservation")


def _dimension(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


# A relic's catalogue record, in publishing order: the API and the open-data CSV both list it.
CATALOGUE_FIELDS = (
    "inventory_number",
    "designation",
    "dynasty",
    "reign",
    "date_made",
    "material",
    "height_cm",
    "width_cm",
    "depth_cm",
    "weight_kg",
    "dimensions_note",
    "location_within_site",
    "provenance",
    "condition",
    "licence",
    "licence_url",
    "rights_holder",
)


class RelicPage(HeritagePageMixin, Page):
    """A digitised object of a monument: its catalogue record, images, and later 3D and audio."""

    inventory_number = models.CharField(
        _("inventory number"), max_length=64, blank=True, db_index=True
    )
    designation = models.CharField(
        _("heritage designation"),
        max_length=255,
        blank=True,
        help_text=_("For example: National Treasure (2012)."),
    )
    dynasty = models.CharField(_("dynasty"), max_length=120, blank=True)
    reign = models.CharField(_("reign"), max_length=120, blank=True)
    date_made = models.CharField(
        _("date made"), max_length=120, blank=True, help_text=_("For example: 1835–1837.")
    )
    material = models.CharField(_("material"), max_length=255, blank=True)
    height_cm = _dimension(_("height (cm)"))
    width_cm = _dimension(_("width (cm)"))
    depth_cm = _dimension(_("depth or diameter (cm)"))
    weight_kg = _dimension(_("weight (kg)"))
    dimensions_note = models.CharField(_("dimensions note"), max_length=255, blank=True)
    provenance = models.TextField(_("provenance"), blank=True)
    location_within_site = models.CharField(
        _("location within the site"), max_length=255, blank=True
    )
    condition = models.CharField(
        _("condition"), max_length=16, choices=Condition.choices, default=Condition.GOOD
    )
    licence = models.CharField(
        _("licence of this record"),
        max_length=32,
        choices=LICENCE_CHOICES,
        default=DEFAULT_LICENCE,
    )
    rights_holder = models.CharField(_("rights holder"), max_length=255, blank=True)
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    guide_text = SentencesTextField(
        _("audio guide text"),
        blank=True,
        help_text=_("The script read aloud by the audio guide; also shown as its transcript."),
    )
    model_3d = models.ForeignKey(
        Model3D,
        verbose_name=_("3D model"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="relics",
    )

    content_panels = [
        *Page.content_panels,
        "summary",
        "description",
        InlinePanel("images", label=_("Images")),
    ]
    catalogue_panels = [
        FieldRowPanel(["inventory_number", "designation"]),
        FieldRowPanel(["dynasty", "reign", "date_made"]),
        "material",
        MultiFieldPanel(
            [
                FieldRowPanel(["height_cm", "width_cm", "depth_cm", "weight_kg"]),
                "dimensions_note",
            ],
            heading=_("Dimensions"),
        ),
        "provenance",
        "location_within_site",
        "condition",
        FieldRowPanel(["licence", "rights_holder"]),
    ]
    media_panels = [
        FieldPanel("model_3d", permission=PLACE_POINTS_OF_INTEREST),
        HotspotPickerPanel(heading=_("Place points of interest")),
        HotspotInlinePanel("hotspots", label=_("Points of interest on the 3D model")),
        FieldPanel("guide_text"),
    ]
    edit_handler = heritage_tabs(
        ObjectList(content_panels, heading=_("Content")),
        ObjectList(catalogue_panels, heading=_("Catalogue record")),
        ObjectList(media_panels, heading=_("Audio and 3D")),
    )

    # Inventory numbers ("HUE-DN-0001") are filtered on, not searched: their site prefix would
    # make every relic match a visitor typing "hue".
    search_fields = [*HeritagePageMixin.search_fields, index.FilterField("inventory_number")]
    folded_search_sources = ("title", "summary", "description", "dynasty", "reign", "material")
    api_fields = [
        APIField(name)
        for name in (
            "summary",
            *CATALOGUE_FIELDS,
            "description",
            "images",
            "hotspots",
            "guide_text",
        )
    ]

    # A catalogue number is the same in every language.
    override_translatable_fields = [SynchronizedField("inventory_number")]

    parent_page_types = ["heritage_sites.MonumentPage"]
    subpage_types: list[str] = []
    base_form_class = RelicPageForm
    template = "collection/relic_page.html"

    class Meta:
        verbose_name = _("relic")

    serving_related = ("locale", "audio_guide", "model_3d")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["monument"] = self.get_parent()  # a title and a link: the plain page will do
        context["hotspots"] = list(self.hotspots.all())
        context["images"] = list(
            self.images.select_related("image").prefetch_related(with_renditions())
        )
        return context

    @property
    def licence_url(self) -> str:
        return LICENCES[self.licence].url

    @property
    def monument(self):
        return self.get_parent().specific

    @property
    def dimensions(self) -> list[tuple[str, str]]:
        """The dimensions that are known, as (label, value with unit) for display."""
        rows = [
            (_("Height"), self.height_cm, "cm"),
            (_("Width"), self.width_cm, "cm"),
            (_("Depth or diameter"), self.depth_cm, "cm"),
            (_("Weight"), self.weight_kg, "kg"),
        ]
        return [(label, f"{value.normalize():f} {unit}") for label, value, unit in rows if value]


def _vector_validator(value: str) -> None:
    parts = value.split()
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) != 3:
        raise ValidationError(
            _("Give three numbers in metres separated by spaces, e.g. “0.12 1.5 -0.3”.")
        )


class RelicHotspot(TranslatableMixin, Orderable):
    """A point of interest on the relic's 3D model: where it is, which way it faces, what it is.

    Position and normal are in the model's normalised space (metres, Y up, standing on the
    floor), as the pipeline outputs it; the label and note are translated with the page.
    """

    page = ParentalKey(RelicPage, on_delete=models.CASCADE, related_name="hotspots")
    label = models.CharField(_("label"), max_length=120)
    note = models.TextField(_("note"), blank=True)
    position = models.CharField(
        _("position (x y z, metres)"), max_length=64, validators=[_vector_validator]
    )
    normal = models.CharField(
        _("surface normal (x y z)"),
        max_length=64,
        default="0 0 1",
        validators=[_vector_validator],
    )

    panels = ["label", "note", FieldRowPanel(["position", "normal"])]
    api_fields = [APIField(name) for name in ("label", "note", "position", "normal")]
    override_translatable_fields = [SynchronizedField("position"), SynchronizedField("normal")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("point of interest")

    def __str__(self) -> str:
        return self.label

    def _metres(self, value: str) -> str:
        return " ".join(f"{float(part):g}m" for part in value.split())

    @property
    def position_attr(self) -> str:
        return self._metres(self.position)

    @property
    def normal_attr(self) -> str:
        return self._metres(self.normal)


class RelicImage(CaptionedPageImage):
    page = ParentalKey(RelicPage, on_delete=models.CASCADE, related_name="images")

    class Meta(CaptionedPageImage.Meta):
        verbose_name = _("relic image")
