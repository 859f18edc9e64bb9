"""The Operations menu: the board, and the thresholds and operators' monuments behind it."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSetGroup

from heritage_cms.core.adminui import SnippetViewSet

from . import panels, scope, urls, views
from .forms import SiteAlertSettingsForm
from .models import OperatorScope, SiteAlertSettings

# The board's own panels from the apps beside it (see views.PANELS_HOOK).
hooks.register(views.PANELS_HOOK, panels.visitor_reports)
hooks.register(views.PANELS_HOOK, panels.stops_heard)


@hooks.register("register_admin_urls")
def register_operations_urls():
    return [path("operations/", include(urls, namespace="operations"))]


class BoardItem(MenuItem):
    def is_shown(self, request):
        return scope.may_see_board(request.user)


@hooks.register("register_admin_menu_item")
def register_board_menu():
    return BoardItem(
        _("Operations board"),
        reverse("operations:board"),
        icon_name="site",
        name="operations-board",
        order=850,
    )


class ScopedThresholdsEditView(EditView):
    """Another monument's thresholds are refused as Wagtail refuses (to the dashboard)."""

    def get_object(self, queryset=None):
        thresholds = super().get_object(queryset)
        if not scope.visible_sites(self.request.user).filter(pk=thresholds.site_id).exists():
            raise PermissionDenied
        return thresholds


class ThresholdsViewSet(SnippetViewSet):
    model = SiteAlertSettings
    icon = "warning"
    menu_label = _("Alert thresholds")
    edit_view_class = ScopedThresholdsEditView
    list_display = ["site", "silent_minutes", "backlog_taps", "forged_cards"]
    edit_handler = ObjectList(
        [
            FieldPanel("site"),
            FieldPanel("silent_minutes"),
            FieldPanel("offline_minutes"),
            FieldPanel("backlog_taps"),
            FieldPanel("occupancy_warning_percent"),
            FieldPanel("occupancy_full_percent"),
            FieldPanel("forged_cards"),
            FieldPanel("refusal_rate_factor"),
            FieldPanel("refusal_min_taps"),
            FieldPanel("webhook_url"),
            FieldPanel("webhook_secret"),
        ],
        base_form_class=SiteAlertSettingsForm,
    )

    def get_queryset(self, request):
        return SiteAlertSettings.objects.filter(site__in=scope.visible_sites(request.user))


class OperatorScopeViewSet(SnippetViewSet):
    model = OperatorScope
    icon = "user"
    menu_label = _("Operators' monuments")
    list_display = ["user", "all_sites"]
    panels = [FieldPanel("user"), FieldPanel("all_sites"), FieldPanel("sites")]


class OperationsSettingsGroup(SnippetViewSetGroup):
    items = (ThresholdsViewSet, OperatorScopeViewSet)
    menu_icon = "warning"
    menu_label = _("Operations settings")
    menu_name = "operations-settings"
    menu_order = 851


register_snippet(OperationsSettingsGroup)
