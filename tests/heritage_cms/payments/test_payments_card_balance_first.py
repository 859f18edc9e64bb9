"""Stripe only for what the card cannot pay: the difference as a top-up, then the pass from the
balance; a pass bought by bank card is announced as a pass, never as 'Your card has been
credited'."""

import pytest
from django.core.cache import cache

from heritage_cms.cards import ledger
from heritage_cms.cards.factories import ProductFactory
from heritage_cms.cards.models import Entitlement
from heritage_cms.core.money import VND
from heritage_cms.payments.models import Payment
from tests.ledger_credit import credit

from .conftest import deliver, pay_on_hosted_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def open_card_page(client, card, lang="en") -> str:
    response = client.post(f"/{lang}/card/", {"number": card.number, "code": "ABC234"})
    assert response.status_code == 302
    return response["Location"]


def test_a_pass_bought_by_bank_card_says_it_is_on_the_card_not_credited(client, sandbox, card):
    product = ProductFactory(code="dai-noi-1", name="Vé Đại Nội", sites=["dai-noi"])
    page = open_card_page(client, card)
    response = client.post(page, {"action": "buy", "product": product.pk})
    assert response.status_code == 303
    payment = Payment.objects.get(card=card)
    back = pay_on_hosted_page(payment)
    assert [r.status_code for r in deliver(client, sandbox)] == [200]
    done = client.get(back.replace("http://testserver", "")).content.decode()
    assert "is on your card" in done
    assert "Your card has been credited" not in done and "Vé Đại Nội" not in done


def test_a_short_balance_pays_only_the_difference_by_stripe_then_the_pass_from_the_balance(
    client, sandbox, card
):
    product = ProductFactory(code="combo", name="Vé liên tuyến", sites=["dai-noi"])
    product.price = VND(530_000)
    product.save()
    credit(card, 450_000)
    page = open_card_page(client, card)
    assert "Top up the difference (80.000 ₫)" in client.get(page).content.decode()

    response = client.post(page, {"action": "top_up_difference", "product": product.pk})
    assert response.status_code == 303
    payment = Payment.objects.get(card=card)
    assert payment.kind == Payment.Kind.TOP_UP and payment.amount == VND(80_000)
    back = pay_on_hosted_page(payment)
    assert back.endswith(f"?buy={product.pk}")
    deliver(client, sandbox)
    done = client.get(back.replace("http://testserver", "")).content.decode()
    assert "Your card has been credited" in done, "this payment was a top-up"
    assert "from my balance" in done
    key = done.split('name="purchase_key" value="')[1][:32]
    client.post(page, {"action": "buy_balance", "product": product.pk, "purchase_key": key})
    card.account.refresh_from_db()
    assert card.account.balance == VND(0)
    assert Entitlement.objects.filter(card=card, product=product).count() == 1
    assert Payment.objects.filter(card=card).count() == 1, "Stripe saw only the difference"
    assert ledger.total_of_all_accounts() == VND(0)


def test_a_difference_below_the_top_up_minimum_tops_up_the_minimum(client, sandbox, card):
    product = ProductFactory(code="lang-tu-duc", name="Vé Lăng Tự Đức", sites=["lang-tu-duc"])
    product.price = VND(150_000)
    product.save()
    credit(card, 140_000)
    page = open_card_page(client, card)
    client.post(page, {"action": "top_up_difference", "product": product.pk})
    assert Payment.objects.get(card=card).amount == VND(50_000)
