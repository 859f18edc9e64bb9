from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from heritage_cms.core.blocks import RICH_TEXT_FEATURES, StoryStreamBlock
from heritage_cms.core.fields import SentencesTextField
from heritage_cms.core.models import CaptionedPageImage, HeritagePageMixin
from heritage_cms.core.models.mixins import heritage_tabs
from heritage_cms.core.money import VND, VNDField
from heritage_cms.core.queries import public_q

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
SCHEMA_ORG_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class Site(models.Model):
    """A monument as gates, tickets and revenue know it: one row in every language.

    Gates, products, revenue accounts and every translation of the monument's page point here.
    The code is what gates and tickets carry on the wire; the name shown to people is the
    monument page's title in their language (translated with the page, so it has one owner).
    """

    code = models.SlugField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("The code gates and tickets use for this monument, for example dai-noi."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("How many visitors may be inside at once; empty for no limit."),
    )

    class Meta:
        verbose_name = _("monument")
        verbose_name_plural = _("monuments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The monument page's title in the active language, else the source's, else the code."""
        titles = dict(self.monument_pages.values_list("locale__language_code", "title"))
        return titles.get(get_language()) or titles.get(settings.LANGUAGE_CODE) or self.code

    name.fget.short_description = _("name")  # type: ignore[attr-defined]  # the admin's header

    @property
    def monument(self) -> MonumentPage | None:
        """The source-language page, whose opening hours gates follow."""
        return (
            self.monument_pages.filter(locale__language_code=settings.LANGUAGE_CODE)
            .prefetch_related("opening_hours")
            .first()
        )


def _degrees_field(verbose_name: str, bound: int) -> models.DecimalField:
    """Decimal degrees within ±bound; six places (about 0.1 m) is finer than any map pin."""
    return models.DecimalField(
        verbose_name,
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-bound), MaxValueValidator(bound)],
    )


