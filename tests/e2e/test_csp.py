"""The Content-Security-Policy, in the browser: every visitor page (the map, a relic in 3D, the
audio guide, the service worker, the card and the hop to Stripe Checkout) and the staff admin
(dashboard, page edit with the 3D point picker) run under it without a single violation."""

import re
import time

import pytest

from heritage_cms.cards.issuing import issue_card
from heritage_cms.core.factories import UserFactory
from heritage_cms.core.roles import CURATORS

from .conftest import PHONE
from .content import build
from .test_visitor import view_in_3d

pytestmark = pytest.mark.slow

# Registered before any page script runs; the browser reports every blocked load, inline script,
# eval, worker and form target here (and in the console).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} on ${e.documentURI}`
    + (e.sample ? ` (${e.sample})` : "")));
"""

# A 1 px PNG, the tile the routed tile server answers with.
TILE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6378ffe2d67f00092c03b186b49c300000000049454e44ae426082"
)


@pytest.fixture
def watched(browser, live_server):
    """A phone that honours the policy (the shared ``phone`` bypasses it for axe-core)."""
    context = browser.new_context(**PHONE, base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(20_000)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.violations = []
    page.on(
        "console",
        lambda m: page.violations.append(m.text) if "Content Security Policy" in m.text else 0,
    )
    yield page
    context.close()


def wait_until(page, predicate: str, timeout: float = 45) -> None:
    """Poll from Python: Playwright's own polling evaluates strings, which the policy forbids."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        assert time.monotonic() < deadline, f"timed out on {predicate}: {violations(page)}"
        time.sleep(0.25)


def violations(page) -> list[str]:
    return page.violations + page.evaluate("window.__csp || []")


def assert_policy_holds(page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    header = page.evaluate(
        "async () => (await fetch(location.href, {cache: 'no-store'}))"
        ".headers.get('content-security-policy')"
    )
    assert header and "default-src 'self'" in header, f"{name}: no policy ({page.url})"
    found = violations(page)
    assert not found, f"{name} ({page.url}):\n" + "\n".join(found)


def test_visitor_pages_run_under_the_policy(watched, sandbox, transactional_db, home):
    visit = build(home)
    page = watched

    # The tile server answers with a tile at its own address (this machine has no internet; the
    # policy is checked against that origin all the same). Without tiles the map becomes a plan.
    page.route(
        re.compile(r"^https://tile\.openstreetmap\.org/"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=TILE_PNG),
    )
    page.goto("/en/")
    page.locator("[data-map]").scroll_into_view_if_needed()
    page.wait_for_selector("[data-map] .leaflet-tile", state="attached", timeout=30_000)
    assert page.evaluate("async () => !!(await navigator.serviceWorker.ready).active")
    assert_policy_holds(page, "home with map and service worker")

    page.goto(visit.en_monument.url)
    assert_policy_holds(page, "monument")

    page.goto(visit.en_relic.url)
    view_in_3d(page, "low")
    assert_policy_holds(page, "relic in 3D")
    audio = page.locator("[data-audio-guide] audio")
    audio.evaluate("a => a.play()")
    wait_until(page, "() => document.querySelector('[data-audio-guide] audio').currentTime > 0.3")
    assert_policy_holds(page, "relic audio guide")

    page.goto(visit.en_tour.url)
    assert_policy_holds(page, "tour")

    card = issue_card("9704180200000888", "04AB12CD34EF88", access_code="HUE888")
    page.goto("/en/card/")
    page.get_by_label(re.compile("card number", re.I)).fill(card.number)
    page.get_by_label(re.compile("access code", re.I)).fill("HUE888")
    page.get_by_role("button", name=re.compile("open my card", re.I)).click()
    page.wait_for_selector("[data-balance]")
    assert_policy_holds(page, "card")
    page.locator("input[name=preset][value='200000']").check()
    page.get_by_role("button", name=re.compile("pay by card", re.I)).click()
    page.wait_for_url(f"{sandbox.url}/**")  # form-action lets the redirect to Checkout through
    assert not violations(page), violations(page)


def test_the_admin_runs_under_the_staff_policy(watched, transactional_db, home, staff_roles):
    from django.contrib.auth.models import Group

    visit = build(home)
    curator = UserFactory(username="csp-curator", password="curate-it-1")
    curator.groups.add(Group.objects.get(name=CURATORS))
    page = watched
    page.goto("/admin/login/")
    page.fill("#id_username", "csp-curator")
    page.fill("#id_password", "curate-it-1")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    assert_policy_holds(page, "dashboard")

    page.goto(f"/admin/pages/{visit.relic.pk}/edit/")
    page.get_by_role("tab", name=re.compile("Audio and 3D")).click()
    page.locator("[data-hotspot-picker] model-viewer").scroll_into_view_if_needed()
    wait_until(
        page,
        "() => document.querySelector('[data-hotspot-picker] model-viewer')?.loaded === true",
        timeout=60,
    )
    assert_policy_holds(page, "page edit with the 3D point picker")
