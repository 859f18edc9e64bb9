"""The ticket office end to end, as a clerk only in the Ticket office group: the admin page pairs
and drives the desk agent (its own process) which writes a blank emulated card through pcscd +
vpcd; the card is sold with a starting balance, topped up in cash, refunded, and the shift is
counted short: over/short posted, the Z-report PDF downloads. Nothing is mocked."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from wagtail.users.models import UserProfile

from cardreader_service.card import tap
from cardreader_service.emulator import VpcdEmulator
from cardreader_service.keys import MasterKeyStore
from cardreader_service.pcscd import Pcscd, PcscdError, missing_pcsc, port_of
from cardreader_service.virtual_card import DirectLink, VirtualCard, random_uid
from heritage_cms.cards import ledger
from heritage_cms.cards.models import Account, Card
from heritage_cms.core.factories import UserFactory
from heritage_cms.core.money import VND
from heritage_cms.core.roles import TICKET_OFFICE
from heritage_cms.sites.factories import SiteFactory
from heritage_cms.ticketoffice.models import Clerk, Shift, Till
from tests.cardreader_service.desk import DESK_READER, DeskAgentProcess

pytestmark = [pytest.mark.pcsc, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

GATE_KEYS = MasterKeyStore({1: os.urandom(16)})
ISSUER_KEYS = MasterKeyStore({1: os.urandom(16)})


@pytest.fixture(scope="module")
def desk_reader() -> Iterator[str]:
    missing = missing_pcsc()
    if missing:
        pytest.skip(missing)
    service = Pcscd(DESK_READER)
    try:
        service.ensure()
    except PcscdError as error:
        pytest.fail(str(error))
    yield DESK_READER
    service.close()


@pytest.fixture
def clerk_page(browser, live_server, transactional_db):
    site = SiteFactory(code="dai-noi")
    Till.objects.create(site=site, name="Quầy Ngọ Môn")
    user = UserFactory(username="clerk-only", password="ban-ve-ngo-mon", groups=[TICKET_OFFICE])
    Clerk.objects.create(user=user, site=site)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", "clerk-only")
    page.fill("#id_password", "ban-ve-ngo-mon")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    yield page
    context.close()


@pytest.fixture
def agent(tmp_path: Path, live_server, desk_reader) -> Iterator[DeskAgentProcess]:
    process = DeskAgentProcess(
        tmp_path,
        live_server.url,
        f"1 {GATE_KEYS.current.key.hex()}\n",
        f"1 {ISSUER_KEYS.current.key.hex()}\n",
    )
    yield process
    process.stop()


def receipt_total(page) -> str:
    return page.locator("[data-receipt] [data-total]").inner_text()


def test_a_clerk_sells_tops_up_refunds_and_cashes_up(clerk_page, agent, settings):
    page = clerk_page
    page.goto("/admin/ticket-office/")
    page.fill("input[name=opening_float]", "500000")
    page.get_by_role("button", name=re.compile("Open a shift")).click()
    page.wait_for_selector("#desk")
    shift = Shift.objects.get()

    # Pair: the page shows the token once; the clerk pastes it into desk-pair and starts the agent.
    page.locator("[data-pair]").click()
    token = page.locator("[data-pair-token]:not([hidden]) code").inner_text()
    assert len(token) > 30
    agent.pair(token)
    settings.TICKET_OFFICE_DESK_AGENT_URL = agent.start()
    page.reload()
    page.wait_for_selector("[data-agent-state][data-ready=true]")

    # Sell a card with a starting balance: a blank card lies on the desk reader.
    blank = VirtualCard.blank(random_uid())
    sell = page.locator("form[data-sell-card]")
    sell.locator("input[name=top_up]").fill("200000")
    sell.locator("select[name=language]").select_option("vi")
    with VpcdEmulator(blank, port=port_of(DESK_READER)):
        sell.get_by_role("button").click()
        page.wait_for_selector("[data-receipt] [data-access-code]", timeout=60_000)
    number = page.locator("[data-receipt] [data-card-number]").inner_text()
    code = page.locator("[data-receipt] [data-access-code]").inner_text()
    assert re.fullmatch(r"97041803\d{8}", number) and re.fullmatch(r"[A-Z2-9]{6}", code)
    assert page.locator("[data-receipt] article").get_attribute("lang") == "vi"
    card = Card.objects.get(number=number)
    assert card.uid == blank.uid.hex().upper() and card.balance == VND(200_000)
    assert tap(DirectLink(blank), GATE_KEYS).info.card_number == int(number)  # a gate reads it

    # Top up in cash, then refund the whole balance.
    visitor = page.locator("form[data-card-sale]")
    visitor.locator("input[name=card_number]").fill(number)
    visitor.locator("input[name=top_up]").fill("100000")
    visitor.locator("button[value=top_up]").click()
    page.wait_for_function(
        "() => /100\\.000/.test(document.querySelector('[data-receipt] [data-total]')?.innerText)"
    )
    card.account.refresh_from_db()
    assert card.balance == VND(300_000)
    visitor.locator("button[value=refund]").click()
    page.wait_for_function(
        "() => /-300\\.000/.test(document.querySelector('[data-receipt] [data-total]')?.innerText)"
    )
    card.account.refresh_from_db()
    assert card.balance == VND(0)

    # Cash-up: 500 000 float + 200 000 + 100 000 - 300 000 expected; 495 000 counted.
    page.fill("form[data-cash-up] input[name=counted]", "495000")
    page.locator("form[data-cash-up] button").click()
    page.wait_for_selector("[data-difference]")
    assert "-5.000" in page.locator("[data-difference]").inner_text()
    shift.refresh_from_db()
    assert (shift.expected, shift.counted, shift.difference) == (
        VND(500_000),
        VND(495_000),
        VND(-5_000),
    )
    assert Account.objects.get(name="office:over-short:dai-noi").balance == VND(-5_000)
    assert ledger.total_of_all_accounts() == VND(0)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Z-report")).first.click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    # No sale on the closed shift: the desk is gone from the page.
    assert page.locator("form[data-sell-card]").count() == 0
