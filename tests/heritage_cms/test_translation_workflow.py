"""A translation's life: started as a draft, submitted by a translator, approved by a moderator.

Until approval every language's visitors see the page their locale mirrors (English, or the
Vietnamese source with a notice), never a half-translated page; a new page reaches every locale.
"""

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page, PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from heritage_cms.collection.models import RelicHotspot, RelicPage
from heritage_cms.core.tasks import synchronize_locale_trees
from heritage_cms.core.translation import translate_page

pytestmark = pytest.mark.django_db

LANGUAGES = ["vi", "en", "fr", "ja", "ko", "zh-hans"]
VI_TITLE = "Khánh Đỉnh"
VI_SUMMARY = "Một đỉnh đồng đúc năm 1836, đặt trước điện Thái Hòa."
GUIDE = (
    "Khánh Đỉnh được đúc dưới triều Minh Mạng. Đỉnh cao 1.5 mét!\n\n"
    "Trên thân đỉnh có chạm hình núi sông."
)
ENGLISH = {
    VI_TITLE: "Khánh Cauldron",
    VI_SUMMARY: "A bronze cauldron cast in 1836, standing before the Hall of Supreme Harmony.",
    "Khánh Đỉnh được đúc dưới triều Minh Mạng.": "The Khánh Cauldron was cast under Minh Mạng.",
    "Đỉnh cao 1.5 mét!": "It stands 1.5 metres tall!",
    "Trên thân đỉnh có chạm hình núi sông.": "Mountains and rivers are carved on its body.",
}
MONUMENT_EN = {"Lăng Minh Mạng": "Tomb of Minh Mạng", "Di sản Cố đô Huế": "Huế Imperial Heritage"}


@pytest.fixture
def english_tree(home, monument, en):
    """Home and monument already translated into English, as on a running site."""
    for page in (home, monument):
        translate_page(page, en, MONUMENT_EN)
    synchronize_locale_trees.call()  # French, Japanese, … mirror them
    return home, monument


def add_relic_in_the_admin(client, monument, **extra):
    data = {
        "title": VI_TITLE,
        "slug": "khanh-dinh",
        "summary": VI_SUMMARY,
        "description": rich_text("<p>Đúc bằng đồng.</p>"),
        "inventory_number": "HUE-DN-0100",
        "condition": "good",
        "licence": "cc-by-4.0",
        "guide_text": GUIDE,
        "images": inline_formset([]),
        "hotspots": inline_formset([]),
        "action-publish": "1",
        **extra,
    }
    url = f"/admin/pages/add/collection/relicpage/{monument.pk}/"
    response = client.post(url, nested_form_data(data))
    assert response.status_code == 302, response.content.decode()[:2000]
    return RelicPage.objects.get(slug="khanh-dinh", locale__language_code="vi")


def visit(client, language: str) -> str:
    response = client.get(f"/{language}/lang-minh-mang/khanh-dinh/")
    assert response.status_code == 200, f"{language}: {response.status_code}"
    return response.content.decode()


def type_translations(client, translation, strings: dict[str, str]) -> None:
    """What the translation editor sends as the translator types each segment."""
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        if segment.string.data in strings:
            url = reverse(
                "wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]
            )
            response = client.put(
                url,
                f"value={strings[segment.string.data]}".encode(),
                content_type="application/x-www-form-urlencoded",
            )
            assert response.status_code in (200, 201), response.content


