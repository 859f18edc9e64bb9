"""Every admin URL for every staff group: who gets the page and who is refused.

The URLs come from the URL conf (everything under /admin/), their arguments from real objects;
the expectation of each URL is a rule below (``EXPECTED``). A URL with no rule fails, naming it,
so a new view cannot go unchecked. Each user is in exactly one group and is no superuser.

Requests are GETs: a view that only answers POST is expected to say 405 to everyone (changing
data here would change what later URLs see).

To add a group: one line in ``GROUPS``. Rules read the group's own permissions, so they hold
for a new group as they do for the old ones. A member takes up the posting those permissions
call for at the world's monument (``take_up_posting``: a clerk of its tills, an operator watching
it), and where the status alone would hide a leak, ``OBSERVED`` says what the page showed (the
desk or a read-only shift, the board with or without revenue).
"""

import os

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.documents.permissions import permission_policy as document_permission_policy
from wagtail.images import get_image_model
from wagtail.images.permissions import permission_policy as image_permission_policy
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Task,
    UploadedFile,
    Workflow,
)
from wagtail.permissions import policy_registry
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    Translation,
    TranslationSource,
)

from heritage_cms.core import roles
from heritage_cms.core.factories import UserFactory
from heritage_cms.ticketoffice.models import Till

from .admin_urls import AdminUrl, admin_urls, build_path, content_type_parts
from .admin_world import build_admin_world, take_up_posting

pytestmark = pytest.mark.django_db

# Every staff group of core.roles; one line per group (other helpers add theirs here).
GROUPS = [
    roles.CURATORS,
    roles.MODERATORS,
    roles.TRANSLATORS,
    roles.FINANCE,
    roles.OPERATIONS,
    roles.TICKET_OFFICE,
]

OK, DENIED, MISSING, POST_ONLY = "ok", "denied", "404", "405"


# --- Rules: a user → the outcome expected -----------------------------------------------------
def staff(user):
    return OK


def nobody(user):
    """The superuser's own screens (users, groups, sites, locales, workflows)."""
    return DENIED


def post_only(user):
    return POST_ONLY


def perm(*permissions: str):
    def rule(user):
        return OK if any(user.has_perm(p) for p in permissions) else DENIED

    rule.__name__ = f"perm({', '.join(permissions)})"
    return rule


def page_perm(*codenames: str):
    """A page permission granted on the root page (core.roles.PAGE_PERMISSIONS)."""

    def rule(user):
        held = GroupPagePermission.objects.filter(
            group__user=user, permission__codename__in=codenames
        ).exists()
        return OK if held else DENIED

    rule.__name__ = f"page_perm({', '.join(codenames)})"
    return rule


# Images and documents answer to collection permissions, through their own policies.
POLICIES = {
    "wagtailimages.image": image_permission_policy,
    "wagtaildocs.document": document_permission_policy,
}


def may(model_label: str, *actions: str):
    """Any of ``actions`` on the model, as its registered permission policy decides (Wagtail's
    views ask the same policy; for cards, taps and entitlements it refuses what only the
    server's own code may do, for images and documents it reads collection permissions)."""

    def rule(user):
        policy = POLICIES.get(model_label) or policy_registry.get_by_type(
            apps.get_model(model_label)
        )
        return OK if policy.user_has_any_permission(user, actions) else DENIED

    rule.__name__ = f"may({model_label}: {', '.join(actions)})"
    return rule


def reviews_tasks(user):
    """A member of a group that approves workflow tasks (Moderators, in core.roles)."""
    return OK if GroupApprovalTask.objects.filter(groups__user=user).exists() else DENIED


def already_signed_in(user):
    """The sign-in page sends a signed-in user on to the dashboard."""
    return DENIED


def crashes_on_purpose(user):
    """Wagtail's /admin/failwhale/ raises to test error reporting."""
    return "raised Exception: This is a test of the emergency broadcast system."


EXPECTED: dict = {}  # URL name → rule


def expect(rule, *names: str) -> None:
    for name in names:
        assert name not in EXPECTED, f"{name} has two expectations"
        EXPECTED[name] = rule


