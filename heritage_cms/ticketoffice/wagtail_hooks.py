"""The Ticket office menu and admin URLs; tills and clerks as snippets for administrators."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from heritage_cms.core.adminui import SnippetViewSet

from . import audit, urls
from .models import Clerk, Till


@hooks.register("register_admin_urls")
def register_office_urls():
    return [path("ticket-office/", include(urls, namespace="ticketoffice"))]


class OfficeItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.has_perm("ticketoffice.sell") or user.has_perm("ticketoffice.view_all_shifts")


@hooks.register("register_admin_menu_item")
def register_office_menu():
    return OfficeItem(
        _("Ticket office"),
        reverse("ticketoffice:index"),
        icon_name="tag",
        name="ticket-office",
        order=850,
    )


@hooks.register("register_log_actions")
def register_office_log_actions(actions):
    for action, (label, message) in audit.ACTIONS.items():
        actions.register_action(action, label, message)


class TillViewSet(SnippetViewSet):
    model = Till
    icon = "tag"
    list_display = ["name", "site", "paired_at"]
    list_filter = ["site"]


class ClerkViewSet(SnippetViewSet):
    model = Clerk
    icon = "user"
    list_display = ["user", "site"]
    list_filter = ["site"]


class OfficeSetupGroup(SnippetViewSetGroup):
    items = (TillViewSet, ClerkViewSet)
    menu_label = _("Ticket-office setup")
    menu_icon = "tag"
    menu_order = 860


register_snippet(OfficeSetupGroup)
