"""The gate API: each gate authenticates itself; every tap lands once, however it arrives."""

import threading
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from heritage_cms.cards import ledger
from heritage_cms.cards.factories import AccountFactory, CardFactory, ProductFactory
from heritage_cms.cards.models import Account, Card, Gate, Tap
from heritage_cms.core.money import VND
from heritage_cms.sites.factories import SiteFactory

pytestmark = pytest.mark.django_db
FARE = 200_000


def make_gate(site="dai-noi"):
    gate = Gate(name="Ngọ Môn 1", site=SiteFactory(code=site), fare=VND(FARE))
    token = gate.issue_token()
    gate.save()
    return gate, token


def gate_client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Device {token}")
    return client


def topped_up_card(amount=500_000):
    card = CardFactory(account__floor=VND(-Card.OFFLINE_SPENDING_LIMIT))
    payments = AccountFactory(kind=Account.Kind.PAYMENTS)
    ledger.post(
        f"top:{card.number}", "top_up", [(payments, -VND(amount)), (card.account, VND(amount))]
    )
    return card


def tap(seq, card, decision="entered", fare=FARE, minutes=0, reason=""):
    occurred = timezone.now() - timedelta(minutes=minutes)
    return {
        "sequence": seq,
        "card_number": card.number,
        "occurred_at": occurred.isoformat(),
        "decision": decision,
        "reason": reason,
        "fare": fare,
    }


def acknowledged(response) -> dict:
    """The answer's sequence lists; its server_time is a real ISO 8601 UTC time."""
    answer = response.json()
    server_time = datetime.fromisoformat(answer.pop("server_time"))
    assert abs(server_time - timezone.now()) < timedelta(minutes=1)
    assert server_time.utcoffset() == timedelta(0)
    return answer


def balance(card) -> int:
    card.account.refresh_from_db()
    return card.account.balance.amount


def test_a_gate_without_a_valid_token_is_refused():
    _gate, token = make_gate()
    assert APIClient().post("/api/gates/v1/taps", {}, format="json").status_code == 401
    response = gate_client("forged").post("/api/gates/v1/taps", {}, format="json")
    assert response.status_code == 401 and "unknown_or_revoked_gate" in response.content.decode()
    Gate.objects.update(is_active=False)
    assert (
        gate_client(token)
        .post("/api/gates/v1/heartbeat", {"journal_pending": 0}, format="json")
        .status_code
        == 401
    )


def test_a_batch_is_applied_once_however_often_it_is_resent():
    _gate, token = make_gate()
    card = topped_up_card()
    batch = {"taps": [tap(1, card), tap(2, card, decision="refused", fare=0, reason="passback")]}
    first = gate_client(token).post("/api/gates/v1/taps", batch, format="json")
    assert first.status_code == 200
    assert acknowledged(first) == {"accepted": [1, 2], "duplicates": [], "conflicts": []}
    again = gate_client(token).post("/api/gates/v1/taps", batch, format="json")
    assert acknowledged(again) == {"accepted": [], "duplicates": [1, 2], "conflicts": []}
    assert balance(card) == 300_000
    assert Tap.objects.get(sequence=1).settlement == "posted"
    refused = Tap.objects.get(sequence=2)
    assert (refused.decision, refused.reason, refused.settlement) == (
        "refused",
        "passback",
        "no_charge",
    )
    assert ledger.total_of_all_accounts() == VND(0)


def test_a_day_offline_arrives_reordered_and_overlapping_and_lands_exactly_once():
    gate, token = make_gate()
    card = topped_up_card(2_000_000)
    day = [tap(seq, card, minutes=60 * 24 - seq * 30) for seq in range(1, 11)]
    client = gate_client(token)
    client.post("/api/gates/v1/taps", {"taps": day[5:][::-1]}, format="json")
    client.post("/api/gates/v1/taps", {"taps": day[3:8]}, format="json")
    client.post("/api/gates/v1/taps", {"taps": day}, format="json")
    assert Tap.objects.filter(gate=gate).count() == 10
    assert balance(card) == 2_000_000 - 10 * FARE


def test_offline_overspending_within_the_limit_is_recorded_beyond_it_is_flagged():
    _gate, token = make_gate()
    card = topped_up_card(100_000)  # the gate's snapshot allows 200.000 ₫ below zero
    client = gate_client(token)
    client.post("/api/gates/v1/taps", {"taps": [tap(1, card)]}, format="json")
    assert balance(card) == -100_000
    client.post("/api/gates/v1/taps", {"taps": [tap(2, card)]}, format="json")
    assert Tap.objects.get(sequence=2).settlement == "over_floor", "for finance staff to review"
    assert balance(card) == -100_000


