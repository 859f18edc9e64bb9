"""The card in the tourist's hand, in the phone's browser: open it with the printed code, top up
through the TEST MODE Stripe sandbox, come back to "processing" and see the balance once the
signed webhook has landed — and axe-core finds nothing on the way."""

import re

import pytest

from heritage_cms.cards.issuing import issue_card

from .conftest import check_accessibility

pytestmark = pytest.mark.slow


def test_a_tourist_opens_their_card_and_tops_it_up(phone, sandbox, transactional_db, home):
    card = issue_card("9704180200000777", "04AB12CD34EF56", access_code="HUE777")
    page = phone.new_page()
    page.goto("/en/card/")
    check_accessibility(page, "20-card-lookup")
    page.get_by_label(re.compile("card number", re.I)).fill(card.number)
    page.get_by_label(re.compile("access code", re.I)).fill("hue 777")  # as typed from the card
    page.get_by_role("button", name=re.compile("open my card", re.I)).click()
    page.wait_for_selector("[data-balance]")
    assert re.sub(r"\D", "", page.locator("[data-balance]").inner_text()) == "0"
    check_accessibility(page, "21-card")

    page.locator("input[name=preset][value='200000']").check()
    page.get_by_role("button", name=re.compile("pay by card", re.I)).click()
    page.wait_for_url(f"{sandbox.url}/**")
    assert "TEST MODE" in page.content()
    page.get_by_role("button", name=re.compile("pay", re.I)).first.click()

    # Back on the platform: "processing" until the webhook lands, then the credited balance.
    page.wait_for_url(re.compile(r"/en/card/.+/payments/"))
    page.wait_for_function(
        "() => /credited|added|200[.,]000/i.test(document.body.innerText)", timeout=20_000
    )
    check_accessibility(page, "22-card-payment-done")
    card.account.refresh_from_db()
    assert card.balance.amount == 200_000
    page.goto(page.url.split("/payments/")[0] + "/")
    assert re.sub(r"\D", "", page.locator("[data-balance]").inner_text()) == "200000"