expect(
    staff,
    "wagtailadmin_home",
    "admin/test404/",
    "wagtailadmin_api:pages:listing",
    "wagtailadmin_api:pages:detail",
    "wagtailadmin_api:pages:find",
    "wagtailadmin_api:documents:listing",
    "wagtailadmin_api:documents:detail",
    "wagtailadmin_api:documents:find",
    "wagtailadmin_api:images:listing",
    "wagtailadmin_api:images:detail",
    "wagtailadmin_api:images:find",
    "wagtail_bulk_action",
    "wagtailadmin_pages:choose_parent",
    "wagtailadmin_pages:convert_alias",
    "wagtailadmin_pages:move_confirm",
    "wagtailadmin_pages:confirm_workflow_cancellation",
    "wagtailadmin_pages:revisions_index",
    "wagtailadmin_choose_page",
    "wagtailadmin_choose_page_child",
    "wagtailadmin_choose_page_search",
    "wagtailadmin_choose_page_chosen_multiple",
    "wagtailadmin_choose_page_external_link",
    "wagtailadmin_choose_page_email_link",
    "wagtailadmin_choose_page_phone_link",
    "wagtailadmin_choose_page_anchor_link",
    "wagtailadmin_tag_autocomplete",
    "wagtailadmin_tag_model_autocomplete",
    "wagtailadmin_collections:delete",
    "wagtailadmin_workflows:add_task",
    "wagtailadmin_workflows:task_chooser",
    "wagtailadmin_workflows:task_chooser_results",
    "wagtailadmin_workflows:task_chooser_create",
    "wagtailadmin_workflows:task_chosen",
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:site_history_results",
    "wagtailadmin_account",
    "wagtailadmin_dismissibles",
    "wagtailadmin_block_preview",
    "wagtail_localize:javascript_catalog",
    "wagtail_localize:translations_report",
    "wagtail_localize:translations_report_results",
    "wagtailembeds:chooser",
    "wagtailembeds:chooser_upload",
    "wagtaildocs_chooser:choose",
    "wagtaildocs_chooser:choose_results",
    "wagtaildocs_chooser:chosen_multiple",
    "wagtailimages_chooser:choose",
    "wagtailimages_chooser:choose_results",
    "wagtailimages_chooser:chosen_multiple",
    "wagtailadmin_sprite",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    "admin/^.*/$",
)
expect(
    crashes_on_purpose,
    "wagtailadmin_error_test",
)
expect(
    post_only,
    "wagtailadmin_api:pages:action",
    "wagtailadmin_pages:set_page_position",
    "wagtailadmin_pages:lock",
    "wagtailadmin_pages:unlock",
    "wagtailadmin_workflows:enable",
    "wagtailadmin_workflows:remove",
    "wagtailadmin_workflows:remove(page_pk,workflow_pk)",
    "wagtailadmin_workflows:enable_task",
    "wagtailadmin_logout",
    "wagtailadmin_editing_sessions:ping",
    "wagtailadmin_editing_sessions:release",
    "wagtail_localize:edit_string_translation",
    "wagtail_localize:edit_override",
    "wagtail_localize:upload_pofile",
    "wagtail_localize:machine_translate",
    "wagtail_localize:stop_translation",
    "wagtaildocs:edit_multiple",
    "wagtaildocs:create_multiple_from_uploaded_document",
    "wagtaildocs:delete_multiple",
    "wagtaildocs:delete_upload_multiple",
    "wagtailimages:edit_multiple",
    "wagtailimages:create_multiple_from_uploaded_image",
    "wagtailimages:delete_multiple",
    "wagtailimages:delete_upload_multiple",
)
expect(
    nobody,
    "wagtailadmin_collections:index",
    "wagtailadmin_collections:add",
    "wagtailadmin_collections:edit",
    "wagtailadmin_collections:set_privacy",
    "wagtailadmin_workflows:index",
    "wagtailadmin_workflows:index_results",
    "wagtailadmin_workflows:add",
    "wagtailadmin_workflows:disable",
    "wagtailadmin_workflows:edit",
    "wagtailadmin_workflows:usage",
    "wagtailadmin_workflows:usage_results",
    "wagtailadmin_workflows:select_task_type",
    "wagtailadmin_workflows:task_index",
    "wagtailadmin_workflows:task_index_results",
    "wagtailadmin_workflows:edit_task",
    "wagtailadmin_workflows:disable_task",
    "wagtailredirects:index",
    "wagtailredirects:index_results",
    "wagtailredirects:add",
    "wagtailredirects:edit",
    "wagtailredirects:delete",
    "wagtailredirects:start_import",
    "wagtailredirects:process_import",
    "wagtailsnippets:index",
    "finance_payments:add",
    "finance_payments:edit",
    "finance_payments:delete",
    "finance_payments:history",
    "finance_payments:history_results",
    "finance_payments:usage",
    "finance_refunds:add",
    "finance_refunds:edit",
    "finance_refunds:delete",
    "finance_refunds:history",
    "finance_refunds:history_results",
    "finance_refunds:usage",
    "wagtaillocales:index",
    "wagtaillocales:index_results",
    "wagtaillocales:add",
    "wagtaillocales:edit",
    "wagtaillocales:delete",
    "wagtaillocales:history",
    "wagtaillocales:history_results",
    "wagtaillocales:usage",
    "wagtaillocales:copy",
    "wagtailsites:index",
    "wagtailsites:index_results",
    "wagtailsites:add",
    "wagtailsites:edit",
    "wagtailsites:delete",
    "wagtailsites:history",
    "wagtailsites:history_results",
    "wagtailsites:usage",
    "wagtailsites:copy",
    "wagtailusers_users:index",
    "wagtailusers_users:index_results",
    "wagtailusers_users:add",
    "wagtailusers_users:edit",
    "wagtailusers_users:delete",
    "wagtailusers_users:history",
    "wagtailusers_users:history_results",
    "wagtailusers_users:usage",
    "wagtailusers_users:copy",
    "wagtailusers_groups:index",
    "wagtailusers_groups:index_results",
    "wagtailusers_groups:add",
    "wagtailusers_groups:edit",
    "wagtailusers_groups:delete",
    "wagtailusers_groups:history",
    "wagtailusers_groups:history_results",
    "wagtailusers_groups:usage",
    "wagtailadmin_login",
)
expect(
    perm("wagtail_localize.submit_translation"),
    "moderated_update_translations",
    "wagtail_localize:update_translations",
)
expect(
    staff,
)
expect(
    may("cards.card", "add"),
    "wagtailsnippets_cards_card:add",
    "wagtailsnippets_cards_card:copy",
    "wagtailsnippetchoosers_cards_card:create",
)
expect(
    may("cards.card", "add", "change", "delete", "view"),
    "wagtailsnippets_cards_card:list",
    "wagtailsnippets_cards_card:list_results",
    "wagtailsnippetchoosers_cards_card:choose",
    "wagtailsnippetchoosers_cards_card:choose_results",
    "wagtailsnippetchoosers_cards_card:chosen",
    "wagtailsnippetchoosers_cards_card:chosen_multiple",
)
expect(
    may("cards.card", "change"),
    "wagtailsnippets_cards_card:edit",
)
expect(
    may("cards.card", "delete"),
    "wagtailsnippets_cards_card:delete",
)
expect(
    may("cards.entitlement", "add"),
    "wagtailsnippets_cards_entitlement:add",
    "wagtailsnippets_cards_entitlement:copy",
    "wagtailsnippetchoosers_cards_entitlement:create",
)
expect(
    may("cards.entitlement", "add", "change", "delete", "view"),
    "wagtailsnippets_cards_entitlement:list",
    "wagtailsnippets_cards_entitlement:list_results",
    "wagtailsnippets_cards_entitlement:inspect",
    "wagtailsnippetchoosers_cards_entitlement:choose",
    "wagtailsnippetchoosers_cards_entitlement:choose_results",
    "wagtailsnippetchoosers_cards_entitlement:chosen",
    "wagtailsnippetchoosers_cards_entitlement:chosen_multiple",
)
expect(
    may("cards.entitlement", "change"),
    "wagtailsnippets_cards_entitlement:edit",
)
expect(
    may("cards.entitlement", "delete"),
    "wagtailsnippets_cards_entitlement:delete",
)
expect(
    may("cards.gate", "add"),
    "wagtailsnippets_cards_gate:add",
    "wagtailsnippets_cards_gate:copy",
    "wagtailsnippetchoosers_cards_gate:create",
)
expect(
    may("cards.gate", "add", "change", "delete", "view"),
    "wagtailsnippets_cards_gate:list",
    "wagtailsnippets_cards_gate:list_results",
    "wagtailsnippetchoosers_cards_gate:choose",
    "wagtailsnippetchoosers_cards_gate:choose_results",
    "wagtailsnippetchoosers_cards_gate:chosen",
    "wagtailsnippetchoosers_cards_gate:chosen_multiple",
)
expect(
    may("cards.gate", "change"),
    "wagtailsnippets_cards_gate:edit",
)
expect(
    may("cards.gate", "delete"),
    "wagtailsnippets_cards_gate:delete",
)
expect(
    may("cards.gateanomaly", "add"),
    "wagtailsnippets_cards_gateanomaly:add",
    "wagtailsnippets_cards_gateanomaly:copy",
    "wagtailsnippetchoosers_cards_gateanomaly:create",
)
expect(
    may("cards.gateanomaly", "add", "change", "delete", "view"),
    "wagtailsnippets_cards_gateanomaly:list",
    "wagtailsnippets_cards_gateanomaly:list_results",
    "wagtailsnippetchoosers_cards_gateanomaly:choose",
    "wagtailsnippetchoosers_cards_gateanomaly:choose_results",
    "wagtailsnippetchoosers_cards_gateanomaly:chosen",
    "wagtailsnippetchoosers_cards_gateanomaly:chosen_multiple",
)
expect(
    may("cards.gateanomaly", "change"),
    "wagtailsnippets_cards_gateanomaly:edit",
)
expect(
    may("cards.gateanomaly", "delete"),
    "wagtailsnippets_cards_gateanomaly:delete",
)
expect(
    may("cards.product", "add"),
    "wagtailsnippets_cards_product:add",
    "wagtailsnippets_cards_product:copy",
    "wagtailsnippetchoosers_cards_product:create",
)
expect(
    may("cards.product", "add", "change", "delete", "view"),
    "wagtailsnippets_cards_product:list",
    "wagtailsnippets_cards_product:list_results",
    "wagtailsnippetchoosers_cards_product:choose",
    "wagtailsnippetchoosers_cards_product:choose_results",
    "wagtailsnippetchoosers_cards_product:chosen",
    "wagtailsnippetchoosers_cards_product:chosen_multiple",
)
expect(
    may("cards.product", "change"),
    "wagtailsnippets_cards_product:edit",
)
expect(
    may("cards.product", "delete"),
    "wagtailsnippets_cards_product:delete",
)
expect(
    may("cards.tap", "add"),
    "wagtailsnippets_cards_tap:add",
    "wagtailsnippets_cards_tap:copy",
    "wagtailsnippetchoosers_cards_tap:create",
)
expect(
    may("cards.tap", "add", "change", "delete", "view"),
    "wagtailsnippets_cards_tap:list",
    "wagtailsnippets_cards_tap:list_results",
    "wagtailsnippets_cards_tap:inspect",
    "wagtailsnippetchoosers_cards_tap:choose",
    "wagtailsnippetchoosers_cards_tap:choose_results",
    "wagtailsnippetchoosers_cards_tap:chosen",
    "wagtailsnippetchoosers_cards_tap:chosen_multiple",
)
expect(
    may("cards.tap", "change"),
    "wagtailsnippets_cards_tap:edit",
)
expect(
    may("cards.tap", "delete"),
    "wagtailsnippets_cards_tap:delete",
)
expect(
    may("collection.model3d", "add"),
    "wagtailsnippets_collection_model3d:add",
    "wagtailsnippets_collection_model3d:copy",
    "wagtailsnippetchoosers_collection_model3d:create",
)
expect(
    may("collection.model3d", "add", "change", "delete", "view"),
    "wagtailsnippets_collection_model3d:list",
    "wagtailsnippets_collection_model3d:list_results",
    "wagtailsnippetchoosers_collection_model3d:choose",
    "wagtailsnippetchoosers_collection_model3d:choose_results",
    "wagtailsnippetchoosers_collection_model3d:chosen",
    "wagtailsnippetchoosers_collection_model3d:chosen_multiple",
)
expect(
    may("collection.model3d", "change"),
    "wagtailsnippets_collection_model3d:edit",
)
expect(
    may("collection.model3d", "delete"),
    "wagtailsnippets_collection_model3d:delete",
)
expect(
    may("guides.audioguide", "add"),
    "wagtailsnippets_guides_audioguide:add",
    "wagtailsnippets_guides_audioguide:copy",
    "wagtailsnippetchoosers_guides_audioguide:create",
)
expect(
    may("guides.audioguide", "add", "change", "delete", "view"),
    "wagtailsnippets_guides_audioguide:list",
    "wagtailsnippets_guides_audioguide:list_results",
    "wagtailsnippetchoosers_guides_audioguide:choose",
    "wagtailsnippetchoosers_guides_audioguide:choose_results",
    "wagtailsnippetchoosers_guides_audioguide:chosen",
    "wagtailsnippetchoosers_guides_audioguide:chosen_multiple",
)
expect(
    may("guides.audioguide", "change"),
    "wagtailsnippets_guides_audioguide:edit",
)
expect(
    may("guides.audioguide", "delete"),
    "wagtailsnippets_guides_audioguide:delete",
)
expect(
    may("heritage_sites.site", "add"),
    "wagtailsnippets_heritage_sites_site:add",
    "wagtailsnippets_heritage_sites_site:copy",
    "wagtailsnippetchoosers_heritage_sites_site:create",
)
expect(
    may("heritage_sites.site", "add", "change", "delete", "view"),
    "wagtailsnippets_heritage_sites_site:list",
    "wagtailsnippets_heritage_sites_site:list_results",
    "wagtailsnippetchoosers_heritage_sites_site:choose",
    "wagtailsnippetchoosers_heritage_sites_site:choose_results",
    "wagtailsnippetchoosers_heritage_sites_site:chosen",
    "wagtailsnippetchoosers_heritage_sites_site:chosen_multiple",
)
expect(
    may("heritage_sites.site", "change"),
    "wagtailsnippets_heritage_sites_site:edit",
)
expect(
    may("heritage_sites.site", "delete"),
    "wagtailsnippets_heritage_sites_site:delete",
)
expect(
    may("payments.payment", "view"),
    "finance_payments:index",
    "finance_payments:index_results",
)
expect(
    may("payments.refund", "view"),
    "finance_refunds:index",
    "finance_refunds:index_results",
)
expect(
    may("wagtaildocs.document", "add", "change", "delete"),
    "wagtaildocs:index",
    "wagtaildocs:index_results",
    "wagtaildocs:add",
    "wagtaildocs:edit",
    "wagtaildocs:delete",
    "wagtaildocs:add_multiple",
    "wagtaildocs:document_usage",
)
expect(
    may("wagtailimages.image", "add", "change", "delete"),
    "wagtailimages:index",
    "wagtailimages:index_results",
    "wagtailimages:edit",
    "wagtailimages:delete",
    "wagtailimages:url_generator",
    "wagtailimages:url_generator_output",
    "wagtailimages:preview",
    "wagtailimages:add",
    "wagtailimages:image_usage",
    "wagtailimages:add_multiple",
)
expect(
    page_perm("add_page"),
    "wagtailadmin_pages:add",
    "wagtailadmin_pages:preview_on_add",
    "wagtailadmin_pages:add_subpage",
    "wagtaildocs_chooser:create",
    "wagtailimages_chooser:create",
)
expect(
    page_perm("add_page", "change_page", "publish_page"),
    "wagtailadmin_explore_root",
    "wagtailadmin_explore",
    "wagtailadmin_explore_results",
    "wagtailadmin_pages:type_use",
    "wagtailadmin_pages:type_use_results",
    "wagtailadmin_pages:usage",
    "wagtailadmin_pages:edit",
    "wagtailadmin_pages:preview_on_edit",
    "wagtailadmin_pages:view_draft",
    "wagtailadmin_pages:search",
    "wagtailadmin_pages:search_results",
    "wagtailadmin_pages:copy",
    "wagtailadmin_pages:revisions_view",
    "wagtailadmin_pages:revisions_revert",
    "wagtailadmin_pages:revisions_compare",
    "wagtailadmin_pages:workflow_history",
    "wagtailadmin_pages:workflow_history_detail",
    "wagtailadmin_pages:history",
    "wagtailadmin_pages:history_results",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_results",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:workflow_tasks_results",
    "wagtailadmin_reports:aging_pages",
    "wagtailadmin_reports:aging_pages_results",
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
    "wagtail_localize:convert_to_alias",
)
expect(
    may("wagtailimages.image", "choose"),  # on the image's collection, as Wagtail asks
    "wagtailimages_chooser:chosen",
    "wagtailimages_chooser:select_format",
)
expect(
    page_perm("publish_page"),
    "wagtailadmin_pages:delete",
    "wagtailadmin_pages:unpublish",
    "wagtailadmin_pages:move",
    "wagtailadmin_pages:workflow_preview",
    "wagtailadmin_pages:set_privacy",
    "wagtailadmin_pages:revisions_unschedule",
    "wagtailadmin_reports:locked_pages",
    "wagtailadmin_reports:locked_pages_results",
)
expect(
    perm("payments.view_finance"),
    "finance:overview",
    "finance:payment",
    "finance:card",
    "finance:reconciliation",
)
expect(
    perm("wagtail_localize.submit_translation"),
    "wagtail_localize:submit_page_translation",
    "moderated_submit_page_translation",
    "wagtail_localize:submit_snippet_translation",
)
expect(
    post_only,  # the translation editor's "Submit for moderation"
    "submit_translation_for_moderation",
)
# wagtail-localize's snippet API, as core.snippet_api answers it at the same addresses: the rows
# of a snippet model (here cards, their numbers) for who may see that model in Wagtail, no one else.
expect(
    may("cards.card", "add", "change", "delete", "view"),
    "wagtail_localize:snippets_api_listing",
    "wagtail_localize:snippets_api_detail",
    "permitted_snippets_api_listing",
    "permitted_snippets_api_detail",
)


