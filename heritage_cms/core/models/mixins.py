from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from ..queries import view_restrictions
from ..text import fold


class HeritagePageMixin(models.Model):
    """What every visitor-facing page has: a short summary and an accent-forgiving search entry.

    Subclasses name the fields worth finding in ``folded_search_sources``; their folded form is
    indexed so that "Thien Mu" finds "Thiên Mụ" (and 天姥 finds 天姥寺) on SQLite and PostgreSQL.
    """

    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown in lists and previews.")
    )

    folded_search_sources: tuple[str, ...] = ("title", "summary")
    # What the visitor template reads through foreign keys, loaded with the page when served.
    serving_related: tuple[str, ...] = ("locale",)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("folded_search_text", boost=2),
    ]

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """The restrictions Wagtail checks before serving, in one query instead of two."""
        if getattr(self, "known_unrestricted", False):  # routing found none on the path
            return PageViewRestriction.objects.none()
        return view_restrictions(self)

    def folded_search_text(self) -> str:
        return fold(" ".join(self._searchable_text(name) for name in self.folded_search_sources))

    def _searchable_text(self, name: str) -> str:
        value = getattr(self, name, None)
        if not value:
            return ""
        field = self._meta.get_field(name)
        if isinstance(field, StreamField):
            return " ".join(field.get_searchable_content(value))
        if isinstance(field, RichTextField):
            return strip_tags(value)
        return str(value)


def heritage_tabs(*tabs: ObjectList) -> TabbedInterface:
    """A page's own editor tabs, then Wagtail's Promote and Settings, last on every page type."""
    return TabbedInterface(
        [
            *tabs,
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
