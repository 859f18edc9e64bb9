"""Engagement per stop: the beacon counts plays and 3D openings into hourly rows, and refuses
what it should — oversized bodies, foreign origins, unknown pages, future or stale times,
resent events and floods — each in one line."""

import json
import secrets
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.urls import reverse
from wagtail.models import Locale

from heritage_cms.core.translation import translate_page
from heritage_cms.engagement import beacon, stats
from heritage_cms.engagement.beacon import MAX_BODY_BYTES, MAX_EVENTS
from heritage_cms.engagement.counting import hour_of, record
from heritage_cms.engagement.models import StopEngagement

pytestmark = pytest.mark.django_db
ORIGIN = "http://testserver"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # event ids and per-client counters live in the cache
    yield
    cache.clear()


def now_ms(offset=timedelta(0)) -> int:
    return int((datetime.now(UTC) + offset).timestamp() * 1000)


def event(page, lang="vi", kind="audio_play", at=None, **extra):
    return {
        "id": secrets.token_hex(16),
        "page": page if isinstance(page, int) else page.pk,
        "lang": lang,
        "kind": kind,
        "at": now_ms() if at is None else at,
        **extra,
    }


def post(client, events=None, body=None, origin=ORIGIN, **headers):
    if origin:
        headers["HTTP_ORIGIN"] = origin
    data = body if body is not None else json.dumps({"events": events})
    return client.post("/engagement/events/", data, content_type="application/json", **headers)


def counts(page, kind="audio_play"):
    return dict(
        StopEngagement.objects.filter(page=page, kind=kind).values_list("language", "count")
    )


def test_plays_and_openings_count_per_language_for_the_stop(client, relic):
    response = post(
        client,
        [event(relic), event(relic, "ja"), event(relic, "ja"), event(relic, kind="model_open")],
    )
    assert response.status_code == 202
    assert response.json() == {"accepted": 4, "duplicates": 0, "rejected": {}}
    assert counts(relic) == {"vi": 1, "ja": 2}
    assert counts(relic, "model_open") == {"vi": 1}
    assert post(client, [event(relic, "ja")]).json()["accepted"] == 1
    assert counts(relic) == {"vi": 1, "ja": 3}  # the same hour's row, incremented
    assert StopEngagement.objects.filter(page=relic, kind="audio_play").count() == 2


def test_a_translation_counts_for_the_stop_in_its_source_language(client, home, relic):
    en = Locale.objects.get(language_code="en")
    translate_page(home, en, {})
    translate_page(relic.get_parent().specific, en, {})
    en_relic = translate_page(relic, en, {"Cửu Đỉnh": "The Nine Dynastic Urns"})
    assert post(client, [event(en_relic, "en"), event(en_relic, "ko")]).json()["accepted"] == 2
    assert counts(relic) == {"en": 1, "ko": 1}
    assert not StopEngagement.objects.filter(page=en_relic).exists()


def test_an_event_sent_twice_counts_once(client, relic):
    first = event(relic)
    assert post(client, [first]).json()["accepted"] == 1
    again = post(client, [first, event(relic)])
    assert again.json() == {"accepted": 1, "duplicates": 1, "rejected": {}}
    assert counts(relic) == {"vi": 2}


def test_events_of_a_failed_write_are_not_taken_for_duplicates_on_retry(client, relic, monkeypatch):
    first = event(relic)

    def disk_full(counts):
        raise DatabaseError("could not extend file: No space left on device")

    monkeypatch.setattr(beacon, "record", disk_full)
    with pytest.raises(DatabaseError):
        post(client, [first])
    monkeypatch.undo()
    assert post(client, [first]).json() == {"accepted": 1, "duplicates": 0, "rejected": {}}
    assert counts(relic) == {"vi": 1}


def test_an_offline_play_counts_in_the_hour_it_happened(client, relic):
    three_hours_ago = datetime.now(UTC) - timedelta(hours=3)
    post(client, [event(relic, at=int(three_hours_ago.timestamp() * 1000))])
    row = StopEngagement.objects.get(page=relic)
    assert row.hour == hour_of(three_hours_ago)


def test_events_that_cannot_count_are_dropped_by_reason_and_the_rest_count(client, relic, home):
    unpublished = type(relic).objects.get(pk=relic.pk)
    unpublished.unpublish()
    live = relic.get_parent().specific  # the monument: a stop too
    response = post(
        client,
        [
            event(live),
            event(999_999_999),
            event(home),  # a page, but not a stop
            event(unpublished),
            event(live, lang="de"),
            event(live, kind="like"),
            event(live, at=now_ms(timedelta(hours=1))),
            event(live, at=now_ms(-timedelta(days=8))),
            event(live, at=-5),
        ],
    )
    assert response.status_code == 202
    assert response.json() == {
        "accepted": 1,
        "duplicates": 0,
        "rejected": {
            "unknown_page": 3,
            "unknown_language": 1,
            "unknown_kind": 1,
            "in_the_future": 1,
            "too_old": 2,
        },
    }
    assert StopEngagement.objects.get().page_id == live.pk