class MonumentPage(HeritagePageMixin, Page):
    """A heritage site a visitor walks into: the Imperial City, a pagoda, an emperor's tomb."""

    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    history = StreamField(StoryStreamBlock(), verbose_name=_("history"), blank=True)
    dynasty = models.CharField(_("dynasty"), max_length=120, blank=True)
    period = models.CharField(
        _("period"), max_length=120, blank=True, help_text=_("For example: 1804–1833.")
    )
    opening_hours_note = models.CharField(_("opening hours note"), max_length=500, blank=True)
    site = models.ForeignKey(
        Site,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monument_pages",
        verbose_name=_("monument"),
        help_text=_(
            "The monument's code and capacity as gates and tickets know it; the same in "
            "every language."
        ),
    )
    address = models.TextField(_("address"), blank=True)
    latitude = _degrees_field(_("latitude"), 90)
    longitude = _degrees_field(_("longitude"), 180)
    guide_text = SentencesTextField(
        _("audio guide text"),
        blank=True,
        help_text=_("The script read aloud by the audio guide; also shown as its transcript."),
    )

    content_panels = [
        *Page.content_panels,
        "summary",
        "description",
        MultiFieldPanel([FieldRowPanel(["dynasty", "period"]), "history"], heading=_("History")),
        InlinePanel("gallery_images", label=_("Gallery")),
    ]
    visit_panels = [
        InlinePanel("opening_hours", label=_("Opening hours")),
        "opening_hours_note",
        MultiFieldPanel(["site"], heading=_("Gates")),
        InlinePanel("fares", label=_("Fares")),
        MultiFieldPanel(
            ["address", FieldRowPanel(["latitude", "longitude"])], heading=_("Location")
        ),
    ]
    media_panels = [FieldPanel("guide_text")]

    edit_handler = heritage_tabs(
        ObjectList(content_panels, heading=_("Content")),
        ObjectList(visit_panels, heading=_("Visit")),
        ObjectList(media_panels, heading=_("Audio and 3D")),
    )

    search_fields = HeritagePageMixin.search_fields
    folded_search_sources = ("title", "summary", "description", "dynasty", "address")
    api_fields = [
        APIField("summary"),
        APIField("description"),
        APIField("history"),
        APIField("dynasty"),
        APIField("period"),
        APIField("opening_hours"),
        APIField("opening_hours_note"),
        APIField("fares"),
        APIField("address"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("gallery_images"),
        APIField("guide_text"),
    ]

    override_translatable_fields = [SynchronizedField("site")]

    parent_page_types = ["core.HomePage"]
    subpage_types = ["collection.RelicPage"]
    template = "sites/monument_page.html"

    class Meta:
        verbose_name = _("monument page")

    def clean(self):
        super().clean()
        if self.site_id:
            clash = (
                MonumentPage.objects.filter(site_id=self.site_id)
                .exclude(translation_key=self.translation_key)
                .first()
            )
            if clash is not None:
                raise ValidationError(
                    {"site": _("%(title)s already uses this site code.") % {"title": clash}}
                )

    serving_related = ("locale", "audio_guide")

    @property
    def relics(self):
        RelicPage = apps.get_model("collection", "RelicPage")  # collection builds on sites
        return RelicPage.objects.child_of(self).live().filter(public_q()).order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["relics"] = self.relics
        context["opening_hours"] = list(self.opening_hours.all())
        context["fares"] = list(self.fares.all())
        # No fare above zero and no ticket on sale for the site: the page offers none to buy.
        context["free_entry"] = not any(
            fare.price_vnd.amount for fare in context["fares"]
        ) and not (self.site_id and self.site.products.filter(is_active=True).exists())
        context["gallery"] = list(self.gallery_images.select_related("image"))
        story_images = [block.value for block in self.history if block.block_type == "image"]
        # The gallery's and the story's renditions in one query.
        images = [item.image for item in context["gallery"]] + story_images
        prefetch_related_objects(images, "renditions")
        return context


class MonumentOpeningHours(Orderable):
    """Opening hours for a run of weekdays, in the monument's local time."""

    page = ParentalKey(MonumentPage, on_delete=models.CASCADE, related_name="opening_hours")
    first_day = models.PositiveSmallIntegerField(_("from"), choices=WEEKDAYS, default=0)
    last_day = models.PositiveSmallIntegerField(_("to"), choices=WEEKDAYS, default=6)
    opens = models.TimeField(_("opens"), default=dt.time(7, 0))
    closes = models.TimeField(_("closes"), default=dt.time(17, 30))

    panels = [FieldRowPanel(["first_day", "last_day", "opens", "closes"])]
    api_fields = [APIField(name) for name in ("first_day", "last_day", "opens", "closes")]

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def clean(self):
        errors = {}
        if self.last_day < self.first_day:
            errors["last_day"] = _("The last day must not come before the first day.")
        if self.closes <= self.opens:
            errors["closes"] = _("Closing time must be after opening time.")
        if errors:
            raise ValidationError(errors)

    @property
    def days(self) -> list[int]:
        return list(range(self.first_day, self.last_day + 1))

    @property
    def schema_org_days(self) -> list[str]:
        return [SCHEMA_ORG_DAYS[day] for day in self.days]

    def __str__(self) -> str:
        days = dict(WEEKDAYS)
        span = (
            str(days[self.first_day])
            if self.first_day == self.last_day
            else f"{days[self.first_day]}–{days[self.last_day]}"
        )
        return f"{span} {date_format(self.opens, 'H:i')}–{date_format(self.closes, 'H:i')}"


class MonumentFare(TranslatableMixin, Orderable):
    """A published admission price, in whole đồng (VND has no minor unit)."""

    page = ParentalKey(MonumentPage, on_delete=models.CASCADE, related_name="fares")
    visitor = models.CharField(
        _("visitor category"), max_length=120, help_text=_("For example: Adult, Child 7–12.")
    )
    price_vnd = VNDField(_("price (VND)"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [FieldRowPanel(["visitor", "price_vnd"]), "note"]
    api_fields = [
        APIField("visitor"),
        APIField("price_vnd", serializer=serializers.IntegerField(source="price_vnd.amount")),
        APIField("note"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("fare")
        constraints = [
            models.CheckConstraint(condition=models.Q(price_vnd__gte=0), name="fare_not_negative")
        ]

    def __str__(self) -> str:
        price = self.price_vnd if isinstance(self.price_vnd, VND) else VND(self.price_vnd)
        return f"{self.visitor}: {price}"


class MonumentGalleryImage(CaptionedPageImage):
    page = ParentalKey(MonumentPage, on_delete=models.CASCADE, related_name="gallery_images")

    class Meta(CaptionedPageImage.Meta):
        verbose_name = _("gallery image")
