"""Locales and staff roles every installation needs, kept in step on every ``migrate``.

Curators write and submit for moderation; translators translate; moderators approve and publish.
Publishing goes through Wagtail's default "Moderators approval" workflow, so nothing a curator
or translator writes reaches visitors without a moderator's approval.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
)
from wagtail_localize.models import LocaleSynchronization

CURATORS = "Curators"
TRANSLATORS = "Translators"
MODERATORS = "Moderators"  # created by Wagtail itself and used by its default workflow
FINANCE = "Finance"  # the only staff who refund or move value between cards
TICKET_OFFICE = "Ticket office"  # clerks at a monument's counter (one monument: ticketoffice.Clerk)
# The operations centre's duty officers and site managers: the board, alerts and thresholds of
# the monuments they watch (operations.OperatorScope); never revenue, which is Finance's.
OPERATIONS = "Operations"
# Wagtail's initial data also creates "Editors", and wagtail-localize gives it the right to submit
# translations; it is no role of ours, so its members become Curators and the group goes.
LEFTOVER_GROUPS = {"Editors": CURATORS}

PAGE_PERMISSIONS = {
    CURATORS: ["add_page", "change_page", "lock_page"],
    TRANSLATORS: ["change_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
MEDIA_PERMISSIONS = {  # on the root collection, for images and documents alike
    CURATORS: ["add", "change", "choose"],
    TRANSLATORS: ["choose"],
    MODERATORS: ["add", "change", "delete", "choose"],
}
# Curators and moderators upload and reprocess 3D models (and place their points of interest,
# which are part of the relic page) and upload or regenerate the audio guides of the pages they
# may edit (guides.wagtail_hooks checks the page). A guide comes into being when its page is
# published with a text; adding one by hand is for a page given a human recording instead.
MEDIA_JOB_PERMISSIONS = [
    "collection.add_model3d",
    "collection.change_model3d",
    "collection.view_model3d",
    "guides.add_audioguide",
    "guides.change_audioguide",
    "guides.view_audioguide",
]
# Which stops are heard and opened in 3D, per language (the engagement report).
ENGAGEMENT_PERMISSIONS = ["engagement.view_stopengagement"]
GLOBAL_PERMISSIONS = {
    # Curators choose a page's monument (code and capacity, as gates know it); moderators add and
    # change them, as that reaches the gates at once, without a page's moderation.
    CURATORS: [
        "wagtailadmin.access_admin",
        "heritage_sites.view_site",
        *MEDIA_JOB_PERMISSIONS,
        *ENGAGEMENT_PERMISSIONS,
    ],
    TRANSLATORS: ["wagtailadmin.access_admin", "wagtail_localize.submit_translation"],
    MODERATORS: [
        "wagtailadmin.access_admin",
        "wagtail_localize.submit_translation",
        "heritage_sites.add_site",
        "heritage_sites.change_site",
        "heritage_sites.view_site",
        *MEDIA_JOB_PERMISSIONS,
        *ENGAGEMENT_PERMISSIONS,
    ],
    FINANCE: [
        "wagtailadmin.access_admin",
        "payments.view_finance",
        "payments.refund_payment",
        "payments.move_card_value",
        "payments.view_payment",
        "cards.view_card",
        "cards.view_entitlement",
        "cards.view_tap",
        "cards.view_gateanomaly",
        "cards.change_gateanomaly",  # marking a flag reviewed, with a note
        "ticketoffice.view_all_shifts",
        "operations.view_board",  # the board with revenue, every monument
    ],
    OPERATIONS: [
        "wagtailadmin.access_admin",
        "operations.view_board",
        "operations.acknowledge_alert",
        "operations.view_sitealertsettings",
        "operations.add_sitealertsettings",
        "operations.change_sitealertsettings",
        "fieldreports.triage_visitorreport",  # what visitors report from the field
    ],
    TICKET_OFFICE: ["wagtailadmin.access_admin", "ticketoffice.sell"],
}

# Until a translation is approved, a locale mirrors another (as Wagtail aliases): English mirrors
# the Vietnamese source, and these locales mirror English (core.locale_trees keeps them in step).
SYNC_FROM_SOURCE = ["en"]
SYNC_FROM_ENGLISH = ["fr", "zh-hans", "ja", "ko"]


# Permissions that a migration creates rather than a model's Meta: a database flush (as between
# transactional tests) removes them and no migration runs again to put them back.
MIGRATION_MADE_PERMISSIONS = {
    "wagtail_localize.submit_translation": ("translation", "Can submit translations"),
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    permission = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()
    if permission is None and dotted in MIGRATION_MADE_PERMISSIONS:
        model, name = MIGRATION_MADE_PERMISSIONS[dotted]
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission = Permission.objects.create(
            content_type=content_type, codename=codename, name=name
        )
    if permission is None:
        raise Permission.DoesNotExist(f"No permission {dotted}: is its app installed?")
    return permission


@transaction.atomic
def ensure_locales() -> None:
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    source = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    english = Locale.objects.get(language_code="en")
    for codes, sync_from in ((SYNC_FROM_SOURCE, source), (SYNC_FROM_ENGLISH, english)):
        for code in codes:
            locale = Locale.objects.get(language_code=code)
            if not LocaleSynchronization.objects.filter(locale=locale).exists():
                LocaleSynchronization.objects.create(locale=locale, sync_from=sync_from)


@transaction.atomic
def ensure_roles() -> None:
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for leftover, role in LEFTOVER_GROUPS.items():
        group = Group.objects.filter(name=leftover).first()
        if group is not None:
            members = list(group.user_set.all())
            Group.objects.get_or_create(name=role)[0].user_set.add(*members)
            group.delete()
    for name in (CURATORS, TRANSLATORS, MODERATORS, FINANCE, TICKET_OFFICE, OPERATIONS):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*(_permission(p) for p in GLOBAL_PERMISSIONS[name]))
        if root_page:
            for codename in PAGE_PERMISSIONS.get(name, []):
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=codename
                    ),
                )
        if root_collection:
            for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
                for action in MEDIA_PERMISSIONS.get(name, []):
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=Permission.objects.get(
                            content_type__app_label=app_label, codename=f"{action}_{model}"
                        ),
                    )


def on_post_migrate(sender, **kwargs) -> None:
    """Run once per migrate/flush, after the last app: by then every permission row exists."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:  # Django signals only apps that have models
        ensure_locales()
        ensure_roles()