@pytest.mark.parametrize(
    "body",
    [
        "",
        "not json",
        "[]",
        '{"events": []}',
        '{"events": {}}',
        json.dumps(
            {"events": [{"id": "short", "page": 1, "lang": "vi", "kind": "audio_play", "at": 1}]}
        ),
        json.dumps({"events": [{"id": "a" * 32, "page": "1", "lang": "vi", "kind": "x", "at": 1}]}),
        json.dumps(
            {"events": [{"id": "a" * 32, "page": True, "lang": "vi", "kind": "x", "at": 1}]}
        ),
        json.dumps(
            {"events": [{"id": "a" * 32, "page": 2**70, "lang": "vi", "kind": "x", "at": 1}]}
        ),
        json.dumps({"events": [{"id": "a" * 32, "page": 1, "lang": "vi", "kind": "x", "at": 1.5}]}),
        "[" * 5000 + "]" * 5000,
        "\udcff".encode("utf-8", "surrogatepass").decode("latin-1"),
    ],
)
def test_a_malformed_body_gets_one_line(client, body):
    response = post(client, body=body)
    assert response.status_code == 400
    assert list(response.json()) == ["error"] and "\n" not in response.json()["error"]


def test_too_many_events_or_bytes_are_refused_whole(client, relic):
    many = post(client, [event(relic) for _ in range(MAX_EVENTS + 1)])
    assert many.status_code in (400, 413)
    padded = {"events": [event(relic, padding="x" * MAX_BODY_BYTES)]}
    big = post(client, body=json.dumps(padded))
    assert big.status_code == 413 and "16 KB" in big.json()["error"]
    assert not StopEngagement.objects.exists()


def test_only_our_pages_may_count(client, relic):
    assert post(client, [event(relic)], origin="https://evil.example").status_code == 403
    assert post(client, [event(relic)], origin=None).status_code == 403
    assert post(client, [event(relic)], origin="null").status_code == 403
    same_site = post(client, [event(relic)], origin=None, HTTP_SEC_FETCH_SITE="same-origin")
    assert same_site.status_code == 202
    assert client.get("/engagement/events/").status_code == 405
    assert counts(relic) == {"vi": 1}


def test_a_flood_from_one_client_is_held_off(client, relic):
    statuses = [post(client, [event(relic)]).status_code for _ in range(61)]
    assert statuses[:60] == [202] * 60 and statuses[60] == 429
    assert counts(relic) == {"vi": 60}


def test_stats_per_stop_reads_the_window(relic):
    now = datetime.now(UTC)
    record(
        {
            (relic.pk, "vi", "audio_play", now): 3,
            (relic.pk, "zh-hans", "audio_play", now): 2,
            (relic.pk, "ja", "model_open", now - timedelta(days=2)): 5,
        }
    )
    assert stats.per_stop(now - timedelta(hours=1), now + timedelta(hours=1)) == {
        relic.pk: {"audio_play": {"vi": 3, "zh-hans": 2}}
    }
    week = stats.per_stop(now - timedelta(days=7), now + timedelta(hours=1), pages=[relic])
    assert week[relic.pk]["model_open"] == {"ja": 5}
    assert (
        sum(
            stats.per_hour(now - timedelta(days=7), now + timedelta(hours=1), "audio_play").values()
        )
        == 5
    )


def test_the_curators_report_shows_stops_heard_and_silent(client, curator, translator, relic):
    monument = relic.get_parent().specific
    now = datetime.now(UTC)
    record({(relic.pk, "ja", "audio_play", now): 4, (relic.pk, "ko", "model_open", now): 2})
    client.force_login(translator)
    assert client.get(reverse("engagement_report")).status_code == 302  # refused
    client.force_login(curator)
    page = client.get(reverse("engagement_report")).content.decode()
    assert "Cửu Đỉnh" in page and "Lăng Minh Mạng" in page  # heard, and silent
    row = page[page.index(f'data-stop="{relic.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "<td data-plays>4</td>" in row and "ja 4" in row
    assert "<td data-opens>2</td>" in row and "ko 2" in row
    silent = page[page.index(f'data-stop="{monument.pk}"') :]
    assert "<td data-plays>0</td>" in silent[: silent.index("</tr>")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: DATABASE_URL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_beacons_lose_no_increment(relic):
    """Eight workers adding to the same hour's rows at once: every increment lands."""
    hour = datetime.now(UTC)
    errors = []

    def worker():
        try:
            for _ in range(25):
                record(
                    {
                        (relic.pk, "vi", "audio_play", hour): 1,
                        (relic.pk, "en", "audio_play", hour): 2,
                    }
                )
        except Exception as error:  # reported below, with the thread's failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert counts(relic) == {"vi": 200, "en": 400}, f"after {time.monotonic() - started:.1f} s"
