"""The server half of the visitor's phone, without a browser: hashed assets, the service worker
and app manifest, offline-pack manifests whose sizes are the bytes a phone will store, the stop
keypad, and the anonymous page cache."""

import json
import shutil
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.test import override_settings

from heritage_cms.core.templatetags import assets
from heritage_cms.tours.factories import TourPageFactory, TourStopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def built():
    try:
        return assets.manifest()
    except assets.AssetsNotBuilt as error:
        pytest.skip(str(error))


def test_the_asset_tag_gives_hashed_urls_and_says_how_to_build(built, monkeypatch):
    html = Template('{% load assets %}{% asset "main.js" %}').render(Context())
    assert html == f"/static/dist/{built['main.js']}"
    assert built["main.js"] != "main.js", "content-hashed"
    with pytest.raises(assets.AssetsNotBuilt, match=r"no asset named 'nope\.js'"):
        assets.asset_path("nope.js")
    monkeypatch.setattr(assets, "MANIFEST", "dist/not-built-yet.json")
    monkeypatch.setitem(assets._state, "path", None)
    with pytest.raises(assets.AssetsNotBuilt, match="npm ci --prefix frontend"):
        assets.manifest()
    monkeypatch.undo()
    assets._state["path"] = None


def test_the_service_worker_controls_the_whole_site_and_is_never_stale(client, built):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Service-Worker-Allowed"] == "/" and response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    config = json.loads(body.split("self.HERITAGE = ", 1)[1].split(";\n", 1)[0])
    assert f"/static/dist/{built['main.js']}" in config["assets"]
    assert len(config["version"]) == 12
    for url in config["assets"]:
        assert finders.find(url.removeprefix("/static/")), url


def test_the_app_manifest_opens_in_the_visitors_language(client, built):
    response = client.get("/en/manifest.webmanifest")
    data = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert (data["start_url"], data["lang"], data["display"]) == ("/en/", "en", "standalone")
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon


def test_the_offline_pack_lists_every_file_with_the_bytes_a_phone_will_store(
    client, built, home, monument, relic, django_capture_on_commit_callbacks
):
    if not (shutil.which("espeak-ng") and shutil.which("ffmpeg")):
        pytest.skip("needs espeak-ng and ffmpeg for the audio guide")
    relic.guide_text = "Cửu Đỉnh là chín chiếc đỉnh đồng."
    with django_capture_on_commit_callbacks(execute=True):
        relic.save_revision().publish()
    tour = TourPageFactory(parent=home, slug="buoi-sang")
    TourStopFactory(tour=tour, target=relic, stop_code="205")
    TourStopFactory(tour=tour, target=monument, stop_code="206")

    assert client.get("/vi/tours/khong-co/offline.json").status_code == 404
    pack = client.get("/vi/tours/buoi-sang/offline.json").json()
    files = {item["url"]: item for item in pack["files"]}
    assert pack["stops"] == {"205": relic.url, "206": monument.url}
    assert {tour.url, relic.url, monument.url, "/vi/stops/"} <= set(files)
    assert {item["kind"] for item in pack["files"]} >= {"page", "audio", "asset"}
    assert pack["total_bytes"] == sum(item["bytes"] for item in pack["files"])
    for url, item in files.items():
        if url.startswith("/static/"):  # the test client serves no static files
            assert Path(finders.find(url.removeprefix("/static/"))).stat().st_size == item["bytes"]
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert len(body) == item["bytes"], url


def test_the_keypad_goes_to_the_stop_and_explains_an_unknown_number(client, home, relic):
    tour = TourPageFactory(parent=home)
    TourStopFactory(tour=tour, target=relic, stop_code="205")
    assert client.get("/vi/stops/", {"code": "205"})["Location"] == "/vi/stops/205/"
    assert client.get("/vi/stops/205/")["Location"] == relic.url
    unknown = client.get("/vi/stops/999/")
    assert unknown.status_code == 404 and 'role="alert"' in unknown.content.decode()
    invalid = client.get("/vi/stops/", {"code": "12a"})
    assert invalid.status_code == 200 and 'aria-invalid="true"' in invalid.content.decode()


@override_settings(VISITOR_PAGE_CACHE_SECONDS=60)
def test_the_page_cache_serves_visitors_until_something_is_published(client, relic, superuser):
    from django.core.cache import cache

    cache.clear()
    first, second = client.get(relic.url), client.get(relic.url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content

    relic.title = "Cửu Đỉnh (đã sửa)"
    relic.save_revision().publish()
    fresh = client.get(relic.url)
    assert fresh["X-Page-Cache"] == "miss" and "đã sửa" in fresh.content.decode()

    client.force_login(superuser)  # editors never get a cached page
    assert "X-Page-Cache" not in client.get(relic.url)