# --- The apps with their own views: rules read the same permissions and postings -------------
def snippet_rules(label: str) -> None:
    """A snippet model's admin, as Wagtail's snippet views ask its permission policy."""
    app_label, model_name = label.split(".")
    viewset, chooser = (
        f"wagtailsnippets_{app_label}_{model_name}",
        (f"wagtailsnippetchoosers_{app_label}_{model_name}"),
    )
    expect(may(label, "add"), f"{viewset}:add", f"{viewset}:copy", f"{chooser}:create")
    expect(
        may(label, "add", "change", "delete", "view"),
        f"{viewset}:list",
        f"{viewset}:list_results",
        f"{chooser}:choose",
        f"{chooser}:choose_results",
        f"{chooser}:chosen",
        f"{chooser}:chosen_multiple",
    )
    expect(may(label, "change"), f"{viewset}:edit")
    expect(may(label, "delete"), f"{viewset}:delete")
    expect(
        may(label, "add", "change", "delete"),  # Wagtail: not for view-only
        f"{viewset}:usage",
        f"{viewset}:history",
        f"{viewset}:history_results",
    )


for snippet in (
    "tickets.ticketfare",
    "tickets.ticket",  # tickets.wagtail_hooks: issued by payments, never added or changed by hand
    "ticketoffice.till",
    "ticketoffice.clerk",
    "operations.sitealertsettings",  # an operator's own monuments only (operations.forms)
    "operations.operatorscope",
):
    snippet_rules(snippet)

