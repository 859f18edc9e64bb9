"""Search forgives what a phone keyboard leaves out, in every locale."""

import pytest
from wagtail.models import Locale

from heritage_cms.collection.factories import RelicPageFactory
from heritage_cms.core.translation import translate_page
from heritage_cms.sites.factories import MonumentPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home):
    pagoda = MonumentPageFactory(
        parent=home, title="Chùa Thiên Mụ", slug="chua-thien-mu", summary="Ngôi chùa cổ ở Huế."
    )
    RelicPageFactory(parent=pagoda, title="Đại Hồng Chung", slug="dai-hong-chung")
    tomb = MonumentPageFactory(
        parent=home, title="Lăng Tự Đức", slug="lang-tu-duc", summary="Khiêm Lăng."
    )
    return pagoda, tomb


def titles(client, path, query):
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return [page.title for page in response.context["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Thiên Mụ", "Chùa Thiên Mụ"),
        ("thien mu", "Chùa Thiên Mụ"),
        ("THIEN MU", "Chùa Thiên Mụ"),
        ("tu duc", "Lăng Tự Đức"),
        ("dai hong chung", "Đại Hồng Chung"),
    ],
)
def test_missing_diacritics_still_find_the_page(client, pages, query, expected):
    assert expected in titles(client, "/vi/search/", query)


def test_hue_finds_huế_in_the_summary(client, pages):
    found = titles(client, "/vi/search/", "hue")
    assert "Chùa Thiên Mụ" in found  # "Ngôi chùa cổ ở Huế."
    assert "Đại Hồng Chung" not in found  # nothing about Huế in its record


def test_search_stays_in_the_visitors_language(client, pages, en):
    pagoda, _tomb = pages
    translate_page(pagoda.get_parent(), en, {})
    translate_page(pagoda, en, {"Chùa Thiên Mụ": "Thiên Mụ Pagoda"})
    assert titles(client, "/en/search/", "thien mu pagoda") == ["Thiên Mụ Pagoda"]
    assert "Thiên Mụ Pagoda" not in titles(client, "/vi/search/", "thien mu")


def test_chinese_title_is_found_by_a_word_inside_it(client, pages):
    zh = Locale.objects.get(language_code="zh-hans")
    pagoda, _tomb = pages
    translate_page(pagoda.get_parent(), zh, {})
    translate_page(pagoda, zh, {"Chùa Thiên Mụ": "顺化天姥寺"})
    assert titles(client, "/zh-hans/search/", "天姥寺") == ["顺化天姥寺"]


def test_nothing_found_is_said_plainly(client, pages):
    response = client.get("/en/search/", {"q": "angkor wat"})
    assert "0 results" in response.content.decode()
