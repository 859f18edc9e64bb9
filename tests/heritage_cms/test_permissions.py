"""Who may do what: nothing reaches visitors without a moderator, and visitors stay out of admin."""

import pytest
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from heritage_cms.core.factories import UserFactory
from heritage_cms.core.roles import CURATORS, MODERATORS, TRANSLATORS

pytestmark = pytest.mark.django_db


def relic_form(relic, **changes):
    data = {
        "title": relic.title,
        "slug": relic.slug,
        "summary": relic.summary,
        "description": rich_text(relic.description),
        "inventory_number": relic.inventory_number,
        "condition": relic.condition,
        "licence": relic.licence,
        "images": inline_formset([]),
        "hotspots": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


def test_anonymous_visitor_is_sent_to_the_login_page(client, home):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/django-admin/").status_code == 302


def test_logged_in_visitor_without_a_role_cannot_enter_the_admin(client, home):
    client.force_login(UserFactory())
    response = client.get("/admin/")
    assert response.status_code == 302  # back to login, with "you do not have permission"
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 302


def test_curator_cannot_publish_a_change(client, curator, relic):
    client.force_login(curator)
    url = f"/admin/pages/{relic.pk}/edit/"
    response = client.post(
        url, relic_form(relic, title="Cửu Đỉnh (sửa)", **{"action-publish": "1"})
    )
    assert response.status_code in (302, 403)
    relic.refresh_from_db()
    assert relic.title == "Cửu Đỉnh", "the live page must not change"
    assert relic.live_revision_id is None or relic.live_revision.content["title"] == "Cửu Đỉnh"


def test_curator_submits_and_a_moderator_publishes(client, curator, moderator, relic):
    client.force_login(curator)
    url = f"/admin/pages/{relic.pk}/edit/"
    response = client.post(url, relic_form(relic, title="Cửu Đỉnh mới", **{"action-submit": "1"}))
    assert response.status_code == 302
    relic.refresh_from_db()
    assert relic.title == "Cửu Đỉnh", "submitted, not yet live"
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(relic.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.specific.groups.filter(name=MODERATORS).exists()

    # The curator cannot approve their own submission.
    task_state = state.current_task_state
    approve = f"/admin/pages/workflow/action/{relic.pk}/approve/{task_state.pk}/"
    assert client.post(approve, {"comment": ""}).status_code in (302, 403)
    relic.refresh_from_db()
    assert relic.title == "Cửu Đỉnh"

    client.force_login(moderator)
    response = client.post(approve, {"comment": "Đã kiểm tra."})
    assert response.status_code == 302
    relic.refresh_from_db()
    assert relic.title == "Cửu Đỉnh mới"
    assert relic.live


def test_moderator_can_publish_directly(client, moderator, relic):
    client.force_login(moderator)
    response = client.post(
        f"/admin/pages/{relic.pk}/edit/",
        relic_form(relic, title="Cửu Đỉnh (hiệu đính)", **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    relic.refresh_from_db()
    assert relic.title == "Cửu Đỉnh (hiệu đính)"


def test_roles_are_what_their_names_say(curator, translator, moderator, relic):
    for user, can_publish in [(curator, False), (translator, False), (moderator, True)]:
        perms = relic.permissions_for_user(user)
        assert perms.can_edit()
        assert perms.can_publish() is can_publish, user.groups.get().name
    assert relic.permissions_for_user(curator).can_add_subpage() is False  # relics are leaves
    assert translator.has_perm("wagtail_localize.submit_translation")
    assert not curator.has_perm("wagtail_localize.submit_translation")
    assert {g.name for g in (curator.groups.get(), translator.groups.get())} == {
        CURATORS,
        TRANSLATORS,
    }
