"""The gate protocol of GATE_PROTOCOL.md, server side: journal ids, content-checked duplicates,
conflicts kept for review, the server's clock in every answer, and gates' clocks bounded."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from heritage_cms.cards import ledger
from heritage_cms.cards.models import GateAnomaly, Tap, Transfer
from heritage_cms.core.money import VND

from .test_gate_api import FARE, acknowledged, balance, gate_client, make_gate, tap, topped_up_card

pytestmark = pytest.mark.django_db
TAPS = "/api/gates/v1/taps"


def journaled(journal_id, seq, card, **kwargs):
    return {**tap(seq, card, **kwargs), "journal_id": journal_id}


def send(client, *taps):
    response = client.post(TAPS, {"taps": list(taps)}, format="json")
    assert response.status_code == 200, response.content
    return acknowledged(response)


def test_a_lost_journal_restarting_at_sequence_one_loses_no_charged_tap():
    gate, token = make_gate()
    card, other = topped_up_card(1_000_000), topped_up_card(1_000_000)
    client = gate_client(token)
    assert send(client, journaled("a1", 1, card), journaled("a1", 2, card))["accepted"] == [1, 2]
    # The disk was replaced: a new journal, numbering again from 1, different visitors.
    answer = send(client, journaled("b2", 1, other), journaled("b2", 2, other))
    assert answer == {"accepted": [1, 2], "duplicates": [], "conflicts": []}
    assert Tap.objects.filter(gate=gate).count() == 4
    assert (balance(card), balance(other)) == (1_000_000 - 2 * FARE, 1_000_000 - 2 * FARE)
    assert Transfer.objects.filter(idempotency_key=f"tap:{gate.pk}:b2:1").exists()
    assert ledger.total_of_all_accounts() == VND(0)


def test_gates_without_journal_ids_keep_their_keys_and_duplicates():
    gate, token = make_gate()
    card = topped_up_card()
    client = gate_client(token)
    first = tap(1, card)
    send(client, first)
    assert send(client, first)["duplicates"] == [1]
    assert Transfer.objects.filter(idempotency_key=f"tap:{gate.pk}:1").count() == 1
    assert Tap.objects.get().journal_id == ""


def test_the_same_key_with_other_content_is_a_conflict_kept_once_for_review():
    gate, token = make_gate()
    card, other = topped_up_card(), topped_up_card()
    client = gate_client(token)
    send(client, journaled("j", 1, card))
    different = journaled("j", 1, other)
    answer = send(client, different)
    assert answer == {"accepted": [], "duplicates": [], "conflicts": [1]}
    assert send(client, different)["conflicts"] == [1], "resent: still a conflict"
    flag = GateAnomaly.objects.get()
    assert (flag.kind, flag.gate, flag.tap) == ("conflicting_duplicate", gate, Tap.objects.get())
    assert flag.detail["reported"]["card_number"] == other.number
    assert flag.detail["reported"]["journal_id"] == "j"
    assert (balance(card), balance(other)) == (500_000 - FARE, 500_000), "nothing charged twice"


def test_a_conflict_inside_one_batch_is_flagged_against_the_tap_it_collides_with():
    _gate, token = make_gate()
    card = topped_up_card()
    answer = send(
        gate_client(token), journaled("j", 7, card), journaled("j", 7, card, decision="refused")
    )
    assert (answer["accepted"], answer["conflicts"]) == ([7], [7])
    assert GateAnomaly.objects.get().tap == Tap.objects.get()


def test_a_tap_from_a_fast_clock_is_stored_at_its_arrival_and_flagged():
    _gate, token = make_gate()
    card = topped_up_card()
    future = journaled("j", 1, card, minutes=-180)  # a gate three hours fast
    client = gate_client(token)
    send(client, future)
    stored = Tap.objects.get()
    assert abs(stored.occurred_at - stored.received_at) < timedelta(seconds=1)
    assert stored.reported_occurred_at == datetime.fromisoformat(future["occurred_at"])
    flag = GateAnomaly.objects.get()
    assert flag.kind == "clock_skew" and flag.tap == stored
    assert flag.detail["reported_occurred_at"] == future["occurred_at"]
    assert send(client, future)["duplicates"] == [1], "compared as the gate reported it"


def test_a_tap_older_than_a_month_is_kept_as_reported_and_flagged():
    _gate, token = make_gate()
    old = journaled("j", 1, topped_up_card(), minutes=60 * 24 * 40)
    send(gate_client(token), old)
    assert Tap.objects.get().occurred_at == datetime.fromisoformat(old["occurred_at"])
    assert GateAnomaly.objects.get().kind == "clock_skew"


def test_heartbeat_takes_the_new_fields_and_answers_time_and_last_sequence():
    gate, token = make_gate()
    card = topped_up_card(2_000_000)
    client = gate_client(token)
    send(client, journaled("old", 9, card), journaled("new", 3, card))
    report = {
        "journal_pending": 0,
        "journal_id": "new",
        "journal_ok": True,
        "oldest_undelivered_age_seconds": None,
        "sync_error": "",
        "clock_offset_ms": -1200,
        "clock_trusted": True,
    }
    response = client.post("/api/gates/v1/heartbeat", report, format="json")
    assert response.status_code == 200
    answer = response.json()
    assert answer["last_sequence"] == 9, "over all the gate's journals"
    assert abs(datetime.fromisoformat(answer["server_time"]) - timezone.now()) < timedelta(1)
    gate.refresh_from_db()
    assert gate.last_report["journal_ok"] is True and gate.last_report["clock_offset_ms"] == -1200
    assert not GateAnomaly.objects.exists(), "a second off is no clock problem"


def test_a_gate_reporting_its_clock_off_by_more_than_a_minute_has_one_open_flag():
    gate, token = make_gate()
    client = gate_client(token)
    for offset in (3 * 3600 * 1000, 3 * 3600 * 1000 + 500, -61_000):
        heartbeat = {"journal_pending": 0, "clock_offset_ms": offset}
        assert client.post("/api/gates/v1/heartbeat", heartbeat, format="json").status_code == 200
    flag = GateAnomaly.objects.get()
    assert (flag.kind, flag.gate, flag.tap) == ("clock_skew", gate, None)
    assert flag.detail["clock_offset_ms"] == 3 * 3600 * 1000
    assert flag.detail["latest_offset_ms"] == -61_000
    GateAnomaly.objects.update(reviewed_at=timezone.now())
    heartbeat = {"journal_pending": 0, "clock_offset_ms": 90_000}
    client.post("/api/gates/v1/heartbeat", heartbeat, format="json")
    assert GateAnomaly.objects.filter(reviewed_at__isnull=True).count() == 1, "still off: anew"


def test_the_snapshot_carries_the_servers_time():
    _gate, token = make_gate()
    snapshot = gate_client(token).get("/api/gates/v1/snapshot").json()
    assert snapshot["server_time"] == snapshot["taken_at"]
