"""The tourist's card page: number + printed code, rate-limited, then a signed expiring link;
lost cards blocked by the holder or staff and replaced by a ledger transfer."""

import re
import time

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import ModelLogEntry

from heritage_cms.cards import access, ledger, replacement
from heritage_cms.cards.access import check_access_code
from heritage_cms.cards.factories import ProductFactory
from heritage_cms.cards.ingest import TapReport, ingest
from heritage_cms.cards.issuing import issue_card
from heritage_cms.cards.models import Card, CardReplacement, Entitlement, Gate, Product, Transfer
from heritage_cms.core.money import VND
from heritage_cms.payments import books
from heritage_cms.sites.factories import SiteFactory

from .conftest import deliver, start_top_up

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def look_up(client, number, code, ip="203.0.113.7"):
    return client.post("/vi/card/", {"number": number, "code": code}, REMOTE_ADDR=ip)


def test_issuing_sets_an_access_code_that_only_its_hash_remembers(db):
    card = issue_card("9704000000000777", "04AA00000777")
    assert len(card.access_code) == 6 and card.access_code not in card.access_code_hash
    assert check_access_code(card, card.access_code)
    assert check_access_code(card, card.access_code.lower())
    assert not check_access_code(card, "ZZZZZZ") and not check_access_code(None, "ZZZZZZ")


def test_the_right_code_opens_the_card_page_and_a_wrong_one_does_not(client, card):
    assert client.get("/vi/card/").status_code == 200
    wrong = look_up(client, card.number, "ZZZ999")
    assert wrong.status_code == 400
    assert "do not match" in wrong.content.decode() or "không khớp" in wrong.content.decode()
    right = look_up(client, card.number[:4] + " " + card.number[4:], "abc 234")
    assert right.status_code == 302 and right["Location"].startswith("/vi/card/")


