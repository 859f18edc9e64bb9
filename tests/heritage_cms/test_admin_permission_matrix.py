"""Every admin URL for every staff group: who gets the page and who is refused.

The URLs come from the URL conf (everything under /admin/), their arguments from real objects;
the expectation of each URL is a rule below (``EXPECTED``). A URL with no rule fails, naming it,
so a new view cannot go unchecked. Each user is in exactly one group and is no superuser.

Requests are GETs: a view that only answers POST is expected to say 405 to everyone (changing
data here would change what later URLs see).

To add a group: one line in ``GROUPS``. Rules read the group's own permissions, so they hold
for a new group as they do for the old ones.
"""

import os

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    GroupPagePermission,
    Locale,
    Page,
    Task,
    UploadedFile,
    Workflow,
)
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    Translation,
    TranslationSource,
)

from heritage_cms.core import roles
from heritage_cms.core.factories import UserFactory

from .admin_urls import AdminUrl, admin_urls, build_path, content_type_parts
from .admin_world import build_admin_world

pytestmark = pytest.mark.django_db

# Every staff group of core.roles; one line per group (other helpers add theirs here).
GROUPS = [
    roles.CURATORS,
    roles.MODERATORS,
    roles.TRANSLATORS,
    roles.FINANCE,
]

OK, DENIED, MISSING, POST_ONLY = "ok", "denied", "404", "405"


# --- Rules: a user → the outcome expected -----------------------------------------------------
def anyone(user):
    """Login, logout, password reset, script catalogues: no permission involved."""
    return OK


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


def either(*rules):
    def rule(user):
        return OK if any(r(user) == OK for r in rules) else DENIED

    return rule


def when_ok(rule, outcome):
    """``outcome`` for those the rule lets in (e.g. a 404 for an object they may not list)."""

    def inner(user):
        return outcome if rule(user) == OK else DENIED

    return inner


EXPECTED: dict = {}  # filled below, one rule per URL name
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
        "mode": "",
        "action": "delete",
        "action_name": "copy",
        "app_name": "wagtailimages",
        "content_type_app_name": "collection",
        "content_type_model_name": "relicpage",
    }


# The object a ``pk`` names, for views whose model is not in their arguments.
PK_BY_NAMESPACE = {
    "wagtailadmin_api:pages": lambda world, extra: world.relic.pk,
    "wagtailadmin_api:documents": lambda world, extra: extra["document"].pk,
    "wagtailadmin_api:images": lambda world, extra: extra["image"].pk,
}


def arguments_for(url: AdminUrl, world, extra) -> dict:
    values = url_arguments(world, extra)
    model = url.model
    instances = extra["instances"]
    if model is not None:
        values.update(content_type_parts(model))
        if "pk" in url.arguments or "object_id" in url.arguments:
            instance = instances.get(model) or model._default_manager.order_by("pk").first()
            if instance is None:
                raise LookupError(f"{url.name} ({url.route}): no {model.__name__} to show")
            values["pk"] = values["object_id"] = instance.pk
    elif "pk" in url.arguments:
        key = ":".join(url.namespaces)
        if key not in PK_BY_NAMESPACE:
            raise LookupError(f"{url.name} ({url.route}): which object does <pk> name?")
        values["pk"] = PK_BY_NAMESPACE[key](world, extra)
    if "app_label" in url.arguments and model is None:
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
            )
        },
    }


@pytest.mark.parametrize("group", GROUPS)
def test_every_admin_url_answers_each_group_as_expected(client, home, en, group):
    world = build_admin_world(home)
    extra = wagtail_objects(world, en)
    user = UserFactory(groups=[group])
    client.force_login(user)
    problems, recorded = [], []
    for url in admin_urls():
        try:
            path = build_path(url, arguments_for(url, world, extra))
        except LookupError as error:
            problems.append(str(error))
            continue
        rule = EXPECTED.get(url.name)
        if rule is None and not RECORD:
            problems.append(f"{url.name} ({url.route}): no expectation in EXPECTED")
            continue
        try:
            got = classify(client.get(path))
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
