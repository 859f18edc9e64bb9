"""A visitor with no heritage card buys a combo for two adults and a child on their phone,
pays on the TEST MODE Stripe sandbox, and sees three QR codes that a scanner reads and our
public key verifies — in the Vietnamese shop and the English checkout."""

import re
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from heritage_cms.cards.factories import ProductFactory
from heritage_cms.cards.models import Product
from heritage_cms.core.money import VND
from heritage_cms.tickets import signing
from heritage_cms.tickets.models import TicketFare

from .conftest import ARTIFACTS, check_accessibility

pytestmark = pytest.mark.slow


@pytest.fixture
def combo(transactional_db):
    product = ProductFactory(
        code="combo-hue",
        name="Vé liên tuyến Đại Nội – Lăng Tự Đức",
        kind=Product.Kind.COMBO,
        sites=["dai-noi", "lang-tu-duc"],
        valid_days=2,
        price=VND(200_000),
    )
    TicketFare.objects.create(
        product=product, fare_type="adult", name="Người lớn / Adult", price=VND(200_000)
    )
    TicketFare.objects.create(
        product=product, fare_type="child", name="Trẻ em / Child", price=VND(40_000), sort_order=1
    )
    return product


def test_a_visitor_without_a_card_buys_a_combo_and_sees_three_qr_codes(phone, sandbox, combo, home):
    page = phone.new_page()
    page.goto("/vi/tickets/")
    assert page.locator("html").get_attribute("lang") == "vi"
    check_accessibility(page, "60-tickets-shop-vi")
    page.get_by_role("link", name=re.compile("Vé liên tuyến")).click()
    page.wait_for_url(re.compile(r"/vi/tickets/buy/combo-hue/"))

    page.goto("/en/tickets/buy/combo-hue/")
    check_accessibility(page, "61-tickets-buy-en")
    visit = timezone.localdate() + timedelta(days=1)
    page.get_by_label(re.compile("first day", re.I)).fill(visit.isoformat())
    page.get_by_label(re.compile("Adult")).fill("2")
    page.get_by_label(re.compile("Child")).fill("1")
    page.get_by_role("button", name=re.compile("pay", re.I)).click()
    page.wait_for_url(f"{sandbox.url}/**")
    assert "TEST MODE" in page.content() and "440" in page.content().replace(".", "")
    page.get_by_role("button", name=re.compile("pay", re.I)).first.click()

    # Back on the platform: "processing" until the signed webhook lands, then one QR a visitor.
    page.wait_for_url(re.compile(r"/en/tickets/orders/"))
    page.wait_for_selector("svg.ticket-qr >> nth=2", timeout=60_000)
    codes = page.locator("svg.ticket-qr")
    assert codes.count() == 3
    check_accessibility(page, "62-tickets-order-en")

    keys = signing.public_keys()
    fares = []
    for index in range(3):
        picture = ARTIFACTS / f"63-ticket-qr-{index}.png"
        codes.nth(index).screenshot(path=picture)
        read = subprocess.run(
            ["zbarimg", "--quiet", "--raw", str(picture)],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.strip()
        claim = signing.verify(read, keys)
        assert claim.product == "combo-hue" and claim.valid_from == visit
        fares.append(claim.fare_type)
    assert sorted(fares) == ["adult", "adult", "child"]

    # Each ticket's own page: the QR inline, nothing fetched, so it opens offline once kept
    # (the site's service worker, registered by the order page, keeps the pages it has shown).
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.get_by_role("link", name=re.compile("own page", re.I)).first.click()
    page.wait_for_selector("svg.ticket-qr")
    assert [url for url in requests if "/tickets/orders/" not in url] == []
    code = page.locator(".ticket-code").inner_text()
    page.wait_for_timeout(500)  # the worker stores the copy after answering
    phone.set_offline(True)
    page.reload()
    page.wait_for_selector("svg.ticket-qr")
    assert page.locator(".ticket-code").inner_text() == code
    phone.set_offline(False)
