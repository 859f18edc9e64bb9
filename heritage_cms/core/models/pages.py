from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page

from ..queries import public_q, route_descendant
from .mixins import HeritagePageMixin


class HomePage(HeritagePageMixin, Page):
    """The root of a locale's tree: welcomes the visitor and lists the monuments."""

    intro = models.TextField(_("introduction"), blank=True)
    hero_image = models.ForeignKey(
        "core.HeritageImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [*Page.content_panels, "summary", "intro", FieldPanel("hero_image")]
    api_fields = [APIField("summary"), APIField("intro")]
    folded_search_sources = ("title", "summary", "intro")
    max_count_per_parent = 1
    subpage_types = ["heritage_sites.MonumentPage", "tours.TourPage"]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    # Routed from the site root by ``queries.route_for_request`` without loading this row.
    routes_in_one_query = True

    def route(self, request, path_components):
        return route_descendant(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        # Named, not imported: the monument and tour apps build on core, not the reverse.
        MonumentPage = apps.get_model("heritage_sites", "MonumentPage")
        TourPage = apps.get_model("tours", "TourPage")
        context = super().get_context(request, *args, **kwargs)
        context["monuments"] = (
            MonumentPage.objects.child_of(self).live().filter(public_q()).order_by("path")
        )
        context["tours"] = (
            TourPage.objects.child_of(self).live().filter(public_q()).order_by("path")
        )
        return context