# The triage queue (fieldreports.permissions): view and change for who triages, nobody adds or
# deletes a report; its photo comes from the private storage to the same people.
REPORT = "fieldreports.visitorreport"
expect(
    may(REPORT, "add", "change", "delete", "view"),
    "visitor_reports:index",
    "visitor_reports:index_results",
    "visitor_reports:inspect",
)
expect(may(REPORT, "view"), "fieldreports_photo")
expect(may(REPORT, "change"), "visitor_reports:edit")
expect(may(REPORT, "add"), "visitor_reports:add")
expect(may(REPORT, "delete"), "visitor_reports:delete")
expect(
    may(REPORT, "add", "change", "delete"),
    "visitor_reports:usage",
    "visitor_reports:history",
    "visitor_reports:history_results",
)

# Curators and moderators (core.roles.ENGAGEMENT_PERMISSIONS): which stops are heard and seen.
expect(perm("engagement.view_stopengagement"), "engagement_report")


def clerk_of_the_till(user) -> bool:
    """Sells, and works at the monument of the world's till (ticketoffice.Clerk)."""
    return (
        user.has_perm("ticketoffice.sell") and Till.objects.filter(site__clerks__user=user).exists()
    )


def office_records(user):
    """A till's shifts, Z-reports and receipts: its monument's clerks, and Finance read-only."""
    return (
        OK if clerk_of_the_till(user) or user.has_perm("ticketoffice.view_all_shifts") else DENIED
    )


