"""What every admin listing shares: text in the staff member's own language, values for people.

Wagtail builds a snippet viewset's breadcrumbs once per process ("passed to the view classes at
startup") with an eager ``gettext``, so whichever language served the first request named
"Home" for everyone after it: English staff saw "Trang Chủ". :class:`SnippetViewSet` here keeps
those labels lazy, so each request translates them into its user's admin language.

The columns turn stored values into what staff read: amounts in đồng, a tick for a flag, a date
in the reader's language and time zone, a label for a machine code.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import BooleanColumn as WagtailBooleanColumn
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import SnippetViewSet as WagtailSnippetViewSet

from .money import VND, format_vnd

__all__ = ["BooleanColumn", "CodeColumn", "DateColumn", "SnippetViewSet", "VNDColumn"]


class SnippetViewSet(WagtailSnippetViewSet):
    """Wagtail's snippet viewset with breadcrumbs translated per request, not per process."""

    @property
    def breadcrumbs_items(self):
        items = [{"url": reverse_lazy("wagtailadmin_home"), "label": gettext_lazy("Home")}]
        if (
            getattr(settings, "WAGTAILSNIPPETS_MENU_SHOW_ALL", False)
            or not self.get_menu_item_is_registered()
        ):
            items.append(
                {"url": reverse_lazy("wagtailsnippets:index"), "label": gettext_lazy("Snippets")}
            )
        return items


class BooleanColumn(WagtailBooleanColumn):
    """A tick or a cross, named in words for screen readers (Wagtail's says "True"/"False")."""

    cell_template_name = "core/admin/boolean_cell.html"
    true_label = gettext_lazy("Yes")
    false_label = gettext_lazy("No")
    unknown_label = gettext_lazy("Unknown")


class VNDColumn(Column):
    """An amount in whole đồng as staff write it: ``150.000 ₫``."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if isinstance(value, VND):
            return format_vnd(value.amount)
        if isinstance(value, int) and not isinstance(value, bool):
            return format_vnd(value)
        return value


class CodeColumn(Column):
    """A machine code (a gate's refusal reason, a language) under its human label.

    A code with no label yet is shown as it is, so a new code never hides a row."""

    def __init__(self, name: str, labels: Mapping[str, Any] | Callable[[], Mapping], **kwargs):
        super().__init__(name, **kwargs)
        self._labels = labels

    def get_value(self, instance):
        code = super().get_value(instance)
        labels = self._labels() if callable(self._labels) else self._labels
        return labels.get(code, code) if code else code
