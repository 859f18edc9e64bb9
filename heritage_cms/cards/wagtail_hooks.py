from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from heritage_cms.core.adminui import (
    BooleanColumn,
    CodeColumn,
    DateColumn,
    SnippetViewSet,
    VNDColumn,
)
from heritage_cms.core.spreadsheet import SafeExportIndexView
from heritage_cms.sites.adminui import SiteColumn

from . import audit
from .models import Card, Entitlement, Gate, GateAnomaly, Product, Tap
from .reasons import REFUSAL_REASONS


class RecordOnlyPolicy(ModelPermissionPolicy):
    """Model permissions minus the actions that only the server's own code may take.

    Taps are reported by gates and entitlements are sold through payments, each with its ledger
    entries: an admin form that added, edited or deleted one would bypass both, so not even a
    superuser gets those actions here."""

    def __init__(self, model, refused: frozenset[str]):
        super().__init__(model)
        self.refused = refused

    def user_has_permission(self, user, action):
        return action not in self.refused and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(set(actions) - self.refused)


# Staff may still revoke an entitlement (its one editable field); taps are facts, never changed.
register_permission_policy(Tap, RecordOnlyPolicy(Tap, frozenset({"add", "change", "delete"})))
register_permission_policy(Entitlement, RecordOnlyPolicy(Entitlement, frozenset({"add", "delete"})))


def _gate_columns() -> list[Column]:
    """The gate a row came from and its monument, as the tap and anomaly listings show them."""
    return [
        Column("gate", label=_("Gate"), accessor="gate.name"),
        SiteColumn("gate.site", label=_("Monument")),
    ]


class CardViewSet(SnippetViewSet):
    model = Card
    icon = "tag"
    list_display = [
        "number",
        "uid",
        "status",
        VNDColumn("balance", label=_("Balance")),
        DateColumn("issued_at", label=_("Issued"), sort_key="issued_at"),
    ]
    list_filter = ["status"]
    search_fields = ["number", "uid"]
    # Cards are issued with `manage.py issue_card`. Blocking and replacing move value and feed the
    # gates' denylist, so they happen only through Finance → card, where they are audited.
    panels = []
    add_to_admin_menu = False


class GateViewSet(SnippetViewSet):
    model = Gate
    select_related = ("site",)
    icon = "doc-full"
    list_display = [
        "name",
        SiteColumn("site", label=_("Monument")),
        "direction",
        VNDColumn("fare", label=_("Fare")),
        BooleanColumn("online", label=_("Online")),
        BooleanColumn("is_active", label=_("Active")),
        DateColumn("last_seen_at", label=_("Last seen"), sort_key="last_seen_at"),
    ]
    list_filter = ["site", "is_active"]
    panels = ["name", "site", "direction", "fare", "passback_minutes", "is_active"]


class TapViewSet(SnippetViewSet):
    model = Tap
    select_related = ("gate__site",)
    icon = "list-ul"
    list_display = [
        DateColumn("occurred_at", label=_("Occurred at"), sort_key="occurred_at"),
        *_gate_columns(),
        "card_number",
        "decision",
        CodeColumn("reason", REFUSAL_REASONS, label=_("Reason")),
        VNDColumn("fare", label=_("Fare charged")),
        "settlement",
    ]
    list_filter = ["decision", "settlement", "gate__site"]
    search_fields = ["card_number"]
    index_view_class = SafeExportIndexView  # gates report these values
    list_export = [
        "occurred_at",
        "gate",
        "sequence",
        "card_number",
        "decision",
        "reason",
        "fare",
        "settlement",
    ]
    panels = []  # taps are facts reported by gates: read-only (see RecordOnlyPolicy)
    inspect_view_enabled = True


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "pick"
    list_display = [
        "name",
        "code",
        "kind",
        VNDColumn("price", label=_("Price")),
        "valid_days",
        BooleanColumn("is_active", label=_("On sale")),
    ]
    list_filter = ["kind", "is_active"]
    panels = [
        "name",
        "code",
        "kind",
        "sites",
        "entries_per_site",
        "valid_days",
        "price",
        "is_active",
    ]


class EntitlementViewSet(SnippetViewSet):
    model = Entitlement
    icon = "tick-inverse"
    list_display = [
        "card",
        "product",
        "valid_from",
        "valid_until",
        BooleanColumn("is_revoked", label=_("Revoked")),
    ]
    list_filter = ["product", "is_revoked"]
    search_fields = ["card__number"]
    panels = ["is_revoked"]  # sold through payments; staff may revoke (see RecordOnlyPolicy)
    inspect_view_enabled = True


class GateAnomalyViewSet(SnippetViewSet):
    """What gates reported and the server settled differently: Finance reviews each one.

    Only the Finance group holds ``cards.view_gateanomaly`` (see core.roles); for everyone
    else the listing is absent from the menu and refused."""

    model = GateAnomaly
    select_related = ("gate__site", "tap__gate__site")
    icon = "warning"
    list_display = [
        DateColumn("created_at", label=_("Noticed at"), sort_key="created_at"),
        *_gate_columns(),
        "kind",
        "tap",
        "detail",
        DateColumn("reviewed_at", label=_("Reviewed at"), sort_key="reviewed_at"),
    ]
    list_filter = ["kind", "gate__site", "reviewed_at"]
    index_view_class = SafeExportIndexView  # the detail holds what a gate reported
    list_export = ["created_at", "gate", "kind", "tap", "detail", "reviewed_at", "note"]
    panels = ["reviewed_at", "note"]  # the flag itself is a fact; the review is staff's


@hooks.register("after_edit_snippet")
def stamp_anomaly_reviewer(request, instance):
    if isinstance(instance, GateAnomaly) and instance.reviewed_at and not instance.reviewed_by_id:
        GateAnomaly.objects.filter(pk=instance.pk).update(reviewed_by=request.user)


class CardsGroup(SnippetViewSetGroup):
    items = (
        CardViewSet,
        ProductViewSet,
        EntitlementViewSet,
        GateViewSet,
        TapViewSet,
        GateAnomalyViewSet,
    )
    menu_icon = "tag"
    menu_label = _("Cards and gates")
    menu_name = "cards"


register_snippet(CardsGroup)


@hooks.register("register_log_actions")
def register_card_log_actions(actions):
    for action, (label, message) in audit.ACTIONS.items():
        actions.register_action(action, label, message)