def open_shift_page(user):
    """The shift at the till now: the clerk of its monument sells on it, Finance only reads."""
    if clerk_of_the_till(user):
        return "ok: desk"
    return "ok: read-only" if user.has_perm("ticketoffice.view_all_shifts") else DENIED


expect(perm("ticketoffice.sell", "ticketoffice.view_all_shifts"), "ticketoffice:index")
expect(office_records, "ticketoffice:shifts", "ticketoffice:z_report", "ticketoffice:receipt")
expect(open_shift_page, "ticketoffice:shift")
expect(
    post_only,  # selling, counting and pairing: POST only (ticketoffice.views)
    "ticketoffice:open",
    "ticketoffice:pair",
    "ticketoffice:sale",
    "ticketoffice:start_card",
    "ticketoffice:close",
    "ticketoffice:complete",
    "operations:acknowledge",
)


def board(user):
    """The monuments a user watches (operations.scope); revenue only with Finance's permission."""
    if not user.has_perm("operations.view_board"):
        return DENIED
    return "ok: with revenue" if user.has_perm("payments.view_finance") else "ok: without revenue"


expect(board, "operations:board", "operations:board_data")


# What a page shows, where the status alone would not tell a leak.
def board_shown(response) -> str:
    data = (
        response.json()
        if response["Content-Type"].startswith("application/json")
        else (response.context["data"])
    )
    if not data["sites"]:
        return "no monument"
    revenue = any("revenue_today" in site for site in data["sites"]) or data["revenue"]
    return "with revenue" if revenue else "without revenue"


