"""Buying a pass on the card page with the value the card already holds: one ledger transfer,
no payment provider, sold once however often the form is sent; names in the visitor's language."""

import re

import pytest
from django.core.cache import cache
from wagtail.models import Locale

from heritage_cms.cards import access, ledger, sales
from heritage_cms.cards.factories import ProductFactory
from heritage_cms.cards.issuing import issue_card
from heritage_cms.cards.models import Entitlement, Product, Transfer
from heritage_cms.core.money import VND
from heritage_cms.sites.factories import SiteFactory
from tests.ledger_credit import credit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def holder(db):
    card = issue_card("9704180200000888", "04AB12CD34EF88", access_code="HUE888")
    return card, f"/{{lang}}/card/{access.make_link_token(card)}/"


@pytest.fixture
def pass_product(monument, en):
    monument.site = SiteFactory(code="lang-minh-mang")
    monument.save()
    for code, title in (
        ("en", "Tomb of Emperor Minh Mạng"),
        ("ja", "ミンマン帝廟"),
        ("ko", "민망 황제릉"),
        ("zh-hans", "明命皇陵"),
    ):
        locale = en if code == "en" else Locale.objects.get_or_create(language_code=code)[0]
        copy = monument.copy_for_translation(locale, copy_parents=True)
        copy.title = title
        copy.save_revision().publish()
    return ProductFactory(
        name="Vé Lăng Minh Mạng, 1 lượt", sites=["lang-minh-mang"], price=VND(150_000), valid_days=1
    )


def purchase_key(page: str, product: Product) -> str:
    block = page[page.index(f'value="{product.pk}"') :]
    return re.search(r'name="purchase_key" value="([0-9a-f]{32})"', block).group(1)


def test_a_holder_whose_balance_covers_the_pass_pays_from_it_without_a_bank_card(
    client, holder, pass_product
):
    card, url = holder
    credit(card, 500_000)
    page = client.get(url.format(lang="en")).content.decode()
    assert "Pay 150.000 ₫ from my balance" in page, "the balance is offered first"
    assert "from my balance" in page and "Pay by bank card instead" in page
    key = purchase_key(page, pass_product)

    form = {"action": "buy_balance", "product": pass_product.pk, "purchase_key": key}
    answer = client.post(url.format(lang="en"), form, follow=True)
    text = answer.content.decode()
    assert (
        "paid from your card&#x27;s balance" in text
        and "nothing was charged to a bank card" in text
    )
    assert "Your card has been credited" not in text
    card.account.refresh_from_db()
    assert card.account.balance == VND(350_000)
    assert Entitlement.objects.filter(card=card, product=pass_product).count() == 1
    transfer = Transfer.objects.get(kind=Transfer.Kind.PASS_SALE)
    assert {
        e.account.name: e.amount.amount for e in transfer.entries.select_related("account")
    } == {
        card.account.name: -150_000,
        sales.PASS_SALES: 150_000,
    }
    assert ledger.total_of_all_accounts() == VND(0)
    assert not card.payments.exists(), "no payment provider was involved"


def test_the_same_form_sent_twice_sells_once(client, holder, pass_product):
    card, url = holder
    credit(card, 500_000)
    key = purchase_key(client.get(url.format(lang="vi")).content.decode(), pass_product)
    form = {"action": "buy_balance", "product": pass_product.pk, "purchase_key": key}
    first = client.post(url.format(lang="vi"), form)
    second = client.post(url.format(lang="vi"), form, follow=True)
    assert first.status_code == 302
    assert "đã được mua" in second.content.decode() or "already bought" in second.content.decode()
    card.account.refresh_from_db()
    assert card.account.balance == VND(350_000)
    assert Entitlement.objects.filter(card=card).count() == 1
    assert Transfer.objects.filter(kind=Transfer.Kind.PASS_SALE).count() == 1
    # A fresh form (a new key) is a new, deliberate purchase.
    again = purchase_key(client.get(url.format(lang="vi")).content.decode(), pass_product)
    client.post(url.format(lang="vi"), {**form, "purchase_key": again})
    assert Entitlement.objects.filter(card=card).count() == 2


def test_a_balance_short_of_the_price_offers_the_difference_and_sells_nothing(
    client, holder, pass_product
):
    card, url = holder
    credit(card, 100_000)
    page = client.get(url.format(lang="en")).content.decode()
    assert (
        "Top up the difference" in page and "50.000" in page.split("Top up the difference")[1][:40]
    )
    assert "from my balance" not in page
    forged = {"action": "buy_balance", "product": pass_product.pk, "purchase_key": "a" * 32}
    answer = client.post(url.format(lang="en"), forged, follow=True)
    assert "does not hold enough" in answer.content.decode()
    card.account.refresh_from_db()
    assert card.account.balance == VND(100_000)
    assert not Entitlement.objects.filter(card=card).exists()


@pytest.mark.parametrize("key", ["", "../../etc", "ZZ" * 16, "a" * 400])
def test_a_missing_or_forged_purchase_key_is_one_clear_line(client, holder, pass_product, key):
    card, url = holder
    credit(card, 500_000)
    form = {"action": "buy_balance", "product": pass_product.pk, "purchase_key": key}
    answer = client.post(url.format(lang="en"), form, follow=True)
    assert answer.status_code == 200 and "reload the page" in answer.content.decode()
    assert not Entitlement.objects.filter(card=card).exists()


def test_an_anonymous_visitor_without_the_card_link_buys_nothing(client, holder, pass_product):
    card, _url = holder
    credit(card, 500_000)
    form = {"action": "buy_balance", "product": pass_product.pk, "purchase_key": "b" * 32}
    assert client.post("/en/card/not-a-token/", form).status_code == 404
    assert client.post("/en/card/", form).status_code in (200, 400)
    assert not Entitlement.objects.exists()
    card.account.refresh_from_db()
    assert card.account.balance == VND(500_000)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Tomb of Emperor Minh Mạng"),
        ("ja", "ミンマン帝廟"),
        ("ko", "민망 황제릉"),
        ("zh-hans", "明命皇陵"),
    ],
)
def test_products_read_in_the_visitors_language_not_the_vietnamese_source(
    client, holder, pass_product, lang, title
):
    card, url = holder
    credit(card, 500_000)
    page = client.get(url.format(lang=lang)).content.decode()
    assert title in page
    assert "Vé Lăng Minh Mạng" not in page
    vietnamese = client.get(url.format(lang="vi")).content.decode()
    assert "Vé Lăng Minh Mạng, 1 lượt" in vietnamese
