"""Top-ups and purchases: tourist's page → Stripe Checkout (sandbox) → webhook → ledger, once."""

import re
import time

import pytest
import requests
import stripe
from django.core.cache import cache

from heritage_cms.cards import ledger
from heritage_cms.cards.factories import ProductFactory
from heritage_cms.cards.models import Card, Transfer
from heritage_cms.core.money import VND
from heritage_cms.payments import books, checkout, gateway
from heritage_cms.payments.models import Payment, WebhookEvent

from .conftest import deliver, new_card, pay_on_hosted_page, start_top_up

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def open_card_page(client, card, code="ABC234", lang="en") -> str:
    response = client.post(f"/{lang}/card/", {"number": card.number, "code": code})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def test_a_top_up_from_the_card_page_is_credited_by_the_webhook_not_the_return(
    client, sandbox, card
):
    page = open_card_page(client, card)
    assert page.startswith("/en/card/")
    response = client.post(page, {"action": "top_up", "preset": "200000"})
    assert response.status_code == 303
    payment = Payment.objects.get(card=card)
    assert response["Location"] == payment.checkout_url
    assert payment.status == Payment.Status.OPEN and payment.kind == Payment.Kind.TOP_UP

    # The sandbox saw whole đồng (VND is zero-decimal) and our idempotency key.
    session = sandbox.sessions[payment.stripe_session_id]
    assert session["amount_total"] == 200_000 and session["currency"] == "vnd"
    assert session["client_reference_id"] == str(payment.reference)
    assert ("POST", "/v1/checkout/sessions", f"checkout:{payment.reference}") in sandbox.requests

    back = pay_on_hosted_page(payment)
    assert back.startswith("http://testserver/en/card/") and str(payment.reference) in back

    # The browser comes back before the webhook: "processing", and nothing credited.
    done = client.get(back.removeprefix("http://testserver"))
    assert done.status_code == 200
    html = done.content.decode()
    assert "Processing your payment" in html and 'http-equiv="refresh"' in html
    assert f"/payments/status/{payment.reference}.json?lang=en" in html  # polls in its language
    assert client.get(f"/payments/status/{payment.reference}.json?lang=en").json() == {
        "reference": str(payment.reference),
        "status": "open",
        "final": False,
        "label": "Waiting for the payer",
        "amount": 200_000,
    }
    vietnamese = client.get(f"/payments/status/{payment.reference}.json?lang=vi").json()
    assert vietnamese["label"] != "Waiting for the payer"
    card.account.refresh_from_db()
    assert card.balance == VND(0), "the return page must never credit"

    [answer] = deliver(client, sandbox)
    assert answer.status_code == 200 and answer.content == b"credited"
    card.account.refresh_from_db()
    assert card.balance == VND(200_000)
    assert client.get(f"/payments/status/{payment.reference}.json").json()["final"] is True
    done = client.get(back.removeprefix("http://testserver")).content.decode()
    assert "Paid. Your card has been credited." in done and "refresh" not in done
    assert books.account(books.PAYMENTS).balance == VND(-200_000)
    assert ledger.total_of_all_accounts() == VND(0)
    assert Transfer.objects.get(idempotency_key=f"payment:{payment.reference}").kind == "top_up"


def test_buying_a_pass_puts_it_on_the_card_and_the_price_in_pass_sales(client, sandbox, card):
    product = ProductFactory(
        code="combo-3",
        name="Combo",
        kind="combo",
        sites=["dai-noi", "lang-minh-mang", "lang-khai-dinh"],
        valid_days=2,
        price=VND(420_000),
    )
    page = open_card_page(client, card)
    assert "Combo" in client.get(page).content.decode()
    response = client.post(page, {"action": "buy", "product": product.pk})
    assert response.status_code == 303
    payment = Payment.objects.get(card=card)
    pay_on_hosted_page(payment)
    assert [r.status_code for r in deliver(client, sandbox)] == [200]
    payment.refresh_from_db()
    entitlement = payment.entitlement
    assert entitlement.card == card and entitlement.product == product
    assert (entitlement.valid_until - entitlement.valid_from).days == 1
    card.account.refresh_from_db()
    assert card.balance == VND(0), "a pass is not stored value"
    assert books.account(books.PASS_SALES).balance == VND(420_000)
    assert ledger.total_of_all_accounts() == VND(0)
    html = client.get(page).content.decode()
    assert "Combo" in html and "1 entry left" in html