def shift_shown(response) -> str:
    templates = {template.name for template in response.templates}
    return "desk" if "ticketoffice/desk.html" in templates else "read-only"


OBSERVED = {
    "operations:board": board_shown,
    "operations:board_data": board_shown,
    "ticketoffice:shift": shift_shown,
}

RECORD = os.environ.get("ADMIN_MATRIX_RECORD")


def classify(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 403:
        return DENIED
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.split("?")[0] in ("/admin/", "/admin/login/"):
            return DENIED
        return OK
    if response.status_code == 404:
        return MISSING
    if response.status_code == 405:
        return POST_ONLY
    return f"HTTP {response.status_code}"


def url_arguments(world, extra) -> dict:
    return {
        "page_id": world.relic.pk,
        "page_pk": world.relic.pk,
        "parent_page_id": world.monument.pk,
        "page_to_move_id": world.relic.pk,
        "destination_id": world.home.pk,
        "revision_id": extra["revision"].pk,
        "revision_id_a": extra["revision"].pk,
        "revision_id_b": extra["revision"].pk,
        "image_id": extra["image"].pk,
        "document_id": extra["document"].pk,
        "doc_id": extra["document"].pk,
        "collection_id": extra["collection"].pk,
        "redirect_id": extra["redirect"].pk,
        "uploaded_file_id": extra["uploaded_file"].pk,
        "translation_id": extra["translation"].pk,
        "translation_source_id": extra["translation"].source_id,
        "string_segment_id": extra["string_segment"].pk,
        "overridable_segment_id": extra["overridable_segment_id"],
        "session_id": extra["session"].pk,
        "task_id": extra["task"].pk,
        "workflow_pk": extra["workflow"].pk,
        "task_state_id": extra["task_state"].pk,
        "workflow_state_id": extra["workflow_state"].pk,
        "filter_spec": "original",
        "mode": "default",
        "action": "delete",
        "action_name": "copy",
        "app_name": "wagtailimages",
        "content_type_app_name": "collection",
        "content_type_model_name": "relicpage",
    }


def card_in_snippet_api(world, extra) -> dict:
    return {**content_type_parts(type(world.card)), "pk": world.card.pk}


def cards_in_snippet_api(world, extra) -> dict:
    return content_type_parts(type(world.card))


# The object a ``pk`` names, for views whose model is not in their arguments.
PK_BY_NAMESPACE = {
    "wagtailadmin_api:pages": lambda world, extra: world.relic.pk,
    "wagtailadmin_api:documents": lambda world, extra: extra["document"].pk,
    "wagtailadmin_api:images": lambda world, extra: extra["image"].pk,
}
# Views whose arguments name no model Wagtail tells us about.
ARGUMENTS_BY_NAME = {
    "wagtailadmin_pages:revisions_compare": lambda world, extra: {"pk": world.relic.pk},
    "wagtailadmin_workflows:enable": lambda world, extra: {"pk": extra["workflow"].pk},
    "wagtailadmin_workflows:edit_task": lambda world, extra: {"pk": extra["task"].pk},
    "wagtailadmin_workflows:enable_task": lambda world, extra: {"pk": extra["task"].pk},
    "finance:payment": lambda world, extra: {"pk": world.payment.pk},
    "wagtailadmin_pages:workflow_action": lambda world, extra: {"action_name": "approve"},
    "wagtailadmin_pages:collect_workflow_action_data": lambda world, extra: {
        "action_name": "approve"
    },
    "finance:card": lambda world, extra: {"pk": world.card.pk},
    "ticketoffice:open": lambda world, extra: {"till_pk": world.till.pk},
    "ticketoffice:pair": lambda world, extra: {"till_pk": world.till.pk},
    "ticketoffice:shift": lambda world, extra: {"pk": world.open_shift.pk},
    "ticketoffice:sale": lambda world, extra: {"pk": world.open_shift.pk},
    "ticketoffice:start_card": lambda world, extra: {"pk": world.open_shift.pk},
    "ticketoffice:close": lambda world, extra: {"pk": world.open_shift.pk},
    "ticketoffice:z_report": lambda world, extra: {"pk": world.closed_shift.pk},
    "ticketoffice:complete": lambda world, extra: {"sale_pk": world.sale.pk},
    "ticketoffice:receipt": lambda world, extra: {"sale_pk": world.sale.pk},
    "operations:acknowledge": lambda world, extra: {"pk": world.alert.pk},
    "fieldreports_photo": lambda world, extra: {"pk": world.report.pk},
    "wagtaildocs_chooser:chosen": lambda world, extra: {"pk": extra["document"].pk},
    "wagtailadmin_password_reset_confirm": lambda world, extra: {
        "uidb64": "MQ",
        "token": "set-by-mail",
    },
    "wagtail_localize:submit_snippet_translation": lambda world, extra: {
        **content_type_parts(type(world.site)),
        "pk": world.site.pk,
    },
    # The most private snippet there is: card numbers.
    "wagtail_localize:snippets_api_detail": card_in_snippet_api,
    "permitted_snippets_api_detail": card_in_snippet_api,
    "wagtail_localize:snippets_api_listing": cards_in_snippet_api,
    "permitted_snippets_api_listing": cards_in_snippet_api,
    "wagtailadmin_tag_model_autocomplete": lambda world, extra: {
        "app_name": "wagtailimages",
        "model_name": "image",
    },
}


def arguments_for(url: AdminUrl, world, extra) -> dict:
    values = url_arguments(world, extra)
    model = url.model
    instances = extra["instances"]
    if model is not None and url.name not in ARGUMENTS_BY_NAME:
        values.update(content_type_parts(model))
        if "pk" in url.arguments or "object_id" in url.arguments:
            instance = instances.get(model) or model._default_manager.order_by("pk").first()
            if instance is None:
                raise LookupError(f"{url.name} ({url.route}): no {model.__name__} to show")
            values["pk"] = values["object_id"] = instance.pk
    if url.name in ARGUMENTS_BY_NAME:
        values.update(ARGUMENTS_BY_NAME[url.name](world, extra))
    elif model is None and "pk" in url.arguments:
        key = ":".join(url.namespaces)
        if key not in PK_BY_NAMESPACE:
            raise LookupError(f"{url.name} ({url.route}): which object does <pk> name?")
        values["pk"] = PK_BY_NAMESPACE[key](world, extra)
    if "app_label" in url.arguments and model is None and "app_label" not in values:
        values.update(content_type_parts(type(world.relic)))
        values["pk"] = world.relic.pk
    if url.name.startswith("wagtailadmin_editing_sessions:ping"):
        values.update(content_type_parts(Page), object_id=world.relic.pk)
    missing = [name for name in url.arguments if name not in values]
    if missing:
        raise LookupError(f"{url.name} ({url.route}): no value for {', '.join(missing)}")
    return values


def wagtail_objects(world, en: Locale):
    image = get_image_model().objects.create(title="Ngọ Môn", file=get_test_image_file())
    document = get_document_model().objects.create(title="Bảng giá vé")
    document.file.save("bang-gia.txt", ContentFile("Giá vé: 200.000 ₫".encode()))
    collection = Collection.get_first_root_node().add_child(name="Ảnh Đại Nội")
    redirect = Redirect.objects.create(old_path="/cu", redirect_page=world.relic)
    uploaded_file = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(get_image_model()),
        file=ContentFile(b"x", name="tam.png"),
    )
    revision = world.relic.save_revision()
    source, _created = TranslationSource.get_or_create_from_instance(world.relic)
    translation = Translation.objects.create(source=source, target_locale=en)
    translation.save_target()
    overridable = OverridableSegment.objects.filter(source=source).first()
    author = UserFactory(groups=[roles.CURATORS])
    session = EditingSession.objects.create(
        user=author,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(world.relic.pk),
        last_seen_at=world.relic.latest_revision_created_at or revision.created_at,
    )
    workflow = Workflow.objects.filter(active=True).first() or Workflow.objects.create(name="w")
    workflow_state = workflow.start(world.relic, author)
    return {
        "image": image,
        "document": document,
        "collection": collection,
        "redirect": redirect,
        "uploaded_file": uploaded_file,
        "revision": revision,
        "translation": translation,
        "string_segment": StringSegment.objects.filter(source=source).first(),
        "overridable_segment_id": overridable.pk if overridable else 0,
        "session": session,
        "workflow": workflow,
        "task": Task.objects.filter(active=True).first(),
        "workflow_state": workflow_state,
        "task_state": workflow_state.current_task_state,
        "instances": {
            type(obj): obj
            for obj in (
                world.site,
                world.gate,
                world.card,
                world.product,
                world.entitlement,
                world.tap,
                world.anomaly,
                world.payment,
                world.refund,
                world.model3d,
                world.guide,
                image,
                document,
                collection,
                redirect,
                author,
                Group.objects.get(name=roles.CURATORS),
                en,
                *world.instances(),
            )
        },
    }


