"""The gate's decision rules, one at a time, on the pure function the daemon runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from cardreader_service.decision import REASONS, LocalCardState, Occupancy, decide
from cardreader_service.errors import CardError
from cardreader_service.snapshot import Snapshot, SnapshotError, SnapshotStore

from .snapshots import FARE, LIMIT, NOW, NUMBER, TODAY, UID, card, payload, read, ticket

NOBODY = LocalCardState()
EMPTY = Occupancy()


def snap(**options: object) -> Snapshot:
    return Snapshot.from_payload(payload(**options))  # type: ignore[arg-type]


def test_a_valid_ticket_is_used_before_stored_value() -> None:
    decision = decide(read(), snap(entitlements=[ticket(id=3)]), NOBODY, EMPTY, NOW)
    assert (decision.entered, decision.basis, decision.fare, decision.entitlement_id) == (
        True,
        "entitlement",
        0,
        3,
    )
    assert decision.card_number == NUMBER and decision.uid == UID


def test_the_ticket_ending_soonest_is_used_first() -> None:
    combo = ticket(id=1, sites=("dai-noi", "lang-tu-duc"), valid_until=TODAY + timedelta(days=2))
    single = ticket(id=2)
    assert (
        decide(read(), snap(entitlements=[combo, single]), NOBODY, EMPTY, NOW).entitlement_id == 2
    )


def test_entries_used_on_this_gate_since_the_snapshot_count_against_the_ticket() -> None:
    snapshot = snap(entitlements=[ticket(id=4, left=2)])
    once = LocalCardState(uses={4: 1})
    assert decide(read(), snapshot, once, EMPTY, NOW).entitlement_id == 4
    twice = LocalCardState(uses={4: 2})
    decision = decide(read(), snapshot, twice, EMPTY, NOW)
    assert decision.basis == "stored_value" and decision.fare == FARE


def test_stored_value_pays_the_fare_down_to_the_offline_limit_and_no_further() -> None:
    snapshot = snap(cards=[card(balance=100_000)])
    allowed = decide(read(), snapshot, NOBODY, EMPTY, NOW)
    assert (allowed.entered, allowed.fare) == (True, FARE)  # 100k - 200k = -100k ≥ -200k
    spent = LocalCardState(spent=FARE)  # this gate already let it in once offline
    refused = decide(read(), snapshot, spent, EMPTY, NOW)
    assert (refused.entered, refused.reason) == (False, "insufficient_balance")
    assert refused.fare == 0
    exact = LocalCardState(spent=100_000 + LIMIT - FARE)
    assert decide(read(), snapshot, exact, EMPTY, NOW).entered


def test_an_expired_ticket_without_balance_says_expired() -> None:
    old = ticket(valid_from=TODAY - timedelta(days=3), valid_until=TODAY - timedelta(days=2))
    decision = decide(
        read(), snap(cards=[card(balance=-LIMIT)], entitlements=[old]), NOBODY, EMPTY, NOW
    )
    assert (decision.entered, decision.reason) == (False, "no_valid_product")
    assert "expired on 08/03/2026" in decision.message


def test_a_revoked_or_used_up_ticket_does_not_open() -> None:
    poor = [card(balance=-LIMIT)]
    revoked = snap(cards=poor, entitlements=[ticket(revoked=True)])
    assert decide(read(), revoked, NOBODY, EMPTY, NOW).reason == "insufficient_balance"
    used = snap(cards=poor, entitlements=[ticket(left=0)])
    decision = decide(read(), used, NOBODY, EMPTY, NOW)
    assert decision.reason == "no_valid_product" and "used" in decision.message


def test_a_free_gate_lets_known_cards_in_without_charge() -> None:
    decision = decide(read(), snap(fare=0, cards=[card(balance=0)]), NOBODY, EMPTY, NOW)
    assert (decision.entered, decision.basis, decision.fare) == (True, "no_fare", 0)


@pytest.mark.parametrize("status", ["blocked", "replaced"])
def test_denylisted_cards_are_refused_by_number_or_by_uid(status: str) -> None:
    by_number = snap(denylist=[{"number": NUMBER, "uid": UID, "status": status, "reason": "lost"}])
    decision = decide(read(), by_number, NOBODY, EMPTY, NOW)
    assert (decision.entered, decision.reason) == (False, "card_blocked")
    assert "lost" in decision.message
    # The chip's UID is denylisted even if its card-info names another number.
    other_number = snap(
        cards=[],
        denylist=[{"number": "9704000000000009", "uid": UID, "status": status, "reason": ""}],
    )
    assert decide(read(), other_number, NOBODY, EMPTY, NOW).reason == "card_blocked"


def test_a_genuine_card_missing_from_the_snapshot_is_unknown() -> None:
    decision = decide(read(), snap(cards=[]), NOBODY, EMPTY, NOW)
    assert (decision.entered, decision.reason) == (False, "unknown_card")
    wrong_uid = snap(cards=[card(uid="04000000000001")])
    assert decide(read(), wrong_uid, NOBODY, EMPTY, NOW).reason == "unknown_card"


def test_without_any_snapshot_the_gate_refuses_and_says_why() -> None:
    decision = decide(read(), None, NOBODY, EMPTY, NOW)
    assert (decision.entered, decision.reason) == (False, "no_snapshot")


@pytest.mark.parametrize(
    "reason", ["forged_card", "cloned_card", "not_our_card", "card_removed", "bad_mac"]
)
def test_card_errors_are_refusals_with_the_card_layers_reason(reason: str) -> None:
    error = CardError(reason, "detail", bytes.fromhex(UID))  # type: ignore[arg-type]
    decision = decide(error, snap(), NOBODY, EMPTY, NOW)
    assert (decision.entered, decision.reason, decision.message) == (False, reason, REASONS[reason])
    assert decision.card_number == NUMBER, "a clone names the card it copies, for the office"


def test_anti_passback_within_the_window_from_this_gate_or_the_snapshot() -> None:
    snapshot = snap(passback=30)
    recent = LocalCardState(last_entry_at=NOW - timedelta(minutes=29))
    decision = decide(read(), snapshot, recent, EMPTY, NOW)
    assert (decision.entered, decision.reason) == (False, "passback")
    assert "09:31" in decision.message, "the entry time in the site's local time"
    old = LocalCardState(last_entry_at=NOW - timedelta(minutes=31))
    assert decide(read(), snapshot, old, EMPTY, NOW).entered
    other_gate = snap(
        passages=[
            {
                "card_number": NUMBER,
                "last_entry_at": (NOW - timedelta(minutes=5)).isoformat(),
                "last_exit_at": None,
            }
        ]
    )
    assert decide(read(), other_gate, NOBODY, EMPTY, NOW).reason == "passback"
    left = LocalCardState(
        last_entry_at=NOW - timedelta(minutes=10), last_exit_at=NOW - timedelta(minutes=2)
    )
    assert decide(read(), snapshot, left, EMPTY, NOW).entered, "out and back in is no passback"
    assert decide(read(), snap(passback=0), recent, EMPTY, NOW).entered


def test_opening_hours_in_the_sites_local_time() -> None:
    weekdays_only = snap(hours=[(0, 4, "07:00", "17:30")])
    assert decide(read(), weekdays_only, NOBODY, EMPTY, NOW).entered  # Tuesday 10:00
    evening = NOW + timedelta(hours=8)  # 18:00 in Huế, 11:00 UTC
    assert decide(read(), weekdays_only, NOBODY, EMPTY, evening).reason == "site_closed"
    saturday = NOW + timedelta(days=4)
    assert decide(read(), weekdays_only, NOBODY, EMPTY, saturday).reason == "site_closed"
    assert decide(read(), snap(hours=[]), NOBODY, EMPTY, evening).entered, "no hours: no limit"


def test_capacity_counts_the_servers_figure_plus_this_gates_own_since() -> None:
    snapshot = snap(capacity=100, occupancy=98)
    assert decide(read(), snapshot, NOBODY, Occupancy(after_snapshot=1, today=5), NOW).entered
    full = decide(read(), snapshot, NOBODY, Occupancy(after_snapshot=2, today=5), NOW)
    assert (full.entered, full.reason) == (False, "site_full")
    tomorrow = NOW + timedelta(days=1)  # the server's count is yesterday's: only ours counts
    assert decide(read(), snapshot, NOBODY, Occupancy(after_snapshot=2, today=5), tomorrow).entered


def test_exit_gates_open_for_known_cards_even_closed_full_or_broke() -> None:
    snapshot = snap(
        direction="exit", cards=[card(balance=-LIMIT)], capacity=1, occupancy=5, hours=[]
    )
    decision = decide(read(), snapshot, LocalCardState(last_entry_at=NOW), EMPTY, NOW)
    assert (decision.entered, decision.basis, decision.direction, decision.fare) == (
        True,
        "exit",
        "exit",
        0,
    )
    assert decide(read(), snap(direction="exit", cards=[]), NOBODY, EMPTY, NOW).reason == (
        "unknown_card"
    )


def test_incrementals_merge_and_the_store_survives_a_restart(tmp_path) -> None:
    store = SnapshotStore(tmp_path / "snap.json", "dai-noi")
    store.apply(payload(entitlements=[ticket(id=1)]))
    later = payload(
        cards=[card(balance=42)],
        entitlements=[ticket(id=1, revoked=True), ticket(id=2, left=3)],
        incremental=True,
        taken_at=NOW,
        last_sequence=9,
    )
    merged = store.apply(later)
    assert merged.cards[NUMBER].balance == 42 and merged.gate.last_sequence == 9
    assert merged.entitlements[1].revoked and merged.entitlements[2].remaining["dai-noi"] == 3
    again = SnapshotStore(tmp_path / "snap.json", "dai-noi").load()
    assert again == merged
    with pytest.raises(SnapshotError, match="lang-tu-duc"):
        SnapshotStore(tmp_path / "other.json", "lang-tu-duc").apply(payload())


def without(row: dict[str, Any], key: str) -> dict[str, Any]:
    return {name: value for name, value in row.items() if name != key}


def test_a_record_may_leave_out_its_optional_fields_but_no_other() -> None:
    snapshot = snap(
        cards=[without(card(uid=UID.lower()), "blocked_reason")],
        entitlements=[without(ticket(), "revoked")],
        passages=[{"card_number": NUMBER}],
    )
    assert snapshot.cards[NUMBER].uid == UID and snapshot.cards[NUMBER].blocked_reason == ""
    assert snapshot.entitlements[1].revoked is False
    assert snapshot.passages[NUMBER].last_entry_at is None
    for bad, words in (
        (without(card(), "balance"), "KeyError('balance')"),
        ({**card(), "balance": None}, "TypeError"),
        ({**card(), "key_version": "two"}, "ValueError"),
    ):
        with pytest.raises(SnapshotError) as caught:
            snap(cards=[bad])
        assert words in caught.value.detail
    gate = without(payload()["gate"], "last_sequence")
    with pytest.raises(SnapshotError) as caught:
        snap().merge({**payload(incremental=True), "gate": gate})
    assert "KeyError('last_sequence')" in caught.value.detail