def test_a_tap_on_an_unknown_card_is_kept_for_review():
    _gate, token = make_gate()
    stranger = Card(number="9704999999999999")
    gate_client(token).post("/api/gates/v1/taps", {"taps": [tap(1, stranger)]}, format="json")
    assert Tap.objects.get(sequence=1).settlement == "unknown_card"


def test_bad_batches_are_refused_with_reasons():
    _gate, token = make_gate()
    client = gate_client(token)
    assert client.post("/api/gates/v1/taps", {"taps": []}, format="json").status_code == 400
    response = client.post("/api/gates/v1/taps", {"taps": [{"sequence": 0}]}, format="json")
    assert response.status_code == 400 and "sequence" in str(response.json()["taps"])


def test_snapshot_full_and_incremental():
    _gate, token = make_gate()
    quiet = topped_up_card()
    client = gate_client(token)
    full = client.get("/api/gates/v1/snapshot").json()
    assert full["fare"] == FARE and full["site_code"] == "dai-noi"
    assert {c["number"]: c["balance"] for c in full["cards"]} == {quiet.number: 500_000}
    busy = topped_up_card(300_000)
    Card.objects.filter(pk=quiet.pk).update(status=Card.Status.BLOCKED, updated_at=timezone.now())
    later = client.get("/api/gates/v1/snapshot", {"since": full["taken_at"]}).json()
    assert later["incremental"]
    assert {c["number"]: c["status"] for c in later["cards"]} == {
        quiet.number: "blocked",
        busy.number: "active",
    }
    assert client.get("/api/gates/v1/snapshot", {"since": "yesterday"}).status_code == 400


def test_heartbeat_records_what_the_gate_reports():
    gate, token = make_gate()
    response = gate_client(token).post(
        "/api/gates/v1/heartbeat", {"journal_pending": 3, "software_version": "0.1"}, format="json"
    )
    assert response.status_code == 200
    gate.refresh_from_db()
    assert gate.last_report == {"journal_pending": 3, "software_version": "0.1"}
    assert gate.last_seen_at is not None


def test_the_openapi_contract_is_published(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/gates/v1/taps", "/api/gates/v1/heartbeat", "/api/gates/v1/snapshot"):
        assert path in schema
    assert "/api/v2/pages" not in schema
    assert "DeviceToken" in schema and "Authorization" in schema


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_from_many_gates_land_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers: run with DATABASE_URL=postgres://…")
    card = topped_up_card(20_000_000)
    gates = [make_gate() for _ in range(3)]
    batches = {gate.pk: [tap(seq, card) for seq in range(1, 21)] for gate, _token in gates}
    errors: list[BaseException] = []

    def send(token, taps):
        try:
            client = gate_client(token)
            for start in range(0, 20, 5):  # the same taps, in overlapping batches, twice
                client.post("/api/gates/v1/taps", {"taps": taps[start : start + 10]}, format="json")
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(token, batches[gate.pk]))
        for gate, token in gates
        for _copy in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Tap.objects.count() == 60
    assert balance(card) == 20_000_000 - 60 * FARE
    assert ledger.total_of_all_accounts() == VND(0)


def combo_on(card, sites=("dai-noi", "lang-tu-duc"), days=2):
    from heritage_cms.cards.models import Entitlement

    product = ProductFactory(
        code="combo-" + "-".join(sites),
        name="Combo 2 sites",
        kind="combo",
        sites=list(sites),
        valid_days=days,
        price=VND(280_000),
    )
    today = timezone.localdate()
    return Entitlement.objects.create(
        card=card, product=product, valid_from=today, valid_until=today + timedelta(days=days - 1)
    )


def test_the_snapshot_carries_the_entitlements_that_open_this_site():
    _gate, token = make_gate("dai-noi")
    card = topped_up_card()
    combo = combo_on(card)
    elsewhere = combo_on(topped_up_card(), sites=("lang-khai-dinh",))
    snapshot = gate_client(token).get("/api/gates/v1/snapshot").json()
    (entitlement,) = snapshot["entitlements"]
    assert entitlement["id"] == combo.pk and entitlement["card_number"] == card.number
    assert entitlement["remaining"] == {"dai-noi": 1, "lang-tu-duc": 1}
    assert elsewhere.pk not in [e["id"] for e in snapshot["entitlements"]]