expect(
    page_perm("add_page", "change_page", "publish_page"),  # a translation shows its page
    "wagtail_localize:download_pofile",
    "wagtail_localize:preview_translation",
    "wagtail_localize:preview_translation(translation_id,mode)",
)
expect(
    staff,  # a mistyped or expired reset link answers with a page saying so
    "wagtailadmin_password_reset_confirm",
)
expect(
    may("cards.card", "add", "change", "delete"),  # Wagtail: not for view-only
    "wagtailsnippets_cards_card:usage",
    "wagtailsnippets_cards_card:history",
    "wagtailsnippets_cards_card:history_results",
)
expect(
    may("cards.entitlement", "add", "change", "delete"),  # Wagtail: not for view-only
    "wagtailsnippets_cards_entitlement:usage",
    "wagtailsnippets_cards_entitlement:history",
    "wagtailsnippets_cards_entitlement:history_results",
)
expect(
    may("cards.gate", "add", "change", "delete"),  # Wagtail: not for view-only
    "wagtailsnippets_cards_gate:usage",
    "wagtailsnippets_cards_gate:history",
    "wagtailsnippets_cards_gate:history_results",
)
expect(
    may("cards.gateanomaly", "add", "change", "delete"),  # Wagtail: not for view-only
    "wagtailsnippets_cards_gateanomaly:usage",
    "wagtailsnippets_cards_gateanomaly:history",
    "wagtailsnippets_cards_gateanomaly:history_results",
)
expect(
    may("cards.product", "add", "change", "delete"),  # Wagtail: not for view-only
    "wagtailsnippets_cards_product:usage",
    "wagtailsnippets_cards_product:history",
    "wagtailsnippets_cards_product:history_results",
)
expect(
    may("cards.tap", "add", "change", "delete"),  # Wagtail: not for view-only
    "wagtailsnippets_cards_tap:usage",
    "wagtailsnippets_cards_tap:history",
    "wagtailsnippets_cards_tap:history_results",
)
expect(
    may("collection.model3d", "add", "change", "delete"),  # Wagtail: not for view-only
    "wagtailsnippets_collection_model3d:usage",
    "wagtailsnippets_collection_model3d:history",
    "wagtailsnippets_collection_model3d:history_results",
)
expect(
    may("guides.audioguide", "add", "change", "delete"),  # Wagtail: not for view-only
    "wagtailsnippets_guides_audioguide:usage",
    "wagtailsnippets_guides_audioguide:history",
    "wagtailsnippets_guides_audioguide:history_results",
)
expect(
    may("heritage_sites.site", "add", "change", "delete"),  # Wagtail: not for view-only
    "wagtailsnippets_heritage_sites_site:usage",
    "wagtailsnippets_heritage_sites_site:history",
    "wagtailsnippets_heritage_sites_site:history_results",
)
expect(
    reviews_tasks,  # approving the relic the curator submitted
    "wagtailadmin_pages:workflow_action",
    "wagtailadmin_pages:collect_workflow_action_data",
)
expect(
    may("wagtaildocs.document", "choose"),
    "wagtaildocs_chooser:chosen",
)