class Clock:
    """The card's delay, moved forward without sleeping."""

    def __init__(self, monkeypatch):
        self.now = time.time()
        monkeypatch.setattr(access, "_now", lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += seconds


def test_wrong_codes_from_anyone_slow_the_card_down_but_never_lock_the_owner_out(
    client, card, monkeypatch
):
    clock = Clock(monkeypatch)
    for attempt in range(access.FREE_FAILURES_PER_CARD):
        answer = look_up(client, card.number, f"WRONG{attempt}", ip=f"198.51.100.{attempt}")
        assert answer.status_code == 400
    waits = []
    for attempt in range(6):  # each further failure doubles the wait for the card
        refused = look_up(client, card.number, "ABC234", ip="192.0.2.77")
        assert refused.status_code == 429
        waits.append(int(refused["Retry-After"]))
        clock.advance(waits[-1])
        assert look_up(client, card.number, "NOPE00", ip=f"192.0.2.{attempt}").status_code == 400
    assert waits == [2, 4, 8, 16, 32, 64]
    assert access.delay_after(100) == access.MAX_DELAY == 15 * 60, "capped, not a lock"
    clock.advance(access.delay_after(access.FREE_FAILURES_PER_CARD + 6))
    opened = look_up(client, card.number, "ABC234", ip="192.0.2.77")
    assert opened.status_code == 302, "the owner gets in once the delay has passed"
    assert access.card_wait(card.number) == 0, "a success forgets the failures"


def test_the_signed_link_keeps_working_while_the_card_is_slowed_down(client, card):
    token = access.make_link_token(card)
    for attempt in range(access.FREE_FAILURES_PER_CARD + 1):
        look_up(client, card.number, f"WRONG{attempt}", ip=f"198.51.100.{attempt}")
    assert look_up(client, card.number, "ABC234", ip="192.0.2.1").status_code == 429
    assert client.get(f"/en/card/{token}/").status_code == 200


def test_one_client_guessing_one_card_waits_while_the_owner_elsewhere_gets_in(
    client, card, monkeypatch
):
    clock = Clock(monkeypatch)
    for attempt in range(5):
        assert look_up(client, card.number, f"WRONG{attempt}").status_code == 400
    refused = look_up(client, card.number, "ABC234")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 60
    page = refused.content.decode()
    # /vi/: how long to wait, and that the link still works, in Vietnamese
    assert re.search(r"Vui lòng đợi 1?[0-9] phút", page) and "vẫn dùng được" in page
    clock.advance(access.delay_after(5))
    assert look_up(client, card.number, "ABC234", ip="192.0.2.200").status_code == 302
    assert look_up(client, card.number, "ABC234").status_code == 429, "still waiting"


def test_walking_through_card_numbers_from_one_address_is_stopped(client, card):
    allowed = int(access.PER_CLIENT.split("/")[0])
    for n in range(allowed):
        assert look_up(client, f"97040000{n:08d}", "ABC234").status_code == 400
    assert look_up(client, card.number, "ABC234").status_code == 429
    assert look_up(client, card.number, "ABC234", ip="192.0.2.1").status_code == 302


def test_behind_the_proxy_each_visitor_has_its_own_bucket(client, card, settings):
    """Every request arrives from the proxy's socket; the client is the address the proxy
    appended to X-Forwarded-For, and what the client wrote further left is not trusted."""
    settings.TRUSTED_PROXY_COUNT = 1

    def via_proxy(code, visitor, spoofed=""):
        forwarded = f"{spoofed}, {visitor}" if spoofed else visitor
        return client.post(
            "/vi/card/",
            {"number": card.number, "code": code},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for attempt in range(5):
        assert (
            via_proxy(f"WRONG{attempt}", "203.0.113.50", spoofed=f"1.2.3.{attempt}").status_code
            == 400
        )
    assert via_proxy("ABC234", "203.0.113.50", spoofed="9.9.9.9").status_code == 429
    cache.delete(f"card-lookup:card:{card.number}")  # only the per-client limit remains
    assert via_proxy("ABC234", "203.0.113.51").status_code == 302


def test_a_link_expires_and_a_new_access_code_revokes_old_links(client, card, monkeypatch):
    token = access.make_link_token(card)
    assert client.get(f"/en/card/{token}/").status_code == 200
    assert client.get(f"/en/card/{token[:-2]}xx/").status_code == 404
    time.sleep(1.1)
    assert access.card_from_token(token, max_age=1) is None
    replacement.renew_access_code(card)
    assert client.get(f"/en/card/{token}/").status_code == 404


def test_the_card_page_shows_balance_passes_with_entries_left_and_last_taps(client, sandbox, card):
    payment = start_top_up(card, 500_000)
    sandbox.pay(payment.stripe_session_id)
    deliver(client, sandbox)
    product = ProductFactory(
        code="pass",
        name="Thẻ 3 ngày",
        kind="multi_day",
        sites=["dai-noi", "lang-tu-duc"],
        entries_per_site=2,
        valid_days=3,
        price=VND(580_000),
    )
    today = timezone.localdate()
    entitlement = Entitlement.objects.create(
        card=card, product=product, valid_from=today, valid_until=today
    )
    gate = Gate.objects.create(
        name="Ngọ Môn", site=SiteFactory(code="dai-noi"), fare=VND(200_000), token_hash="t"
    )
    tomb = Gate.objects.create(
        name="Cổng Lăng Tự Đức",
        site=SiteFactory(code="lang-tu-duc"),
        fare=VND(150_000),
        token_hash="u",
    )
    ingest(
        gate,
        [
            TapReport(
                1,
                card.number,
                timezone.now(),
                "entered",
                fare=200_000,
                entitlement_id=entitlement.pk,
            )
        ],
    )
    ingest(tomb, [TapReport(1, card.number, timezone.now(), "entered", fare=150_000)])
    html = client.get(f"/en/card/{access.make_link_token(card)}/").content.decode()
    assert "350.000 ₫" in html  # 500.000 topped up, 150.000 fare taken at the tomb
    # In English the pass reads in English (kind, monuments, entries, days), not the source name.
    assert "Multi-day pass: dai-noi, lang-tu-duc · 2 entries per site · valid 3 days" in html
    assert "Thẻ 3 ngày" not in html and "dai-noi: 1 entry left" in html
    assert "lang-tu-duc: 2 entries left" in html
    assert "Ngọ Môn" in html and "Cổng Lăng Tự Đức" in html


def test_the_holder_blocks_a_lost_card_from_the_page(client, card):
    token = access.make_link_token(card)
    response = client.post(f"/en/card/{token}/", {"action": "block", "confirm": "1"})
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == Card.Status.BLOCKED and "holder" in card.blocked_reason
    assert ModelLogEntry.objects.get(action="heritage.card.blocked").object_id == str(card.pk)
    assert "blocked" in client.get(f"/en/card/{token}/").content.decode()


def test_replacing_a_lost_card_moves_balance_and_passes_by_the_ledger(client, sandbox, card):
    payment = start_top_up(card, 300_000)
    sandbox.pay(payment.stripe_session_id)
    deliver(client, sandbox)
    product = ProductFactory(
        code="dn", name="Đại Nội", kind="single_site", sites=["dai-noi"], price=VND(200_000)
    )
    today = timezone.localdate()
    entitlement = Entitlement.objects.create(
        card=card, product=product, valid_from=today, valid_until=today
    )
    replacement.block_card(card, "Lost at Ngọ Môn")
    new, code = replacement.replace_card(card, "9704000000000888", "04aa00000888", "Lost")
    card.refresh_from_db()
    new.account.refresh_from_db()
    card.account.refresh_from_db()
    assert card.status == Card.Status.REPLACED and card.replaced_by == new
    assert new.balance == VND(300_000) and card.balance == VND(0)
    transfer = Transfer.objects.get(kind="card_replacement")
    assert sorted(e.amount.amount for e in transfer.entries.all()) == [-300_000, 300_000]
    entitlement.refresh_from_db()
    assert entitlement.card == new
    assert check_access_code(new, code) and new.uid == "04AA00000888"
    assert CardReplacement.objects.get().balance_moved == VND(300_000)
    with pytest.raises(replacement.ReplacementError):
        replacement.replace_card(card, "9704000000000999", "04AA00000999", "Again")
    # A top-up begun on the lost card before it was replaced lands on the new one.
    late = start_top_up(new, 100_000)
    late.card = card
    late.save()
    sandbox.pay(late.stripe_session_id)
    deliver(client, sandbox)
    new.account.refresh_from_db()
    assert new.balance == VND(400_000)
    assert ledger.total_of_all_accounts() == VND(0)
    assert books.account(books.PAYMENTS).balance == VND(-400_000)


def test_demo_tickets_gates_and_cards_are_seeded_once(client):
    from heritage_cms.demo.cards import DEMO_CARDS, demo_cards_in_use, seed_cards
    from heritage_cms.demo.seed import SeedReport

    first, second = SeedReport(), SeedReport()
    seed_cards(first)
    seed_cards(second)
    assert second.created == [] and len(Product.objects.all()) == 7
    assert Gate.objects.filter(site__code="dai-noi").get().fare == VND(200_000)
    number, _uid, code, balance, _product = DEMO_CARDS[1]
    assert f"demo card {number} · access code {code}" in first.created
    assert demo_cards_in_use() == [(n, c) for n, _u, c, _b, _p in DEMO_CARDS]
    assert look_up(client, number, code).status_code == 302
    card = Card.objects.get(number=number)
    assert card.balance == VND(balance) and card.entitlements.count() == 1
    assert ledger.total_of_all_accounts() == VND(0)


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "7 Dec 2026"),
        ("fr", "7 déc. 2026"),
        ("vi", "7/12/2026"),
        ("zh-hans", "2026年12月7日"),
        ("ja", "2026年12月7日"),
        ("ko", "2026년 12월 7일"),
    ],
)
def test_dates_on_the_card_page_cannot_be_read_as_another_day(client, card, language, shown):
    from datetime import date

    product = ProductFactory(
        code="combo",
        name="Vé liên tuyến · 联票 · 連携チケット · 통합권",
        kind="combo",
        sites=["dai-noi"],
        price=VND(530_000),
    )
    Entitlement.objects.create(
        card=card, product=product, valid_from=date(2026, 12, 7), valid_until=date(2026, 12, 7)
    )
    html = client.get(f"/{language}/card/{access.make_link_token(card)}/").content.decode()
    assert shown in html
    assert "12/07/2026" not in html and "12/7/2026" not in html
    # The staff's (source-language) name in Vietnamese only; other languages build theirs.
    assert ("Vé liên tuyến · 联票 · 連携チケット · 통합권" in html) == (language == "vi")