def start_translation(client, relic, locale) -> Translation:
    url = reverse("wagtail_localize:submit_page_translation", args=[relic.pk])
    response = client.post(url, {"locales": [locale.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Translation.objects.get(source__object_id=relic.translation_key, target_locale=locale)


@pytest.mark.parametrize("with_english", [False, True], ids=["new-site", "english-tree"])
def test_a_page_published_in_the_admin_reaches_every_locale_at_once(
    client, moderator, home, monument, en, with_english, request
):
    if with_english:
        request.getfixturevalue("english_tree")
    client.force_login(moderator)
    add_relic_in_the_admin(client, monument)
    client.logout()
    for language in LANGUAGES:
        html = visit(client, language)
        assert f"<h1>{VI_TITLE}</h1>" in html, language
        assert ('class="untranslated-notice"' in html) == (language != "vi"), language


def test_a_page_made_outside_the_admin_reaches_every_locale_within_a_minute(
    client, english_tree, monument
):
    from heritage_cms.collection.factories import RelicPageFactory

    relic = RelicPageFactory(parent=monument, title=VI_TITLE, slug="khanh-dinh")
    relic.save_revision().publish()
    assert client.get("/fr/lang-minh-mang/khanh-dinh/").status_code == 404
    # run_scheduler enqueues this every minute; the worker runs it.
    assert synchronize_locale_trees.call()["mirrored"] == 5
    for language in LANGUAGES:
        assert f"<h1>{VI_TITLE}</h1>" in visit(client, language)


@pytest.fixture
def new_relic(client, moderator, english_tree, monument):
    client.force_login(moderator)
    relic = add_relic_in_the_admin(client, monument)
    client.logout()
    return relic


def test_translate_this_page_publishes_nothing(client, translator, new_relic, en):
    client.force_login(translator)
    translation = start_translation(client, new_relic, en)
    type_translations(client, translation, {VI_TITLE: ENGLISH[VI_TITLE]})  # half done
    # "Sync translated pages" with "Publish immediately" ticked: submitted, not published.
    client.post(
        reverse("wagtail_localize:update_translations", args=[translation.source.pk]),
        {"publish_translations": "on"},
    )
    english = new_relic.get_translation(en)
    assert english.alias_of_id, "visitors still see the mirror of the source"
    assert english.get_latest_revision().content["title"] == ENGLISH[VI_TITLE]
    html = visit(client, "en")
    assert f"<h1>{VI_TITLE}</h1>" in html and ENGLISH[VI_TITLE] not in html
    assert not PageLogEntry.objects.filter(action="wagtail.publish", user=translator).exists()


def test_the_translator_submits_and_a_moderator_approves(
    client, translator, moderator, new_relic, en
):
    client.force_login(translator)
    translation = start_translation(client, new_relic, en)
    english = new_relic.get_translation(en)
    editor = client.get(f"/admin/pages/{english.pk}/edit/").content.decode()
    assert "wagtail_localize/js/wagtail-localize.js" in editor, "the translation editor opens"
    submit = reverse("submit_translation_for_moderation", args=[translation.pk])
    assert f'action="{submit}"' in editor

    type_translations(client, translation, ENGLISH)
    response = client.post(submit)
    assert response.status_code == 302
    english = Page.objects.get(pk=english.pk).specific
    state = english.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == translator
    assert f"<h1>{VI_TITLE}</h1>" in visit(client, "en"), "not live before approval"

    client.force_login(moderator)
    # The moderator sees it waiting on the dashboard...
    dashboard = client.get("/admin/").content.decode()
    assert ENGLISH[VI_TITLE] in dashboard
    # ...and approves it.
    approve = f"/admin/pages/workflow/action/{english.pk}/approve/{state.current_task_state.pk}/"
    assert client.post(approve, {"comment": ""}).status_code == 302
    english = Page.objects.get(pk=english.pk).specific
    assert english.live and not english.alias_of_id and english.title == ENGLISH[VI_TITLE]
    assert english.guide_text == (
        "The Khánh Cauldron was cast under Minh Mạng. It stands 1.5 metres tall!\n\n"
        "Mountains and rivers are carved on its body."
    )
    client.logout()
    html = visit(client, "en")
    assert f"<h1>{ENGLISH[VI_TITLE]}</h1>" in html and 'class="untranslated-notice"' not in html
    # French mirrors English: French visitors now read the approved English page.
    assert f"<h1>{ENGLISH[VI_TITLE]}</h1>" in visit(client, "fr")
    assert f"<h1>{VI_TITLE}</h1>" in visit(client, "vi")


def test_a_moderator_sees_no_submit_button_but_publishes(client, moderator, new_relic, en):
    client.force_login(moderator)
    translation = start_translation(client, new_relic, en)
    english = new_relic.get_translation(en)
    editor = client.get(f"/admin/pages/{english.pk}/edit/").content.decode()
    assert reverse("submit_translation_for_moderation", args=[translation.pk]) not in editor


def _waiting(translation, locale) -> set[str]:
    segments = StringSegment.objects.filter(source=translation.source_id).annotate_translation(
        locale
    )
    return {segment.string.data for segment in segments if not segment.translation}


def test_the_translator_sees_a_changed_source_without_syncing_by_hand(
    client, translator, moderator, new_relic, en, django_capture_on_commit_callbacks
):
    client.force_login(translator)
    translation = start_translation(client, new_relic, en)
    type_translations(client, translation, ENGLISH)
    waiting_before = _waiting(translation, en)
    changed = "Đỉnh cao hơn một mét rưỡi!"
    new_relic.guide_text = new_relic.guide_text.replace("Đỉnh cao 1.5 mét!", changed)
    with django_capture_on_commit_callbacks(execute=True):
        new_relic.save_revision(user=moderator).publish(user=moderator)
    waiting = _waiting(translation, en)
    assert waiting - waiting_before == {changed}, "only the changed sentence waits"
    assert "Đỉnh cao 1.5 mét!" not in {
        s.string.data for s in StringSegment.objects.filter(source=translation.source_id)
    }


def test_the_audio_guide_text_is_translated_sentence_by_sentence(new_relic):
    source, _created = TranslationSource.get_or_create_from_instance(new_relic)
    sentences = [
        s.string.data
        for s in StringSegment.objects.filter(source=source, context__path__startswith="guide_text")
        .select_related("string")
        .order_by("order")
    ]
    assert sentences == [
        "Khánh Đỉnh được đúc dưới triều Minh Mạng.",
        "Đỉnh cao 1.5 mét!",
        "Trên thân đỉnh có chạm hình núi sông.",
    ]


def test_a_translator_neither_sees_nor_changes_points_of_interest(
    client, translator, curator, relic
):
    RelicHotspot.objects.create(page=relic, label="Rồng", position="0 0.4 0.4", normal="0 0 1")
    client.force_login(translator)
    html = client.get(f"/admin/pages/{relic.pk}/edit/").content.decode()
    assert "hotspots-TOTAL_FORMS" not in html and "id_model_3d" not in html
    data = nested_form_data(
        {
            "title": relic.title,
            "slug": relic.slug,
            "summary": relic.summary,
            "description": rich_text(relic.description),
            "inventory_number": relic.inventory_number,
            "condition": relic.condition,
            "licence": relic.licence,
            "images": inline_formset([]),
            "hotspots": inline_formset([]),  # "remove every row", were it in the form
            "action-submit": "1",
        }
    )
    assert client.post(f"/admin/pages/{relic.pk}/edit/", data).status_code == 302
    draft = Page.objects.get(pk=relic.pk).specific.get_latest_revision_as_object()
    assert [h.label for h in draft.hotspots.all()] == ["Rồng"]

    client.force_login(curator)
    assert "hotspots-TOTAL_FORMS" in client.get(f"/admin/pages/{relic.pk}/edit/").content.decode()


def test_every_locale_mirrors_english_or_the_source(db):
    from wagtail_localize.models import LocaleSynchronization

    syncs = {
        s.locale.language_code: s.sync_from.language_code
        for s in LocaleSynchronization.objects.select_related("locale", "sync_from")
    }
    assert syncs == {"en": "vi", "fr": "en", "ja": "en", "ko": "en", "zh-hans": "en"}
    assert Locale.objects.count() == len(LANGUAGES)
