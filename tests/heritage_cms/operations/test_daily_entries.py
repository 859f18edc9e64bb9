"""Daily entries per monument as open data: whole days, aggregated, licensed, no personal data."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from .conftest import Journal, funded_card, make_gate

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    card = funded_card(10_000_000)
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    dai_noi = Journal(make_gate("dai-noi", "Ngọ Môn 1"))
    tu_duc = Journal(make_gate("lang-tu-duc", "Vụ Khiêm Môn"))
    dai_noi.taps(card, 5, at=noon - timedelta(days=1))
    dai_noi.taps(card, 2, at=noon - timedelta(days=1), decision="refused", reason="passback")
    dai_noi.taps(card, 3, at=noon - timedelta(days=2))
    tu_duc.taps(card, 4, at=noon - timedelta(days=1))
    tu_duc.taps(card, 1, at=timezone.now() - timedelta(minutes=1))  # today: not yet published
    return card, timezone.localdate()


def test_json_has_the_licence_and_one_count_per_site_and_whole_day(client, entries):
    card, today = entries
    response = client.get(reverse("opendata:daily_entries_json"))
    assert response.status_code == 200
    assert 'rel="license"' in response["Link"]
    data = response.json()
    assert data["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    yesterday, before = (today - timedelta(days=1)).isoformat(), (today - timedelta(days=2))
    assert data["days"] == [
        {"date": before.isoformat(), "site": "dai-noi", "entries": 3},
        {"date": yesterday, "site": "dai-noi", "entries": 5},
        {"date": yesterday, "site": "lang-tu-duc", "entries": 4},
    ]
    assert card.number not in response.content.decode()


def test_csv_opens_in_spreadsheets_and_carries_the_licence(client, entries):
    _card, today = entries
    response = client.get(reverse("opendata:daily_entries_csv"), {"from": str(today)})
    body = response.content.decode()
    assert response.status_code == 400  # from today: no whole day yet
    assert "\n" not in body.strip() and "Traceback" not in body
    response = client.get(
        reverse("opendata:daily_entries_csv"), {"from": str(today - timedelta(days=1))}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["date", "site", "entries", "licence"]
    assert [row[:3] for row in rows[1:]] == [
        [str(today - timedelta(days=1)), "dai-noi", "5"],
        [str(today - timedelta(days=1)), "lang-tu-duc", "4"],
    ]


@pytest.mark.parametrize(
    "query", [{"from": "hôm qua"}, {"from": "2020-01-01", "to": "2026-01-01"}, {"to": "x"}]
)
def test_a_bad_period_is_one_clear_line(client, db, query):
    response = client.get(reverse("opendata:daily_entries_json"), query)
    assert response.status_code == 400
    assert response.content.decode().count("\n") == 0 and len(response.content) < 200


def test_the_bulk_export_writes_the_daily_entries_beside_the_collection(tmp_path, entries, vi):
    call_command("export_collection", str(tmp_path), "--locale", "vi", stdout=io.StringIO())
    data = json.loads((tmp_path / "daily-entries.json").read_text())
    assert sum(day["entries"] for day in data["days"]) == 12
    assert (tmp_path / "daily-entries.csv").read_text().startswith("date,site,entries,licence")


def test_the_footer_lists_the_daily_entries_beside_the_collection(client, home):
    page = client.get("/vi/").content.decode()
    assert reverse("opendata:daily_entries_csv") in page
    assert reverse("opendata:collection_csv") in page