def test_amounts_outside_the_limits_and_blocked_cards_open_no_session(client, sandbox, card):
    page = open_card_page(client, card)
    too_small = client.post(page, {"action": "top_up", "custom": "1000"})
    assert too_small.status_code == 200 and Payment.objects.count() == 0
    with pytest.raises(checkout.CheckoutError, match="between"):
        start_top_up(card, checkout.TOP_UP_MAX + 1)
    card.status = Card.Status.BLOCKED
    card.save()
    with pytest.raises(checkout.CheckoutError, match="blocked"):
        start_top_up(card, 100_000)
    assert Payment.objects.count() == 0 and sandbox.sessions == {}


def test_a_stripe_error_is_reported_and_nothing_is_charged(settings, sandbox, card):
    settings.STRIPE_SECRET_KEY = "sk_test_wrong"
    with pytest.raises(checkout.CheckoutError, match="not available"):
        start_top_up(card, 100_000)
    assert Payment.objects.get().status == Payment.Status.FAILED
    assert sandbox.sessions == {}


def test_the_sandbox_replays_an_idempotency_key_like_stripe(sandbox, card):
    params = dict(
        reference="r1",
        amount=150_000,
        name="Top-up",
        success_url="http://testserver/ok",
        cancel_url="http://testserver/no",
        locale="vi",
        metadata={},
    )
    first = gateway.create_checkout_session(idempotency_key="k1", **params)
    again = gateway.create_checkout_session(idempotency_key="k1", **params)
    assert again.id == first.id and len(sandbox.sessions) == 1
    with pytest.raises(stripe.IdempotencyError):
        gateway.create_checkout_session(idempotency_key="k1", **{**params, "amount": 1})
    with pytest.raises(stripe.InvalidRequestError) as missing:
        gateway.retrieve_checkout_session("cs_test_nope")
    assert missing.value.code == "resource_missing" and missing.value.http_status == 404
    assert gateway.retrieve_checkout_session(first.id).amount_total == 150_000


def test_cancelling_on_the_checkout_page_credits_nothing(client, sandbox, card):
    page = open_card_page(client, card)
    client.post(page, {"action": "top_up", "preset": "100000"})
    payment = Payment.objects.get()
    back = pay_on_hosted_page(payment, action="cancel")
    assert "cancelled=" in back
    assert (
        "nothing was charged" in client.get(back.removeprefix("http://testserver")).content.decode()
    )
    assert sandbox.outbox == [] and not WebhookEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_sandbox_posts_signed_webhooks_to_the_running_platform(live_server, settings):
    """End to end over HTTP: the demo's path, with the sandbox delivering webhooks itself."""
    from heritage_cms.demo.stripe_sandbox import serving

    with serving(settings, webhook_url=f"{live_server.url}/payments/stripe/webhook/") as server:
        card = new_card()
        browser = requests.Session()
        form = browser.get(f"{live_server.url}/en/card/", timeout=5)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        page = browser.post(
            f"{live_server.url}/en/card/",
            {"number": card.number, "code": "abc-234", "csrfmiddlewaretoken": token},
            headers={"Referer": f"{live_server.url}/en/card/"},
            timeout=5,
        )
        assert page.status_code == 200 and "Balance" in page.text, page.text[:300]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        checkout_page = browser.post(
            page.url,
            {"action": "top_up", "preset": "500000", "csrfmiddlewaretoken": token},
            headers={"Referer": page.url},
            timeout=5,
        )
        assert "TEST MODE" in checkout_page.text and checkout_page.url.startswith(server.url)
        done = browser.post(checkout_page.url, {"action": "pay"}, timeout=5)
        assert done.url.startswith(live_server.url)
        for _ in range(50):
            card.account.refresh_from_db()
            if card.balance == VND(500_000):
                break
            time.sleep(0.1)
        assert card.balance == VND(500_000)
        assert WebhookEvent.objects.get().outcome == "credited"
        assert "credited" in browser.get(done.url, timeout=5).text
