"""The operations board in a real browser, as a duty officer keeps it open: logged in as an
Operations-only user (never the superuser), it draws its charts and tables, updates itself
without a reload when taps arrive, and lets the officer acknowledge an alert; a Finance-only user
sees revenue; an operator scoped to one monument sees only that one."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from heritage_cms.cards.models import Gate
from heritage_cms.core.factories import UserFactory
from heritage_cms.core.roles import FINANCE, OPERATIONS
from heritage_cms.fieldreports.models import VisitorReport
from heritage_cms.operations import alerts
from heritage_cms.operations.models import OperatorScope
from heritage_cms.sites.factories import MonumentPageFactory
from heritage_cms.sites.models import Site

from ..heritage_cms.operations.conftest import Journal, funded_card, make_gate, recently
from .conftest import ARTIFACTS, check_accessibility

pytestmark = pytest.mark.slow
DESK = {"viewport": {"width": 1440, "height": 1000}}
PASSWORD = "trực-ban-2026"


@pytest.fixture
def monuments(transactional_db, home):
    card = funded_card(50_000_000)
    at = recently()
    for code, title, lat, lng in [
        ("dai-noi", "Đại Nội", "16.469800", "107.578600"),
        ("lang-tu-duc", "Lăng Tự Đức", "16.433600", "107.566700"),
    ]:
        journal = Journal(make_gate(code, f"{title} 1", capacity=500))
        Journal(make_gate(code, f"{title} ra", direction="exit")).taps(card, 3, at=at)
        journal.taps(card, 40, at=at)
        journal.taps(card, 6, at=at, decision="refused", reason="forged_card")
        journal.taps(card, 12, at=at - timedelta(days=7))
        MonumentPageFactory(
            parent=home,
            title=title,
            slug=code,
            site=Site.objects.get(code=code),
            latitude=lat,
            longitude=lng,
        )
    Gate.objects.update(last_seen_at=timezone.now(), last_report={"journal_pending": 0})
    return card


def log_in(browser, live_server, username):
    context = browser.new_context(**DESK, base_url=live_server.url, locale="en-GB", bypass_csp=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    page.goto("/admin/operations/")
    page.wait_for_selector("[data-site] canvas[data-chart=hours]")
    return context, page


def test_an_operations_officer_watches_the_board_update_and_acknowledges(
    browser, live_server, monuments
):
    user = UserFactory(username="truc-ban", password=PASSWORD, groups=[OPERATIONS])
    OperatorScope.objects.create(user=user, all_sites=True)
    silent = Gate.objects.get(name="Đại Nội 1")
    Gate.objects.filter(pk=silent.pk).update(last_seen_at=timezone.now() - timedelta(minutes=9))
    alerts.evaluate()
    context, page = log_in(browser, live_server, "truc-ban")
    try:
        site = page.locator("[data-site]", has_text="Đại Nội")
        assert site.locator("[data-figure=entries]").inner_text() == "40"
        assert page.locator("[data-figure=revenue]").count() == 0  # money is Finance's
        assert "⚠" in site.locator(".ops-refusals-table").text_content()  # 6 forged vs none usual
        assert site.locator("tr[data-state=silent]").count() == 1
        assert page.locator(".ops-alert", has_text="Gate silent").count() == 1
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        check_accessibility(page, "60-operations-board")

        assert page.locator("[data-board-reports] tbody").count() == 0  # no report yet

        # Taps and a visitor's report arrive: the board shows them at its next poll, figures
        # and panels alike, without a reload.
        journal = Journal(silent)
        journal.sequence = 1000  # past what this gate delivered above
        journal.taps(monuments, 5, at=recently())
        VisitorReport.objects.create(
            reference="R" + "1" * 19,
            category="litter",
            text="Rác ở cổng",
            site=silent.site,
            language="vi",
        )
        page.wait_for_function(
            "() => document.querySelector('[data-site] [data-figure=entries]')"
            ".textContent === '45'",
            timeout=30_000,
        )
        page.wait_for_selector("[data-board-reports] tbody th:has-text('Đại Nội')")
        page.get_by_label("Note").first.fill("Kỹ thuật viên đang tới cổng.")
        page.get_by_role("button", name="Acknowledge").first.click()
        page.wait_for_selector(".ops-alert-handled")
        assert "Kỹ thuật viên" in page.locator(".ops-alert-handled").inner_text()
        page.screenshot(path=ARTIFACTS / "61-operations-board-acknowledged.png", full_page=True)
    finally:
        context.close()


def test_finance_sees_revenue_and_a_scoped_operator_sees_one_monument(
    browser, live_server, monuments
):
    UserFactory(username="ke-toan", password=PASSWORD, groups=[FINANCE])
    scoped = UserFactory(username="quan-ly-tu-duc", password=PASSWORD, groups=[OPERATIONS])
    OperatorScope.objects.create(user=scoped).sites.set([Site.objects.get(code="lang-tu-duc")])

    context, page = log_in(browser, live_server, "ke-toan")
    try:
        revenue = page.locator("[data-figure=revenue]")
        assert revenue.count() == 2
        assert re.sub(r"\D", "", revenue.first.inner_text()) == str(40 * 60_000)
        page.screenshot(path=ARTIFACTS / "62-operations-board-finance.png", full_page=True)
    finally:
        context.close()

    context, page = log_in(browser, live_server, "quan-ly-tu-duc")
    try:
        assert [s.inner_text() for s in page.locator("[data-site] h2").all()] == ["Lăng Tự Đức"]
        assert "Đại Nội" not in page.locator("[data-board-sites]").inner_text()
        page.screenshot(path=ARTIFACTS / "63-operations-board-one-site.png", full_page=True)
    finally:
        context.close()
