"""The proof: 50 gates across the monuments deliver a simulated day through the gate API; the
board shows exactly what they delivered; silencing one gate raises exactly one alert and
acknowledging it takes it off the open list."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from benchmarks.operations_board.fleet import FleetGate, simulate
from heritage_cms.cards.models import Card, Gate, Tap
from heritage_cms.core.money import VND
from heritage_cms.operations import alerts
from heritage_cms.operations.models import Alert
from heritage_cms.sites.factories import SiteFactory

from .conftest import funded_card

pytestmark = [pytest.mark.slow]
SITES = ["dai-noi", "lang-minh-mang", "lang-tu-duc", "lang-khai-dinh", "chua-thien-mu"]


@pytest.fixture
def fleet(transactional_db):
    gates = []
    for index in range(50):
        site = SiteFactory(code=SITES[index % len(SITES)])
        direction = "exit" if index % 5 == 4 else "entry"
        gate = Gate(name=f"Cổng {index + 1:02d}", site=site, fare=VND(40_000), direction=direction)
        token = gate.issue_token()
        gate.save()
        gates.append(FleetGate(token, site.code, direction, 40_000))
    return gates


def test_fifty_gates_deliver_a_day_and_the_board_shows_it(live_server, fleet, client, operator):
    cards = [funded_card(50_000_000).number for _ in range(20)]
    now = timezone.now()
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(now), datetime.min.time()))
    start = max(midnight, now - timedelta(hours=10))
    delivered = simulate(
        live_server.url,
        fleet,
        cards,
        start,
        now - timedelta(seconds=30),
        taps_per_gate=60,
        concurrency=8,
    )
    assert Tap.objects.count() == 50 * 60  # every tap once, resends recognised

    client.force_login(operator)
    data = client.get(reverse("operations:board_data")).json()
    shown = {site["code"]: site for site in data["sites"]}
    for code, figures in delivered.items():
        site = shown[code]
        assert site["entries_today"] == figures.entries, code
        assert site["exits_today"] == figures.exits, code
        assert site["inside"] == max(figures.entries - figures.exits, 0)
        refused = {r["reason"]: r["today"] for r in site["refusals"]}
        assert {k: v for k, v in refused.items() if v} == dict(figures.refusals), code
        assert all(gate["state"] == "online" for gate in site["gates"])
    assert sum(site["entries_today"] for site in data["sites"]) == sum(
        f.entries for f in delivered.values()
    )
    assert Card.objects.count() == 20

    alerts.evaluate()  # whatever the day itself raised (refusal rates) opens now
    before = set(Alert.objects.values_list("pk", flat=True))
    silent = Gate.objects.get(name="Cổng 07")
    Gate.objects.filter(pk=silent.pk).update(last_seen_at=timezone.now() - timedelta(minutes=6))
    for _ in range(3):
        alerts.evaluate()
    raised = Alert.objects.exclude(pk__in=before)
    assert [(a.rule, a.subject) for a in raised] == [("gate_silent", f"gate:{silent.pk}")]

    alert = raised.get()
    client.post(reverse("operations:acknowledge", args=[alert.pk]), {"note": "Đang kiểm tra"})
    shown = {a["id"]: a for a in client.get(reverse("operations:board_data")).json()["alerts"]}
    assert shown[alert.pk]["acknowledged_by"] == "Trần Thị Hoa"
    Gate.objects.filter(pk=silent.pk).update(last_seen_at=timezone.now())  # it speaks again
    alerts.evaluate()
    assert Alert.objects.get(pk=alert.pk).closed_at is not None
