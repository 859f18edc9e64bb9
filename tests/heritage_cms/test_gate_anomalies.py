"""The server checks what gates report against its own fares and products (issue #12 item 4):
the gate's decision is stored as made, settled by the server's rules, and every difference is
flagged for Finance, who alone see the flags."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from heritage_cms.cards import ledger
from heritage_cms.cards.models import Gate, GateAnomaly, Tap
from heritage_cms.core.money import VND

from .test_gate_api import FARE, balance, combo_on, gate_client, make_gate, tap, topped_up_card

pytestmark = pytest.mark.django_db


def deliver(token, *taps):
    response = gate_client(token).post("/api/gates/v1/taps", {"taps": list(taps)}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_fare_above_the_gates_configured_fare_is_charged_at_the_servers_fare_and_flagged():
    _gate, token = make_gate()
    card = topped_up_card(1_000_000)
    deliver(token, tap(1, card, fare=3 * FARE))
    stored = Tap.objects.get()
    assert (stored.reported_fare, stored.fare, stored.settlement) == (
        VND(3 * FARE),
        VND(FARE),
        "posted",
    )
    assert balance(card) == 1_000_000 - FARE
    flag = GateAnomaly.objects.get()
    assert (flag.kind, flag.tap, flag.detail["server_fare"]) == ("fare_mismatch", stored, FARE)
    assert flag.detail["reported"]["fare"] == 3 * FARE
    assert ledger.total_of_all_accounts() == VND(0)


def test_an_entry_on_a_pass_that_does_not_cover_the_site_is_charged_the_fare_not_the_pass():
    _gate, token = make_gate("dai-noi")
    card = topped_up_card()
    elsewhere = combo_on(card, sites=("lang-khai-dinh",))
    deliver(token, {**tap(1, card, fare=0), "entitlement_id": elsewhere.pk})
    stored = Tap.objects.get()
    assert stored.entitlement is None and stored.reported_entitlement_id == elsewhere.pk
    assert (stored.fare, stored.settlement) == (VND(FARE), "posted")
    assert balance(card) == 500_000 - FARE
    elsewhere.refresh_from_db()
    assert elsewhere.entries_used == {}, "nothing used on a pass that does not open this site"
    flag = GateAnomaly.objects.get()
    assert (flag.kind, flag.detail["charged"]) == ("not_covered", FARE)


@pytest.mark.parametrize("whose", ["nobody", "another card"])
def test_an_entry_on_a_pass_the_server_does_not_know_on_this_card_is_flagged(whose):
    _gate, token = make_gate("dai-noi")
    card = topped_up_card()
    ticket = 10**9 if whose == "nobody" else combo_on(topped_up_card()).pk
    deliver(token, {**tap(1, card, fare=0), "entitlement_id": ticket})
    assert Tap.objects.get().settlement == "posted" and balance(card) == 500_000 - FARE
    assert GateAnomaly.objects.get().kind == "unknown_entitlement"


def test_exits_and_refusals_charge_nothing_whatever_the_gate_says():
    exit_gate, token = make_gate()
    Gate.objects.filter(pk=exit_gate.pk).update(direction="exit")
    card = topped_up_card()
    deliver(token, tap(1, card), tap(2, card, decision="refused"))
    assert [t.fare for t in Tap.objects.order_by("sequence")] == [VND(0), VND(0)]
    assert balance(card) == 500_000
    assert GateAnomaly.objects.filter(kind="fare_mismatch").count() == 2


def test_taps_the_server_agrees_with_raise_no_flag():
    _gate, token = make_gate("dai-noi")
    card = topped_up_card()
    combo = combo_on(card)
    deliver(
        token,
        tap(1, card),
        {**tap(2, card, fare=0), "entitlement_id": combo.pk},
        tap(3, card, decision="refused", fare=0, reason="passback"),
    )
    assert not GateAnomaly.objects.exists()


def test_checking_a_batch_costs_no_query_per_tap():
    _gate, token = make_gate("dai-noi")
    cards = [topped_up_card(5_000_000) for _ in range(3)]
    elsewhere = combo_on(cards[0], sites=("lang-khai-dinh",))

    def wrong(start, count):
        return [
            {**tap(seq, cards[seq % 3], fare=7 * FARE), "entitlement_id": elsewhere.pk}
            if seq % 2
            else tap(seq, cards[seq % 3], fare=7 * FARE, minutes=-600)
            for seq in range(start, start + count)
        ]

    deliver(token, *wrong(1, 2))  # the site's revenue account is created on the first batch
    with CaptureQueriesContext(connection) as small:
        deliver(token, *wrong(10, 4))
    with CaptureQueriesContext(connection) as large:
        deliver(token, *wrong(100, 60))
    assert GateAnomaly.objects.count() > 60
    assert len(large.captured_queries) == len(small.captured_queries)


ANOMALIES = "/admin/snippets/cards/gateanomaly/"


def flagged_tap():
    _gate, token = make_gate()
    deliver(token, tap(1, topped_up_card(), fare=3 * FARE))
    return GateAnomaly.objects.get()


def test_finance_sees_the_flags_and_marks_them_reviewed(client):
    from heritage_cms.core.factories import UserFactory
    from heritage_cms.core.roles import FINANCE

    flag = flagged_tap()
    finance = UserFactory(groups=[FINANCE])
    client.force_login(finance)
    listing = client.get(ANOMALIES)
    assert listing.status_code == 200
    # Finance reads the admin in the platform's language, Vietnamese unless they chose another.
    assert "Số tiền khác với máy chủ" in listing.content.decode()
    assert ANOMALIES in client.get("/admin/").content.decode(), "in Finance's menu"
    edit = client.post(
        f"{ANOMALIES}edit/{flag.pk}/",
        {"reviewed_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"), "note": "Hoàn 400.000 ₫"},
    )
    assert edit.status_code == 302, edit.content.decode()[:2000]
    flag.refresh_from_db()
    assert (flag.reviewed_by, flag.note) == (finance, "Hoàn 400.000 ₫")


def test_other_staff_neither_see_nor_open_the_flags(client, curator, moderator):
    flagged_tap()
    for user in (curator, moderator):
        client.force_login(user)
        assert ANOMALIES not in client.get("/admin/").content.decode()
        response = client.get(ANOMALIES)
        assert response.status_code in (302, 403)
        assert "Fare differs" not in response.content.decode()
