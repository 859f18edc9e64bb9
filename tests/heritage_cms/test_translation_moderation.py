"""Update translations: a translator's update waits for a moderator, it is never published."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from wagtail.models import Page, PageLogEntry
from wagtail_localize.models import TranslationSource

from heritage_cms.core.factories import UserFactory
from heritage_cms.core.roles import CURATORS, ensure_roles
from heritage_cms.core.translation import translate_page

pytestmark = pytest.mark.django_db

NEW_TITLE = "Cửu Đỉnh (bản hiệu đính)"


@pytest.fixture
def translated_relic(relic, en):
    for page in (relic.get_parent().get_parent(), relic.get_parent()):
        translate_page(page, en, {})
    english = translate_page(relic, en, {"Cửu Đỉnh": "Nine Dynastic Urns"})
    relic.title = NEW_TITLE
    relic.save_revision().publish()  # the source changed: the translation needs updating
    return relic, english


def update_translations(client, relic, **fields):
    source = TranslationSource.objects.get_for_instance(relic)
    return client.post(f"/admin/localize/update/{source.pk}/", fields)


def test_a_translators_update_is_submitted_for_moderation_not_published(
    client, translator, translated_relic, django_capture_on_commit_callbacks
):
    relic, english = translated_relic
    client.force_login(translator)
    with django_capture_on_commit_callbacks(execute=True):
        response = update_translations(client, relic, publish_translations="on")
    assert response.status_code == 302
    english = Page.objects.get(pk=english.pk).specific
    assert english.live and english.title == "Nine Dynastic Urns", "nothing went live"
    assert client.get(english.url).content.count(NEW_TITLE.encode()) == 0
    assert not PageLogEntry.objects.filter(action="wagtail.publish", user=translator).exists()
    # ...but it waits for a moderator, with the update as its draft.
    assert english.has_unpublished_changes and english.draft_title == NEW_TITLE
    assert english.workflow_in_progress
    assert english.current_workflow_state.requested_by == translator
    # The translator is told so, in the admin's language (Vietnamese by default), counted right.
    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert "Chưa xuất bản gì: đã gửi 1 bản dịch để kiểm duyệt." in told, told


def test_a_moderator_approves_the_translators_update(
    client, translator, moderator, translated_relic, django_capture_on_commit_callbacks
):
    relic, english = translated_relic
    client.force_login(translator)
    with django_capture_on_commit_callbacks(execute=True):
        update_translations(client, relic, publish_translations="on")
    task_state = Page.objects.get(pk=english.pk).specific.current_workflow_task_state
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pages/workflow/action/{english.pk}/approve/{task_state.pk}/", {}
        )
    assert response.status_code in (200, 302)
    english = Page.objects.get(pk=english.pk).specific
    assert english.title == NEW_TITLE and not english.has_unpublished_changes


def test_a_moderators_update_publishes(
    client, moderator, translated_relic, django_capture_on_commit_callbacks
):
    relic, english = translated_relic
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = update_translations(client, relic, publish_translations="on")
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.title == NEW_TITLE  # untranslated text falls back to the source
    assert english.live_revision.user == moderator


def test_the_leftover_editors_group_is_folded_into_curators(db):
    editors = Group.objects.get_or_create(name="Editors")[0]
    editor = UserFactory(groups=[editors])
    ensure_roles()
    assert not Group.objects.filter(name="Editors").exists()
    assert set(editor.groups.values_list("name", flat=True)) == {CURATORS}
    assert not editor.has_perm("wagtail_localize.submit_translation")
