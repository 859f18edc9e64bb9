"""E-tickets in the admin: the fares the shop charges per product, and the tickets sold (read
only: tickets are issued by a paid payment, revoked by a refund or by moving to a card)."""

from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from heritage_cms.core.adminui import SnippetViewSet

from .models import Ticket, TicketFare


class IssuedOnlyPolicy(ModelPermissionPolicy):
    """Tickets are issued and revoked by the payment and card code, each audited there."""

    def user_has_permission(self, user, action):
        return action not in {"add", "change", "delete"} and super().user_has_permission(
            user, action
        )

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(set(actions) - {"add", "change", "delete"})


register_permission_policy(Ticket, IssuedOnlyPolicy(Ticket))


class TicketFareViewSet(SnippetViewSet):
    model = TicketFare
    icon = "tag"
    list_display = ["product", "name", "fare_type", "price"]
    list_filter = ["product"]
    panels = ["product", "fare_type", "name", "price", "sort_order"]


class TicketViewSet(SnippetViewSet):
    model = Ticket
    icon = "doc-full"
    list_display = ["code", "product", "fare_name", "valid_from", "valid_until", "status"]
    list_filter = ["status", "product"]
    search_fields = ["code"]
    search_backend_name = None
    panels = []


class TicketsGroup(SnippetViewSetGroup):
    menu_label = _("E-tickets")
    menu_icon = "tag"
    menu_order = 310
    items = (TicketFareViewSet, TicketViewSet)


register_snippet(TicketsGroup)