def test_an_entry_on_a_ticket_uses_it_once_and_charges_nothing():
    _gate, token = make_gate("dai-noi")
    card = topped_up_card()
    combo = combo_on(card)
    entry = {**tap(1, card, fare=0), "entitlement_id": combo.pk}
    client = gate_client(token)
    client.post("/api/gates/v1/taps", {"taps": [entry]}, format="json")
    client.post("/api/gates/v1/taps", {"taps": [entry]}, format="json")  # resent
    combo.refresh_from_db()
    assert combo.remaining() == {"dai-noi": 0, "lang-tu-duc": 1}
    assert Tap.objects.get().settlement == "entitlement"
    assert balance(card) == 500_000
    again = gate_client(token).get("/api/gates/v1/snapshot").json()
    assert again["entitlements"][0]["remaining"]["dai-noi"] == 0


def test_the_snapshot_carries_the_site_and_gate_rules_a_gate_decides_offline_by(home):
    from heritage_cms.sites.factories import MonumentOpeningHoursFactory, MonumentPageFactory

    monument = MonumentPageFactory(parent=home, site=SiteFactory(code="dai-noi", capacity=500))
    MonumentOpeningHoursFactory(page=monument, first_day=0, last_day=4)
    MonumentOpeningHoursFactory(page=monument, first_day=5, last_day=6, opens="06:30")
    entry, token = make_gate("dai-noi")
    exit_gate, exit_token = make_gate("dai-noi")
    Gate.objects.filter(pk=exit_gate.pk).update(direction="exit", passback_minutes=90)
    card, other = topped_up_card(), topped_up_card()
    client = gate_client(token)
    client.post(
        "/api/gates/v1/taps",
        # Seconds apart, not minutes: occupancy counts today's taps, and just after local
        # midnight taps minutes old would belong to yesterday.
        {"taps": [tap(1, card, minutes=0.3), tap(2, other, minutes=0.2), tap(3, other, "refused")]},
        format="json",
    )
    gate_client(exit_token).post(
        "/api/gates/v1/taps", {"taps": [tap(1, card, fare=0, minutes=0.1)]}, format="json"
    )

    snapshot = client.get("/api/gates/v1/snapshot").json()
    assert snapshot["gate"] == {
        "id": entry.pk,
        "name": entry.name,
        "site_code": "dai-noi",
        "direction": "entry",
        "passback_minutes": 30,
        "fare": FARE,
        "offline_spending_limit": Card.OFFLINE_SPENDING_LIMIT,
        "last_sequence": 3,
    }
    site = snapshot["site"]
    assert (site["timezone"], site["capacity"], site["occupancy"]) == ("Asia/Ho_Chi_Minh", 500, 1)
    assert site["occupancy_date"] == timezone.localdate().isoformat()
    assert [(h["first_day"], h["last_day"], h["opens"]) for h in site["opening_hours"]] == [
        (0, 4, "07:00:00"),
        (5, 6, "06:30:00"),
    ]
    passages = {p["card_number"]: p for p in snapshot["passages"]}
    assert set(passages) == {card.number, other.number}, "refused taps are no passage"
    assert passages[card.number]["last_exit_at"] is not None
    assert passages[other.number]["last_exit_at"] is None
    assert (
        gate_client(exit_token).get("/api/gates/v1/snapshot").json()["gate"]["last_sequence"] == 1
    )


def test_a_site_without_a_monument_has_no_hours_and_no_capacity():
    _gate, token = make_gate("chua-thien-mu")
    site = gate_client(token).get("/api/gates/v1/snapshot").json()["site"]
    assert (site["opening_hours"], site["capacity"], site["occupancy"]) == ([], None, 0)


def test_blocked_cards_and_revoked_tickets_reach_gates_incrementally():
    _gate, token = make_gate("dai-noi")
    card, stolen = topped_up_card(), topped_up_card()
    combo = combo_on(card)
    client = gate_client(token)
    full = client.get("/api/gates/v1/snapshot").json()
    assert full["denylist"] == [] and full["products"][0]["site_codes"] == [
        "dai-noi",
        "lang-tu-duc",
    ]
    stolen.status, stolen.blocked_reason = Card.Status.BLOCKED, "reported stolen"
    stolen.save()
    combo.is_revoked = True
    combo.save()
    later = client.get("/api/gates/v1/snapshot", {"since": full["taken_at"]}).json()
    assert later["denylist"] == [
        {
            "number": stolen.number,
            "uid": stolen.uid,
            "status": "blocked",
            "reason": "reported stolen",
        }
    ]
    assert [(e["id"], e["revoked"]) for e in later["entitlements"]] == [(combo.pk, True)]
    assert client.get("/api/gates/v1/snapshot").json()["entitlements"] == [], "full: live only"


