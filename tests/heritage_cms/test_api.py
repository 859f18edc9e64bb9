"""The public content API (Wagtail API v2): filter by locale and by page type."""

import pytest

from heritage_cms.core.translation import translate_page

pytestmark = pytest.mark.django_db


def test_relics_by_locale_and_type(client, relic, en):
    translate_page(relic.get_parent().get_parent(), en, {})
    translate_page(relic.get_parent(), en, {})
    translate_page(relic, en, {"Cửu Đỉnh": "The Nine Dynastic Urns"})
    response = client.get(
        "/api/v2/pages/",
        {"type": "collection.RelicPage", "locale": "en", "fields": "inventory_number,licence_url"},
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["The Nine Dynastic Urns"]
    assert items[0]["inventory_number"] == relic.inventory_number
    assert items[0]["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert items[0]["meta"]["locale"] == "en"

    vietnamese = client.get("/api/v2/pages/", {"type": "collection.RelicPage", "locale": "vi"})
    assert [item["title"] for item in vietnamese.json()["items"]] == ["Cửu Đỉnh"]


def test_monument_detail_exposes_hours_fares_and_position(client, monument):
    from heritage_cms.sites.factories import MonumentFareFactory, MonumentOpeningHoursFactory

    MonumentOpeningHoursFactory(page=monument)
    MonumentFareFactory(page=monument, price_vnd=150_000)
    data = client.get(f"/api/v2/pages/{monument.pk}/").json()
    assert data["fares"][0]["price_vnd"] == 150_000
    assert data["opening_hours"][0]["opens"] == "07:00:00"
    assert data["latitude"] == "16.388000"


def test_unpublished_pages_stay_private(client, relic):
    relic.unpublish()
    response = client.get("/api/v2/pages/", {"type": "collection.RelicPage"})
    assert response.json()["meta"]["total_count"] == 0


def test_api_search_forgives_missing_diacritics(client, relic):
    response = client.get("/api/v2/pages/", {"search": "cuu dinh", "type": "collection.RelicPage"})
    assert [item["title"] for item in response.json()["items"]] == ["Cửu Đỉnh"]
