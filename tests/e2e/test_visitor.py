"""The visitor's phone: language, a relic in 3D with its audio guide, a tour downloaded and then
walked with the network cut, stop codes — and axe-core finds nothing on any page on the way."""

import re

import pytest

from .conftest import check_accessibility, needs_tts
from .content import build

pytestmark = pytest.mark.slow


@pytest.fixture
def visit(transactional_db, home):
    needs_tts()
    return build(home)


AUDIO_STATE = "a => ({paused: a.paused, time: a.currentTime, duration: a.duration})"


def play_and_seek(page) -> None:
    """Tap play on the native player, hear it advance, seek, hear it advance from there."""
    audio = page.locator("[data-audio-guide] audio")
    audio.scroll_into_view_if_needed()
    assert audio.evaluate(AUDIO_STATE)["paused"], "no autoplay"
    box = audio.bounding_box()
    audio.click(position={"x": 24, "y": box["height"] / 2})  # the play button, a real tap
    playing = "document.querySelector('[data-audio-guide] audio').currentTime > 0.3"
    _wait(page, playing, audio)
    duration = audio.evaluate("a => a.duration")
    assert duration > 3
    target = round(duration / 2, 1)
    audio.evaluate(
        "(a, t) => new Promise(done => { a.addEventListener('seeked', done, {once: true});"
        " a.currentTime = t; })",
        target,
    )
    seeked = f"document.querySelector('[data-audio-guide] audio').currentTime > {target + 0.3}"
    _wait(page, seeked, audio)
    state = audio.evaluate(AUDIO_STATE)
    assert not state["paused"] and state["time"] > target
    audio.evaluate("a => a.pause()")


def _wait(page, condition: str, audio) -> None:
    try:
        page.wait_for_function(condition, timeout=45_000)
    except Exception as error:
        state = audio.evaluate(
            "a => ({paused: a.paused, time: a.currentTime, ready: a.readyState,"
            " network: a.networkState, error: a.error && a.error.message})"
        )
        raise AssertionError(f"audio stuck: {state}; console: {page.logs}") from error


def open_page(phone):
    """A new tab that keeps its console, for failure messages."""
    page = phone.new_page()
    page.logs = []
    page.on("console", lambda message: page.logs.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: page.logs.append(f"error: {error}"))
    return page


def view_in_3d(page, level: str) -> None:
    page.locator("[data-view-3d]").click()
    try:
        page.wait_for_selector("[data-model-3d][data-state=loaded]", timeout=60_000)
    except Exception as error:
        state = page.locator("[data-model-3d]").get_attribute("data-state")
        raise AssertionError(f"3D model not loaded (state {state}): {page.logs}") from error
    viewer = page.locator("model-viewer")
    assert viewer.evaluate("v => v.loaded"), "model-viewer reports its model loaded"
    assert page.locator("[data-model-3d]").get_attribute("data-level") == level
    assert viewer.get_attribute("src").endswith(f"{level}.glb")


def test_a_visitor_picks_a_language_and_meets_a_relic_in_3d_and_sound(phone, visit):
    page = open_page(phone)
    heavy = []
    page.on("request", lambda r: heavy.append(r.url) if re.search(r"\.(mp3|glb)$", r.url) else 0)

    page.goto("/")  # the phone's browser prefers English
    assert page.url.endswith("/en/") and page.locator("html").get_attribute("lang") == "en"
    check_accessibility(page, "01-home-en")

    page.locator(".languages summary").click()
    page.locator(".languages a[lang=vi]").click()
    page.wait_for_url("**/vi/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h2#monuments-heading").inner_text() != "Monuments"
    page.locator(".languages summary").click()
    page.locator(".languages a[lang=en]").click()
    page.wait_for_url("**/en/")

    page.get_by_role("link", name="Tomb of Minh Mạng").first.click()
    page.get_by_role("link", name="The Nine Dynastic Urns").click()
    page.wait_for_url(f"**{visit.en_relic.url}")
    assert page.locator("h1").inner_text() == "The Nine Dynastic Urns"
    check_accessibility(page, "02-relic")
    assert not heavy, f"nothing heavy before the visitor asks: {heavy}"

    view_in_3d(page, "low")  # a phone gets the Low level
    hotspot = page.locator("model-viewer button.hotspot")
    assert hotspot.get_attribute("aria-label") == "1. Dragon relief"  # label in name: "1"
    check_accessibility(page, "03-relic-3d", full_page=False)

    play_and_seek(page)
    page.screenshot(path=str(_artifact("04-relic-audio")), full_page=False)