def test_an_expired_ticket_stays_in_the_full_snapshot_for_a_month_so_the_gate_can_say_so():
    _gate, token = make_gate("dai-noi")
    expired = combo_on(topped_up_card())
    long_ago = timezone.localdate() - timedelta(days=40)
    expired.valid_from = expired.valid_until = timezone.localdate() - timedelta(days=3)
    expired.save()
    ancient = combo_on(topped_up_card(), sites=("dai-noi",))
    ancient.valid_from = ancient.valid_until = long_ago
    ancient.save()
    ids = [e["id"] for e in gate_client(token).get("/api/gates/v1/snapshot").json()["entitlements"]]
    assert ids == [expired.pk]


def test_the_snapshot_schema_names_every_part(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parts = schema["components"]["schemas"]
    assert set(parts["Snapshot"]["properties"]) >= {
        "gate",
        "site",
        "cards",
        "denylist",
        "products",
        "entitlements",
        "passages",
    }
    assert "last_sequence" in parts["SnapshotGate"]["properties"]
    assert "opening_hours" in parts["SnapshotSite"]["properties"]
    get = schema["paths"]["/api/gates/v1/snapshot"]["get"]
    assert [p["name"] for p in get["parameters"]] == ["since"]
    assert "server_time" in parts["HeartbeatResult"]["properties"]


def test_the_snapshot_s_card_lists_are_what_their_serializers_write():
    """The full snapshot reads its cards, denylist and entitlements as rows (fast for 20,000
    cards); each row is exactly what the documented serializer writes for the same object."""
    from heritage_cms.cards.api import (
        SnapshotCardSerializer,
        SnapshotDenylistSerializer,
        SnapshotEntitlementSerializer,
        card_rows,
        denylist_rows,
        entitlement_rows,
    )
    from heritage_cms.cards.models import Entitlement

    gate, _token = make_gate()
    active = topped_up_card(250_000)
    blocked = CardFactory(status=Card.Status.BLOCKED, blocked_reason="báo mất · 紛失 · 분실")
    blocked.key_version = 3
    blocked.save()
    combo = ProductFactory(kind="combo", entries_per_site=2, sites=["lang-tu-duc"])
    combo.sites.add(gate.site)
    today = timezone.localdate()
    for card, used, revoked in ((active, {"dai-noi": 1}, False), (blocked, {"dai-noi": 5}, True)):
        Entitlement.objects.create(
            card=card,
            product=combo,
            valid_from=today,
            valid_until=today + timedelta(days=2),
            entries_used=used,
            is_revoked=revoked,
        )
    cards = Card.objects.order_by("pk")
    entitlements = Entitlement.objects.order_by("pk")
    assert card_rows(cards) == SnapshotCardSerializer(cards, many=True).data
    assert denylist_rows(cards) == SnapshotDenylistSerializer(cards, many=True).data
    rows = entitlement_rows(entitlements)
    assert rows == SnapshotEntitlementSerializer(entitlements, many=True).data
    assert rows[0]["remaining"] == {"dai-noi": 1, "lang-tu-duc": 2}
    assert rows[1]["remaining"]["dai-noi"] == 0 and rows[1]["revoked"]


def test_last_seen_is_written_once_in_a_while_not_on_every_request():
    """Each request of a gate no longer commits a write of its own: last seen moves when it is
    more than LAST_SEEN_EVERY old, well within what the board calls online."""
    from heritage_cms.cards.models import LAST_SEEN_EVERY, ONLINE_WITHIN

    gate, token = make_gate()
    client = gate_client(token)
    heartbeat = {"journal_pending": 0, "software_version": "0.1"}
    assert client.post("/api/gates/v1/heartbeat", heartbeat, format="json").status_code == 200
    gate.refresh_from_db()
    first = gate.last_seen_at
    assert client.post("/api/gates/v1/heartbeat", heartbeat, format="json").status_code == 200
    gate.refresh_from_db()
    assert gate.last_seen_at == first
    earlier = timezone.now() - LAST_SEEN_EVERY - timedelta(seconds=1)
    Gate.objects.filter(pk=gate.pk).update(last_seen_at=earlier)
    assert client.post("/api/gates/v1/heartbeat", heartbeat, format="json").status_code == 200
    gate.refresh_from_db()
    assert gate.last_seen_at > earlier + LAST_SEEN_EVERY
    assert LAST_SEEN_EVERY * 4 <= ONLINE_WITHIN
