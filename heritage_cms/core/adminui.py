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
from django.core.exceptions import PermissionDenied
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy, gettext_noop
from wagtail.admin.ui.tables import BooleanColumn as WagtailBooleanColumn
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet as WagtailSnippetViewSet

from .money import VND, format_vnd

__all__ = [
    "BooleanColumn",
    "CodeColumn",
    "DateColumn",
    "SnippetChooserViewSet",
    "SnippetViewSet",
    "VNDColumn",
]


# Wagtail's own admin strings that its Vietnamese (and Japanese) catalogues lack, so that a
# Vietnamese reader saw them in English; kept here so ``makemessages`` keeps our translations.
WAGTAIL_CATALOGUE_GAPS = (
    gettext_noop("Skip to main content"),
    gettext_noop("Page %(page_num)s of %(total_pages)s"),
)


class HoldersOnly:
    """Wagtail opens every snippet chooser to every admin user: a translator could list card
    numbers, taps and gate anomalies through ``/admin/snippets/choose/…``. A chooser answers
    only those who hold some permission on its model, as its listing does."""

    actions = ("add", "change", "delete", "view")

    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(self.model)
        if not policy.user_has_any_permission(request.user, self.actions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _holders_only(view_class: type) -> type:
    return type(view_class.__name__, (HoldersOnly, view_class), {})


class SnippetChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = _holders_only(chooser.ChooseView)
    choose_results_view_class = _holders_only(chooser.ChooseResultsView)
    chosen_view_class = _holders_only(chooser.SnippetChosenView)
    chosen_multiple_view_class = _holders_only(chooser.SnippetChosenMultipleView)
    create_view_class = _holders_only(chooser.SnippetCreateView)


class SnippetViewSet(WagtailSnippetViewSet):
    """Wagtail's snippet viewset with breadcrumbs translated per request, not per process, and
    choosers for the model's permission holders only."""

    chooser_viewset_class = SnippetChooserViewSet
    #: The relations the listing shows, fetched with the rows rather than one query a row.
    select_related: tuple[str, ...] = ()

    def get_queryset(self, request):
        if self.select_related:
            return self.model._default_manager.select_related(*self.select_related)
        return super().get_queryset(request)

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
