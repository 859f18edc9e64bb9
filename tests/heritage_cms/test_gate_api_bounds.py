"""Issue #12 item 8: nothing a gate sends makes a 500; every integer is bounded below what its
column holds and every time must be a real one, each refusal a 400 naming the field."""

import pytest

from .test_gate_api import gate_client, make_gate, tap, topped_up_card

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "since",
    [
        "2026-12-01T10:00:00+20:00",  # beyond the widest offset in use
        "2026-12-01T10:00:00-15:30",
        "2026-13-01T10:00:00+07:00",  # month 13
        "2026-02-30T10:00:00+07:00",
        "0001-01-01T00:00:00+14:00",  # before the first representable UTC time
        "9999-12-31T23:59:59-14:00",  # after the last
        "2026-12-01T10:00:00",  # no offset
        "yesterday",
    ],
)
def test_snapshot_since_out_of_range_is_a_400(since):
    _gate, token = make_gate()
    response = gate_client(token).get("/api/gates/v1/snapshot", {"since": since})
    assert response.status_code == 400 and "since" in response.json()


def test_snapshot_since_at_the_widest_real_offsets_is_fine():
    _gate, token = make_gate()
    for since in ("2026-12-01T10:00:00+14:00", "2026-12-01T10:00:00-12:00"):
        response = gate_client(token).get("/api/gates/v1/snapshot", {"since": since})
        assert response.status_code == 200 and response.json()["incremental"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sequence", 2**63),
        ("sequence", 2**53),
        ("sequence", 10**40),
        ("fare", 2**63),
        ("fare", 10**12 + 1),
        ("entitlement_id", 2**63),
        ("occurred_at", "2026-12-01T10:00:00+20:00"),
        ("occurred_at", "2026-13-01T10:00:00+07:00"),
        ("occurred_at", "0001-01-01T00:00:00+01:00"),
        ("journal_id", "../../etc"),
        ("journal_id", "j" * 65),
        ("card_number", "9704\x00"),
    ],
)
def test_tap_fields_out_of_range_are_a_400_naming_the_field(field, value):
    _gate, token = make_gate()
    bad = {**tap(1, topped_up_card()), field: value}
    response = gate_client(token).post("/api/gates/v1/taps", {"taps": [bad]}, format="json")
    assert response.status_code == 400
    assert field in str(response.json()["taps"])


def test_the_largest_values_the_protocol_allows_are_stored():
    _gate, token = make_gate()
    card = topped_up_card()
    biggest = {
        **tap(2**53 - 1, card, fare=10**12),
        "entitlement_id": 2**63 - 1,
        "journal_id": "J_-9" * 16,
    }
    response = gate_client(token).post("/api/gates/v1/taps", {"taps": [biggest]}, format="json")
    assert response.status_code == 200 and response.json()["accepted"] == [2**53 - 1]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("journal_pending", 2**63),
        ("last_sequence", 2**64),
        ("clock_offset_ms", 10**10 + 1),
        ("clock_offset_ms", -(10**10) - 1),
        ("oldest_undelivered_age_seconds", -1),
        ("sync_error", "x" * 201),
    ],
)
def test_heartbeat_fields_out_of_range_are_a_400(field, value):
    _gate, token = make_gate()
    report = {"journal_pending": 0, field: value}
    response = gate_client(token).post("/api/gates/v1/heartbeat", report, format="json")
    assert response.status_code == 400 and field in response.json()


def test_a_body_that_is_not_json_is_refused_not_crashed():
    _gate, token = make_gate()
    client = gate_client(token)
    broken = client.post("/api/gates/v1/taps", "{taps: [", content_type="application/json")
    assert broken.status_code == 400
    form = client.post("/api/gates/v1/taps", {"taps": "1"})  # multipart: not what gates send
    assert form.status_code == 415
