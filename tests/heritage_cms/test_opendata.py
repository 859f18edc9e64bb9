"""Open data: schema.org JSON-LD and CSV with each record's licence."""

import csv
import io

import pytest
from django.core.management import call_command

from heritage_cms.tours.factories import TourPageFactory, TourStopFactory

pytestmark = pytest.mark.django_db


def test_jsonld_uses_schema_org_types_with_licence(client, home, monument, relic):
    TourStopFactory(tour=TourPageFactory(parent=home), target=relic, stop_code="120")
    response = client.get("/open-data/collection.jsonld", {"locale": "vi"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    data = response.json()
    assert data["@context"] == "https://schema.org"
    by_type = {}
    for node in data["@graph"]:
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        for t in types:
            by_type.setdefault(t, []).append(node)
    (artwork,) = by_type["VisualArtwork"]
    assert artwork["name"] == "Cửu Đỉnh"
    assert artwork["identifier"] == relic.inventory_number
    assert artwork["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert artwork["height"] == {"@type": "QuantitativeValue", "value": 250.0, "unitCode": "CMT"}
    assert artwork["contentLocation"]["name"] == "Lăng Minh Mạng"
    (landmark,) = by_type["LandmarksOrHistoricalBuildings"]
    assert landmark["geo"]["latitude"] == pytest.approx(16.388)
    (trip,) = by_type["TouristTrip"]
    assert trip["itinerary"]["itemListElement"][0]["identifier"] == "120"


def test_csv_is_utf8_with_a_row_per_record(client, monument, relic):
    response = client.get("/open-data/collection.csv", {"locale": "vi"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["type"] for row in rows] == ["monument", "relic"]
    relic_row = rows[1]
    assert relic_row["title"] == "Cửu Đỉnh"
    assert relic_row["monument"] == "Lăng Minh Mạng"
    assert relic_row["licence"] == "CC BY 4.0"
    assert relic_row["licence_url"].startswith("https://creativecommons.org/")


def test_drafts_are_not_exported(client, relic):
    relic.unpublish()
    rows = client.get("/open-data/collection.csv").content.decode("utf-8-sig").splitlines()
    assert not any("Cửu Đỉnh" in row for row in rows)


def test_unknown_locale_is_a_clear_404(client, home):
    response = client.get("/open-data/collection.jsonld", {"locale": "xx"})
    assert response.status_code == 404


def test_export_command_writes_every_locale(tmp_path, relic):
    call_command("export_collection", str(tmp_path), "--locale", "vi")
    assert (tmp_path / "collection-vi.jsonld").read_text(encoding="utf-8").count("Cửu Đỉnh") == 1
    assert "Cửu Đỉnh" in (tmp_path / "collection-vi.csv").read_text(encoding="utf-8")


def test_a_reserved_record_says_so_in_the_visitors_language(client, relic):
    relic.licence = "all-rights-reserved"
    relic.save_revision().publish()
    response = client.get(
        "/open-data/collection.jsonld", {"locale": "vi"}, headers={"accept-language": "fr"}
    )
    (artwork,) = [node for node in response.json()["@graph"] if node["@type"] == "VisualArtwork"]
    assert "license" not in artwork
    assert artwork["copyrightNotice"] == "Tous droits réservés"
    page = client.get("/vi/lang-minh-mang/cuu-dinh/").content.decode()
    assert "All rights reserved" not in page, "a Vietnamese page shows the Vietnamese label"
