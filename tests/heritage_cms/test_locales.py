"""Languages: routing per locale, the language switch, and the translator's workflow."""

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.synctree import synchronize_tree

from heritage_cms.core.factories import UserFactory
from heritage_cms.core.translation import translate_page
from heritage_cms.tours.factories import TourPageFactory, TourStopFactory

pytestmark = pytest.mark.django_db

ENGLISH = {
    "Lăng Minh Mạng": "Tomb of Minh Mạng",
    "Một công trình kiến trúc thời Nguyễn.": "A work of Nguyễn architecture.",
    "Lăng nằm bên bờ sông Hương.": "The tomb lies on the bank of the Perfume River.",
    "Di sản Cố đô Huế": "Huế Imperial Heritage",
}


@pytest.fixture
def english_site(home, monument, en):
    return translate_page(home, en, ENGLISH), translate_page(monument, en, ENGLISH)


def test_root_redirects_to_the_browser_language(client, home):
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert response.status_code == 302 and response["Location"] == "/en/"
    response = client.get("/", headers={"accept-language": "vi"})
    assert response["Location"] == "/vi/"
    response = client.get("/", headers={"accept-language": "zh-CN,zh;q=0.9"})
    assert response["Location"] == "/zh-hans/"


def test_each_locale_has_its_own_urls(client, english_site, monument):
    _en_home, _en_monument = english_site
    vi_page = client.get("/vi/lang-minh-mang/")
    en_page = client.get("/en/lang-minh-mang/")
    assert vi_page.status_code == en_page.status_code == 200
    assert "<h1>Lăng Minh Mạng</h1>" in vi_page.content.decode()
    assert "<h1>Tomb of Minh Mạng</h1>" in en_page.content.decode()
    assert "The tomb lies on the bank of the Perfume River." in en_page.content.decode()
    assert '<html lang="en">' in en_page.content.decode()
    # No Japanese translation and no sync in this test: Wagtail falls back to the source page.
    fallback = client.get("/ja/lang-minh-mang/")
    assert "<h1>Lăng Minh Mạng</h1>" in fallback.content.decode()


def test_language_switch_links_to_the_same_page_in_the_other_language(client, english_site):
    html = client.get("/vi/lang-minh-mang/").content.decode()
    assert 'href="/en/lang-minh-mang/" lang="en"' in html
    assert 'href="/ja/" lang="ja"' in html  # no Japanese translation yet: that locale's home


def test_synced_locales_show_english_until_translated(client, english_site, en):
    fr = Locale.objects.get(language_code="fr")
    synchronize_tree(en, fr)
    response = client.get("/fr/lang-minh-mang/")
    assert response.status_code == 200
    assert "<h1>Tomb of Minh Mạng</h1>" in response.content.decode()


def test_stop_code_opens_the_stop_in_the_visitors_language(client, english_site, home, monument):
    tour = TourPageFactory(parent=home)
    TourStopFactory(tour=tour, target=monument, stop_code="205")
    response = client.get("/en/stops/205/")
    assert response.status_code == 302 and response["Location"] == "/en/lang-minh-mang/"
    assert client.get("/vi/stops/205/")["Location"] == "/vi/lang-minh-mang/"
    assert client.get("/vi/stops/999/").status_code == 404


def _untranslated(source, locale) -> set[str]:
    segments = StringSegment.objects.filter(source=source).annotate_translation(locale)
    return {segment.string.data for segment in segments if not segment.translation}


def test_only_changed_segments_need_retranslating(english_site, monument, en):
    source = TranslationSource.objects.get_for_instance(monument)
    translation = Translation.objects.get(source=source, target_locale=en)
    waiting_before = _untranslated(source, en)
    _total, done_before = translation.get_progress()

    monument.summary = "Một công trình kiến trúc tiêu biểu thời Nguyễn."
    monument.save_revision().publish()
    source.update_from_db()

    waiting_after = _untranslated(source, en)
    assert waiting_after - waiting_before == {"Một công trình kiến trúc tiêu biểu thời Nguyễn."}
    assert "Lăng Minh Mạng" not in waiting_after, "the unchanged title keeps its translation"
    _total, done_after = translation.get_progress()
    assert done_after == done_before - 1


def test_translator_submits_and_machine_translates_segment_by_segment(client, translator, monument):
    client.force_login(translator)
    french = Locale.objects.get(language_code="fr")
    submit = reverse("wagtail_localize:submit_page_translation", args=[monument.pk])
    # Its parent (home) must exist in French too: the form offers to include parents.
    response = client.post(submit, {"locales": [french.pk], "include_subtree": False})
    assert response.status_code == 302, response.content.decode()[:500]
    translation = Translation.objects.get(
        target_locale=french, source__object_id=monument.translation_key
    )

    machine = reverse("wagtail_localize:machine_translate", args=[translation.pk])
    response = client.post(f"{machine}?next=/admin/")
    assert response.status_code == 302
    machine_strings = StringTranslation.objects.filter(
        locale=french, translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE
    )
    by_source = {s.translation_of.data: s.data for s in machine_strings}
    # The offline dummy translator reverses words, which is enough to see the pipeline ran.
    assert by_source["Lăng Minh Mạng"] == "Mạng Minh Lăng"
    french_page = monument.get_translation(french)
    assert french_page.title == "Lăng Minh Mạng"  # a draft until someone publishes it
    translation.save_target(publish=False)
    french_page.refresh_from_db()
    french_page.get_latest_revision().publish()
    french_page.refresh_from_db()
    assert french_page.title == "Mạng Minh Lăng"


def test_visitor_cannot_reach_the_translation_tools(client, monument):
    client.force_login(UserFactory())
    submit = reverse("wagtail_localize:submit_page_translation", args=[monument.pk])
    assert client.get(submit).status_code in (302, 403)


def test_translator_opens_the_segment_editor_for_a_translation(client, translator, english_site):
    _en_home, en_monument = english_site
    client.force_login(translator)
    response = client.get(f"/admin/pages/{en_monument.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    # wagtail-localize's editor (a React app) replaces the page form for translations.
    assert "wagtail_localize/js/wagtail-localize.js" in html and "data-props" in html
    assert "Tomb of Minh Mạng" in html