def test_a_tour_downloaded_at_the_gate_works_with_the_network_cut(phone, visit):
    page = open_page(phone)
    page.goto(visit.en_tour.url)
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    check_accessibility(page, "05-tour")
    codes = page.locator("ol.stops > li .stop-code").all_text_contents()
    assert [re.sub(r"\D", "", code) for code in codes] == ["205", "206"], "stops in tour order"

    page.locator("[data-pack-check]").click()
    summary = page.locator("[data-pack-summary]")
    summary.wait_for()
    assert re.search(r"\d MB", summary.inner_text()), "the total size comes first"
    page.locator("[data-pack-confirm]").click()
    section = page.locator("[data-offline-pack]")
    page.wait_for_selector(
        "[data-offline-pack]:is([data-state=ready], [data-state=failed])", timeout=120_000
    )
    assert section.get_attribute("data-state") == "ready", (
        section.locator("[data-pack-status]").inner_text(),
        page.logs,
    )
    progress = page.locator("[data-pack-progress] progress")
    assert progress.evaluate("p => p.value === p.max && p.max > 100000")
    check_accessibility(page, "06-tour-downloaded")

    phone.set_offline(True)
    cut = page.evaluate(
        "fetch('/en/search/?q=nothing-cached', {headers: {accept: 'text/html'}})"
        ".then(() => 'reached', () => 'offline')"
    )
    assert cut == "offline", "the network really is cut, for the page and its service worker"

    page.goto(visit.en_tour.url)
    assert page.locator("h1").inner_text() == "A morning in the Imperial City"
    page.get_by_role("link", name="The Nine Dynastic Urns").first.click()
    page.wait_for_url(f"**{visit.en_relic.url}")
    view_in_3d(page, "low")
    play_and_seek(page)
    page.screenshot(path=str(_artifact("07-offline-relic")))

    page.goto("/en/stops/")
    page.locator("#stop-code").fill("206")
    page.locator(".entry button[type=submit]").click()
    page.wait_for_url(f"**{visit.en_monument.url}")
    assert page.locator("h1").inner_text() == "Tomb of Minh Mạng"
    page.screenshot(path=str(_artifact("08-offline-stop-code")), full_page=True)


def test_a_stop_code_opens_the_right_stop(phone, visit):
    page = open_page(phone)
    page.goto("/en/")
    page.locator("[data-map]").scroll_into_view_if_needed()
    # Pins on the map, or the labelled plan when the tile server cannot be reached (no internet).
    page.wait_for_selector("[data-map].leaflet-container .map-pin, [data-map].map-plan li")
    check_accessibility(page, "12-home-map")
    for digit in "205":
        page.locator(f"[data-keys] button[data-key='{digit}']").click()
    assert page.locator("#stop-code").input_value() == "205"
    page.locator("[data-keys] button[type=submit]").click()
    page.wait_for_url(f"**{visit.en_relic.url}")
    assert page.locator("h1").inner_text() == "The Nine Dynastic Urns"

    page.goto("/en/stops/")
    check_accessibility(page, "09-keypad")
    page.locator("#stop-code").fill("999")
    page.locator(".entry button[type=submit]").click()
    page.wait_for_url("**/en/stops/999/")
    assert "999" in page.get_by_role("alert").inner_text()
    check_accessibility(page, "10-keypad-unknown-code")
    page.locator("#stop-code").fill("206")
    page.locator(".entry button[type=submit]").click()
    page.wait_for_url(f"**{visit.en_monument.url}")
    check_accessibility(page, "11-monument")
    assert (
        "150.000" in page.locator(".fares").inner_text()
        or "150,000" in page.locator(".fares").inner_text()
    )
    assert page.get_by_role("link", name=re.compile("ticket", re.I)).get_attribute("href") == (
        "/en/card/"
    )


def _artifact(name: str):
    from .conftest import ARTIFACTS

    return ARTIFACTS / f"{name}.png"
