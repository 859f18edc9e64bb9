"""Engagement on a phone: a visitor opens a relic in 3D and plays its audio guide, loses the
network, does both again, and comes back online — the offline plays arrive (queued by the
service worker) and a curator, in the Curators group only, sees them in the report."""

import re
import time

import pytest

from heritage_cms.core.factories import UserFactory
from heritage_cms.core.roles import CURATORS
from heritage_cms.engagement.models import StopEngagement

from .conftest import ARTIFACTS, needs_tts
from .content import build
from .test_visitor import open_page, play_and_seek, view_in_3d

pytestmark = pytest.mark.slow
PASSWORD = "correct horse battery staple"


@pytest.fixture
def visit(transactional_db, home):
    needs_tts()
    return build(home)


def counted(visit) -> dict:
    return dict(
        (f"{kind}:{language}", count)
        for kind, language, count in StopEngagement.objects.filter(page=visit.relic).values_list(
            "kind", "language", "count"
        )
    )


def wait_for_counts(visit, expected: dict, seconds: float = 30) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if counted(visit) == expected:
            return expected
        time.sleep(0.25)
    return counted(visit)


def test_plays_made_offline_arrive_when_the_phone_is_back_online(
    browser, live_server, phone, visit
):
    page = open_page(phone)
    beacons = []
    page.on("request", lambda r: beacons.append(r.url) if "/engagement/" in r.url else 0)

    # The tour downloaded at the gate, so the relic works offline (see test_visitor).
    page.goto(visit.en_tour.url)
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    page.locator("[data-pack-check]").click()
    page.locator("[data-pack-summary]").wait_for()
    page.locator("[data-pack-confirm]").click()
    page.wait_for_selector("[data-offline-pack][data-state=ready]", timeout=120_000)

    page.goto(visit.en_relic.url)
    page.wait_for_function("navigator.serviceWorker.controller")
    # Sound first: a running software-rendered WebGL canvas slows every animation frame.
    play_and_seek(page)
    view_in_3d(page, "low")
    online = {"audio_play:en": 1, "model_open:en": 1}
    assert wait_for_counts(visit, online) == online, (beacons, page.logs)

    # Back to the tour while online (tearing down a software-rendered WebGL page is slow), then
    # the network goes and the visitor walks on to the relic, served from the pack.
    page.goto(visit.en_tour.url, timeout=60_000)
    phone.set_offline(True)
    page.get_by_role("link", name="The Nine Dynastic Urns").first.click()
    page.wait_for_url(f"**{visit.en_relic.url}", timeout=60_000)
    page.wait_for_function("navigator.serviceWorker.controller && !navigator.onLine")
    play_and_seek(page)
    view_in_3d(page, "low")
    queued = page.evaluate(
        "caches.open('heritage-engagement-v1').then(c => c.keys()).then(k => k.length)"
    )
    assert queued == 2, page.logs
    assert counted(visit) == online, "nothing reached the server while offline"

    phone.set_offline(False)
    after = {"audio_play:en": 2, "model_open:en": 2}
    assert wait_for_counts(visit, after) == after, page.logs
    page.wait_for_function(
        "caches.open('heritage-engagement-v1').then(c => c.keys()).then(k => k.length === 0)"
    )

    curator = UserFactory(groups=[CURATORS])
    curator.set_password(PASSWORD)
    curator.save()
    desk = browser.new_context(base_url=live_server.url, locale="en-GB")
    admin = desk.new_page()
    admin.goto("/admin/login/")
    admin.locator("input[name=username]").fill(curator.username)
    admin.locator("input[name=password]").fill(PASSWORD)
    admin.locator("form button[type=submit]").first.click()
    admin.wait_for_url(re.compile(r"/admin/$"))
    admin.goto("/admin/engagement/")
    row = admin.locator(f"tr[data-stop='{visit.relic.pk}']")
    assert row.locator("[data-plays]").inner_text() == "2"
    assert row.locator("[data-opens]").inner_text() == "2"
    assert "en 2" in row.inner_text() and "Cửu Đỉnh" in row.inner_text()
    admin.screenshot(path=ARTIFACTS / "engagement-report.png", full_page=True)
    desk.close()
