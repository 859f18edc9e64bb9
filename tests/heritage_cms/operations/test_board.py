"""The board's figures and who sees them: Operations members their monuments, Finance money."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from heritage_cms.core.factories import UserFactory
from heritage_cms.core.roles import CURATORS, OPERATIONS
from heritage_cms.operations import board
from heritage_cms.operations.models import OperatorScope
from heritage_cms.sites.models import Site

from .conftest import FARE, Journal, funded_card, make_gate, recently

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    """Two monuments with a day of taps, and the same weekday a week ago at Đại Nội."""
    card = funded_card(10_000_000)
    at = recently()
    dai_noi = Journal(make_gate("dai-noi", "Ngọ Môn 1", capacity=10))
    exit_ = Journal(make_gate("dai-noi", "Hiển Nhơn", direction="exit"))
    tu_duc = Journal(make_gate("lang-tu-duc", "Vụ Khiêm Môn"))
    dai_noi.taps(card, 9, at=at)
    dai_noi.taps(card, 6, at=at, decision="refused", reason="forged_card")
    dai_noi.taps(card, 4, at=at - timedelta(days=7))
    exit_.taps(card, 2, at=at)
    tu_duc.taps(card, 3, at=at)
    return at


def site_data(data, code):
    return next(site for site in data["sites"] if site["code"] == code)


def test_the_board_counts_inside_entries_refusals_and_compares_with_the_usual(day):
    data = board.board_data(Site.objects.all(), revenue=True, global_alerts=True)
    dai_noi = site_data(data, "dai-noi")
    assert dai_noi["entries_today"] == 9
    assert dai_noi["exits_today"] == 2
    assert dai_noi["inside"] == 7 and dai_noi["capacity"] == 10
    assert dai_noi["occupancy_percent"] == 70
    assert dai_noi["revenue_today"] == 9 * FARE
    hour = timezone.localtime(day).hour
    assert dai_noi["hours"][hour] == {"hour": hour, "today": 9, "usual": 1.0}  # 4 over 4 weeks
    forged = next(r for r in dai_noi["refusals"] if r["reason"] == "forged_card")
    assert forged["today"] == 6 and forged["usual"] == 0 and forged["spike"] is True
    passback = next(r for r in dai_noi["refusals"] if r["reason"] == "passback")
    assert passback == {**passback, "today": 0, "spike": False}
    assert [g["name"] for g in dai_noi["gates"]] == ["Hiển Nhơn", "Ngọ Môn 1"]
    assert site_data(data, "lang-tu-duc")["entries_today"] == 3


def test_gate_states_follow_the_heartbeat_and_the_sites_threshold(day):
    from heritage_cms.cards.models import Gate

    now = timezone.now()
    Gate.objects.filter(name="Ngọ Môn 1").update(
        last_seen_at=now, last_report={"journal_pending": 12, "reader": "unavailable"}
    )
    Gate.objects.filter(name="Hiển Nhơn").update(last_seen_at=now - timedelta(minutes=6))
    Gate.objects.filter(name="Vụ Khiêm Môn").update(last_seen_at=now - timedelta(hours=2))
    with translation.override("en"):
        data = board.board_data(Site.objects.all(), revenue=False, global_alerts=True, now=now)
    gates = {g["name"]: g for s in data["sites"] for g in s["gates"]}
    assert gates["Ngọ Môn 1"]["state"] == "online"
    assert gates["Ngọ Môn 1"]["pending"] == 12
    assert gates["Ngọ Môn 1"]["trouble"] == "reader unavailable"
    assert gates["Hiển Nhơn"]["state"] == "silent"
    assert gates["Vụ Khiêm Môn"]["state"] == "offline"


def test_an_operations_member_sees_no_revenue_and_finance_does(client, day, operator, finance_user):
    client.force_login(operator)
    data = client.get(reverse("operations:board_data")).json()
    assert data["revenue"] is False
    assert all("revenue_today" not in site for site in data["sites"])
    assert {s["code"] for s in data["sites"]} == {"dai-noi", "lang-tu-duc"}

    client.force_login(finance_user)
    data = client.get(reverse("operations:board_data")).json()
    assert site_data(data, "dai-noi")["revenue_today"] == 9 * FARE


def test_an_operator_scoped_to_one_monument_sees_only_it(client, day):
    user = UserFactory(groups=[OPERATIONS])
    OperatorScope.objects.create(user=user).sites.set([Site.objects.get(code="lang-tu-duc")])
    client.force_login(user)
    data = client.get(reverse("operations:board_data")).json()
    assert [s["code"] for s in data["sites"]] == ["lang-tu-duc"]
    page = client.get(reverse("operations:board"))
    assert page.status_code == 200
    assert "dai-noi" not in page.content.decode()


def test_an_operations_member_without_monuments_sees_none(client, day):
    user = UserFactory(groups=[OPERATIONS])
    client.force_login(user)
    assert client.get(reverse("operations:board_data")).json()["sites"] == []


def test_staff_outside_operations_and_finance_are_refused(client, day):
    client.force_login(UserFactory(groups=[CURATORS]))
    response = client.get(reverse("operations:board_data"))
    assert response.status_code == 302 and "/admin/" in response["Location"]
    assert client.get(reverse("operations:board")).status_code == 302


def test_the_board_page_carries_its_data_and_translated_words(client, day, operator):
    client.force_login(operator)
    page = client.get(reverse("operations:board")).content.decode()
    assert 'id="operations-board-data"' in page
    assert 'id="operations-board-text"' in page
    assert "board.js" not in page or "/static/dist/board-" in page
    assert "data-board-reports" in page and "data-board-stops" in page  # the apps beside it
