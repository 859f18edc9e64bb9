"""A monument named in the reader's language in admin listings, in one query per listing."""

from django.conf import settings
from django.utils.translation import get_language
from wagtail.admin.ui.tables import Column

from .models import MonumentPage


def site_names() -> dict[int, str]:
    """Each monument's page title in the active language, else in the source language."""
    wanted = [get_language(), settings.LANGUAGE_CODE]
    names: dict[int, str] = {}
    rows = MonumentPage.objects.filter(
        site__isnull=False, locale__language_code__in=wanted
    ).values_list("site_id", "locale__language_code", "title")
    # The source language first, so the reader's own title overwrites it where there is one.
    for site_id, _language, title in sorted(rows, key=lambda row: -wanted.index(row[1])):
        names[site_id] = title
    return names


class SiteColumn(Column):
    """The monument of a row (``accessor`` leads to its ``Site``), by name, not code."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        site = context["raw_value"]
        if site is not None:
            request = parent_context.get("request")
            names = getattr(request, "_heritage_site_names", None)
            if names is None:
                names = site_names()
                if request is not None:
                    request._heritage_site_names = names
            context["value"] = names.get(site.pk, site.code)
        return context