@pytest.mark.parametrize("group", GROUPS)
def test_every_admin_url_answers_each_group_as_expected(client, home, en, group):
    world = build_admin_world(home)
    extra = wagtail_objects(world, en)
    user = UserFactory(groups=[group])
    take_up_posting(user, world.site)
    client.force_login(user)
    problems, recorded = [], []
    # Signing out ends the session: last.
    for url in sorted(admin_urls(), key=lambda url: url.name == "wagtailadmin_logout"):
        try:
            path = build_path(url, arguments_for(url, world, extra))
        except (LookupError, NoReverseMatch) as error:
            problems.append(f"{url.name} ({url.route}): {error}")
            continue
        rule = EXPECTED.get(url.name)
        if rule is None and not RECORD:
            problems.append(f"{url.name} ({url.route}): no expectation in EXPECTED")
            continue
        try:
            response = client.get(path)
            got = classify(response)
            if got == OK and url.name in OBSERVED:
                got = f"{OK}: {OBSERVED[url.name](response)}"
        except Exception as error:  # a crash is a finding, reported with the rest
            got = f"raised {type(error).__name__}: {error}"
        recorded.append(f"{url.name}\t{got}")
        if rule is not None:
            expected = rule(user)
            if got != expected:
                problems.append(f"{url.name} {path}: {group} got {got}, expected {expected}")
    if RECORD:
        with open(f"{RECORD}.{group}", "w") as out:
            out.write("\n".join(recorded))
    assert not problems, f"{len(problems)} URL(s) for {group}:\n" + "\n".join(problems)
