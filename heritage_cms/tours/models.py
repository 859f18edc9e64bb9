from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from heritage_cms.core.blocks import RICH_TEXT_FEATURES
from heritage_cms.core.models import HeritagePageMixin
from heritage_cms.core.queries import localized_for_listing

STOP_TARGET_TYPES = ["heritage_sites.MonumentPage", "collection.RelicPage"]

stop_code_validator = RegexValidator(
    r"^[0-9]{1,6}$", _("A stop code is one to six digits, as printed on the sign.")
)


class TourPageForm(WagtailAdminPageForm):
    """Catches two stops of one tour sharing a code before anything is saved."""

    def clean(self):
        cleaned_data = super().clean()
        forms = [
            form
            for form in self.formsets["stops"].forms
            if form.is_valid() and not form.cleaned_data.get("DELETE")
        ]
        seen: set[str] = set()
        for form in forms:
            code = form.cleaned_data.get("stop_code")
            if code in seen:
                form.add_error(
                    "stop_code", _("Two stops of this tour cannot share the code %s.") % code
                )
            seen.add(code)
        return cleaned_data


class TourPage(HeritagePageMixin, Page):
    """A route through monuments and relics, walked stop by stop."""

    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        "summary",
        "description",
        "duration_minutes",
        InlinePanel("stops", label=_("Stops"), min_num=1),
    ]
    search_fields = HeritagePageMixin.search_fields
    folded_search_sources = ("title", "summary", "description")
    api_fields = [
        APIField("summary"),
        APIField("description"),
        APIField("duration_minutes"),
        APIField("stops"),
    ]
    base_form_class = TourPageForm
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []
    template = "tours/tour_page.html"

    class Meta:
        verbose_name = _("tour")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # sort_order is empty on stops made outside the admin: then the order they were added.
        stops = list(self.stops.select_related("target").order_by("sort_order", "pk"))
        targets = localized_for_listing(stop.target for stop in stops)
        for stop in stops:
            stop.localized_target = targets[stop.target_id]
        context["stops"] = stops
        return context


class TourStop(TranslatableMixin, Orderable):
    """One stop: a monument or relic, the code on its sign, and what to look at there."""

    tour = ParentalKey(TourPage, on_delete=models.CASCADE, related_name="stops")
    target = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("monument or relic"),
    )
    stop_code = models.CharField(
        _("stop code"),
        max_length=6,
        validators=[stop_code_validator],
        help_text=_("The number on the sign at this stop; unique across all tours."),
    )
    note = models.TextField(_("what to look at here"), blank=True)

    panels = [
        PageChooserPanel("target", page_type=STOP_TARGET_TYPES),
        FieldRowPanel(["stop_code"]),
        "note",
    ]
    api_fields = [APIField("target"), APIField("stop_code"), APIField("note")]

    # The number on the sign is the same whatever language the visitor reads.
    override_translatable_fields = [SynchronizedField("stop_code")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("tour stop")

    def __str__(self) -> str:
        return f"{self.stop_code} · {self.target.title}"

    def clean(self):
        super().clean()
        if self.target_id and self.target.specific_class is not None:
            allowed = {label.lower() for label in STOP_TARGET_TYPES}
            if self.target.specific_class._meta.label_lower not in allowed:
                raise ValidationError({"target": _("A stop must be a monument or a relic.")})
        if self.stop_code and self.tour_id:
            clash = (
                TourStop.objects.filter(stop_code=self.stop_code, tour__locale=self.tour.locale)
                .exclude(tour_id=self.tour_id)
                .select_related("tour")
                .first()
            )
            if clash:
                raise ValidationError(
                    {
                        "stop_code": _(
                            "Code %(code)s is already used by the tour “%(tour)s”; "
                            "pick another number."
                        )
                        % {"code": self.stop_code, "tour": clash.tour.title}
                    }
                )
