"""E-tickets at the gate: every reason a QR ticket is refused, in the order docs/tickets.md sets,
on the pure ``decide_ticket`` the daemon runs; and the snapshot's ticket fields."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import cardreader_service
from cardreader_service import CardServiceError, Ticket, TicketError, read_ticket
from cardreader_service.decision import (
    REASONS,
    Decision,
    LocalTicketState,
    Occupancy,
    decide_ticket,
)
from cardreader_service.snapshot import Snapshot, SnapshotError
from cardreader_service.ticket import MAX_TEXT

from .qr import b64, fields, key_row, qr, sign_payload
from .snapshots import NOW, TODAY, payload, product

KEY = Ed25519PrivateKey.generate()
NEW_KEY = Ed25519PrivateKey.generate()
NOBODY = LocalTicketState()
EMPTY = Occupancy()
CODE = "HT7Q2M9KD4XA"


def snap(**options: Any) -> Snapshot:
    options.setdefault("ticket_keys", [key_row("k2026", KEY)])
    return Snapshot.from_payload(payload(**options))


def scan(text: str) -> Ticket | TicketError:
    try:
        return read_ticket(text)
    except TicketError as error:
        return error


def gate(
    text: str,
    snapshot: Snapshot | None = None,
    local: LocalTicketState = NOBODY,
    occupancy: Occupancy = EMPTY,
    now: datetime = NOW,
) -> Decision:
    return decide_ticket(scan(text), snapshot or snap(), local, occupancy, now)


def test_a_valid_ticket_enters_once_with_no_fare_and_its_code_on_the_tap() -> None:
    decision = gate(qr(KEY, fare_type="child"))
    assert (decision.entered, decision.basis, decision.fare, decision.ticket) == (
        True,
        "ticket",
        0,
        CODE,
    )
    assert (decision.card_number, decision.uid, decision.entitlement_id) == ("", "", None)
    assert "Đại Nội ticket (child): 0 more entries here." in decision.message


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "9704000012345678",
        "HT1.abc",
        "HT2.e30.AAAA",
        "HT1.e30.e30.e30",
        "HT1.!!!.AAAA",
        "HT1.Vé vào cửa Đại Nội.AAAA",  # Vietnamese, not ASCII
        "HT1.入場券.AAAA",
        "HT1." + "A" * MAX_TEXT,
    ],
)
def test_what_is_not_a_ticket_is_unreadable(text: str) -> None:
    decision = gate(text)
    assert (decision.entered, decision.reason, decision.ticket) == (False, "unreadable_ticket", "")
    assert decision.message.startswith(REASONS["unreadable_ticket"])


@pytest.mark.parametrize(
    "change",
    [
        lambda f: f.pop("b"),
        lambda f: f.update(t="ht-lowercase"),
        lambda f: f.update(t="SHORT"),
        lambda f: f.update(k=""),
        lambda f: f.update(a="10/03/2026"),
        lambda f: f.update(a="2026-03-12", b="2026-03-10"),
        lambda f: f.update(p=7),
    ],
)
def test_a_signed_payload_with_a_missing_or_malformed_field_is_unreadable(change: Any) -> None:
    payload_fields = fields()
    change(payload_fields)
    text = sign_payload(KEY, json.dumps(payload_fields, separators=(",", ":")).encode())
    assert gate(text).reason == "unreadable_ticket"


def test_a_short_signature_or_a_payload_that_is_not_an_object_is_unreadable() -> None:
    body = f"HT1.{b64(b'[1,2]')}"
    assert gate(f"{body}.{b64(KEY.sign(body.encode()))}").reason == "unreadable_ticket"
    good = qr(KEY)
    assert gate(good[:-4]).reason == "unreadable_ticket"


def test_without_a_snapshot_the_gate_says_it_waits_for_the_server() -> None:
    decision = decide_ticket(scan(qr(KEY)), None, NOBODY, EMPTY, NOW)
    assert decision.reason == "no_snapshot" and decision.ticket == CODE


def test_an_unknown_key_id_or_another_private_key_is_forged() -> None:
    assert gate(qr(KEY, key_id="k1999")).reason == "forged_ticket"
    stranger = Ed25519PrivateKey.generate()
    decision = gate(qr(stranger))  # names our key id, signed with another key
    assert (decision.reason, decision.ticket) == ("forged_ticket", CODE)
    assert decision.message == REASONS["forged_ticket"]


def test_one_byte_changed_in_the_payload_is_forged() -> None:
    text = qr(KEY, valid_until=TODAY)
    _, body, signature = text.split(".")
    original = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    longer = original.replace(TODAY.isoformat().encode(), b"2027-03-10")  # a year more
    assert longer != original and len(longer) == len(original)
    assert gate(f"HT1.{b64(longer)}.{signature}").reason == "forged_ticket"
    # A single flipped byte that leaves valid JSON: the fare type's first letter.
    flipped = original.replace(b'"adult"', b'"bdult"')
    assert gate(f"HT1.{b64(flipped)}.{signature}").reason == "forged_ticket"


def test_every_other_spelling_of_the_same_bytes_is_unreadable() -> None:
    """A 64-byte signature leaves 2 unused bits in its last character, and padding is optional
    in loose decoders: the gate reads only the one canonical spelling (docs/tickets.md)."""
    good = qr(KEY)
    prefix, body, signature = good.split(".")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(signature[-1])
    same_bytes = alphabet[last | 1] if last | 1 != last else alphabet[last & ~1]
    assert gate(good).entered
    assert gate(f"{prefix}.{body}.{signature[:-1]}{same_bytes}").reason == "unreadable_ticket"
    assert gate(f"{prefix}.{body}.{signature}==").reason == "unreadable_ticket"


def test_a_signature_swapped_from_another_genuine_ticket_is_forged() -> None:
    mine = qr(KEY, code="HT7Q2M9KD4XA")
    other = qr(KEY, code="HT0000000001")
    swapped = ".".join(mine.split(".")[:2] + other.split(".")[2:])
    assert gate(other).entered
    assert gate(swapped).reason == "forged_ticket"


def test_a_refunded_ticket_is_revoked() -> None:
    decision = gate(qr(KEY), snap(revoked_tickets=[CODE]))
    assert (decision.reason, decision.ticket) == ("ticket_revoked", CODE)


def test_a_ticket_for_another_site_or_an_unknown_product_is_refused() -> None:
    elsewhere = snap(products=[product(code="tu-duc-1", sites=("lang-tu-duc",))])
    assert gate(qr(KEY, product="tu-duc-1"), elsewhere).reason == "ticket_wrong_site"
    assert gate(qr(KEY, product="no-such-product")).reason == "ticket_wrong_site"


def test_expired_and_not_yet_valid_tickets_by_the_sites_local_day() -> None:
    expired = gate(qr(KEY, valid_from=TODAY - timedelta(2), valid_until=TODAY - timedelta(1)))
    assert expired.reason == "ticket_expired" and "09/03/2026" in expired.message
    early = gate(qr(KEY, valid_from=TODAY + timedelta(1), valid_until=TODAY + timedelta(3)))
    assert early.reason == "ticket_not_yet_valid" and "11/03/2026" in early.message
    # 23:30 on the 9th in UTC is already the 10th in Huế: a ticket for the 10th opens.
    late_utc = datetime(2026, 3, 9, 23, 30, tzinfo=UTC)
    assert gate(qr(KEY), snap(hours=[]), now=late_utc).entered


def test_a_used_ticket_is_refused_on_its_second_entry_here() -> None:
    second = gate(qr(KEY), local=LocalTicketState(uses=1, last_entry_at=NOW - timedelta(hours=1)))
    assert (second.entered, second.reason) == (False, "ticket_used")
    assert "Last entry at 09:00." in second.message  # Huế time


def test_entries_at_other_gates_of_the_site_count_through_ticket_uses() -> None:
    decision = gate(qr(KEY), snap(ticket_uses={CODE: 1}))
    assert decision.reason == "ticket_used" and decision.message == REASONS["ticket_used"]


def test_a_two_entry_product_allows_two_counting_both_sources() -> None:
    twice = snap(products=[product(entries=2)], ticket_uses={CODE: 1})
    assert gate(qr(KEY), twice).entered
    assert gate(qr(KEY), twice, local=LocalTicketState(uses=1)).reason == "ticket_used"


def test_site_closed_and_site_full_refuse_a_genuine_ticket() -> None:
    closed = snap(hours=[(0, 6, "11:00", "17:00")])  # 10:00 in Huế
    assert gate(qr(KEY), closed).reason == "site_closed"
    full = snap(capacity=50, occupancy=49)
    assert gate(qr(KEY), full, occupancy=Occupancy(after_snapshot=1)).reason == "site_full"
    assert gate(qr(KEY), full).entered


def test_the_order_revoked_before_exit_and_wrong_site_before_expiry() -> None:
    exit_gate = snap(direction="exit", revoked_tickets=[CODE])
    assert gate(qr(KEY), exit_gate).reason == "ticket_revoked"
    old_elsewhere = qr(
        KEY,
        product="gone",
        valid_until=TODAY - timedelta(days=9),
        valid_from=TODAY - timedelta(days=9),
    )
    assert gate(old_elsewhere).reason == "ticket_wrong_site"


def test_an_exit_gate_lets_a_genuine_ticket_out_whatever_its_entries() -> None:
    exit_gate = snap(direction="exit", ticket_uses={CODE: 1}, hours=[(0, 6, "11:00", "17:00")])
    decision = gate(qr(KEY), exit_gate)
    assert (decision.entered, decision.basis, decision.direction, decision.ticket) == (
        True,
        "exit",
        "exit",
        CODE,
    )


def test_key_rotation_two_keys_verify_and_a_dropped_key_no_longer_does() -> None:
    both = snap(ticket_keys=[key_row("k2026", KEY), key_row("k2027", NEW_KEY)])
    assert gate(qr(KEY), both).entered
    assert gate(qr(NEW_KEY, key_id="k2027", code="HT0000000002"), both).entered
    # Signed by the new key but naming the old id: the old key does not verify it.
    assert gate(qr(NEW_KEY, key_id="k2026"), both).reason == "forged_ticket"
    new_only = snap(ticket_keys=[key_row("k2027", NEW_KEY)])
    assert gate(qr(KEY), new_only).reason == "forged_ticket"


def test_every_reason_has_a_message_for_the_operator() -> None:
    new = {
        "unreadable_ticket",
        "forged_ticket",
        "ticket_revoked",
        "ticket_wrong_site",
        "ticket_expired",
        "ticket_not_yet_valid",
        "ticket_used",
    }
    assert new <= set(REASONS)
    assert all(REASONS[reason].endswith(".") for reason in new)


def test_an_unreadable_scan_is_a_card_service_error_with_a_machine_code() -> None:
    with pytest.raises(CardServiceError) as caught:
        read_ticket("HT1.e30.AAAA")
    assert caught.value.code == "unreadable_ticket" and isinstance(caught.value, TicketError)
    assert "\n" not in str(caught.value) and str(caught.value).endswith(".")
    for name in ("Ticket", "TicketError", "read_ticket", "decide_ticket", "Scanner"):
        assert name in cardreader_service.__all__


# --- the snapshot's ticket fields -----------------------------------------------------------


def test_an_older_servers_snapshot_has_no_ticket_fields_and_refuses_tickets_as_forged() -> None:
    older = Snapshot.from_payload(payload())
    assert "ticket_keys" not in payload()
    assert (older.ticket_keys, older.revoked_tickets, older.ticket_uses) == ({}, frozenset(), {})
    assert gate(qr(KEY), older).reason == "forged_ticket"
    assert Snapshot.from_payload(older.to_payload()) == older


def test_to_payload_round_trips_the_ticket_fields() -> None:
    full = snap(
        ticket_keys=[key_row("k2026", KEY), key_row("k2027", NEW_KEY)],
        revoked_tickets=["HT0000000009", CODE],
        ticket_uses={CODE: 1, "HT0000000003": 2},
    )
    again = Snapshot.from_payload(json.loads(json.dumps(full.to_payload())))
    assert again == full
    assert again.revoked_tickets == {CODE, "HT0000000009"}
    assert set(again.ticket_keys) == {"k2026", "k2027"}


def test_an_incremental_snapshot_replaces_keys_and_revocations_and_merges_uses_by_max() -> None:
    base = snap(revoked_tickets=["HT0000000009"], ticket_uses={CODE: 1, "HT0000000003": 2})
    newer = payload(
        incremental=True,
        ticket_keys=[key_row("k2027", NEW_KEY)],
        revoked_tickets=[CODE],
        ticket_uses={CODE: 2, "HT0000000003": 1, "HT0000000004": 1},
    )
    merged = base.merge(newer)
    assert set(merged.ticket_keys) == {"k2027"}
    assert merged.revoked_tickets == {CODE}
    assert merged.ticket_uses == {CODE: 2, "HT0000000003": 2, "HT0000000004": 1}


@pytest.mark.parametrize(
    "bad",
    [
        {"ticket_keys": [{"id": "k1", "public_key": b64(b"short")}]},
        {"ticket_keys": [{"id": "k1", "public_key": "not base64!"}]},
        {"ticket_keys": [{"public_key": b64(bytes(32))}]},
        {"revoked_tickets": "HT7Q2M9KD4XA"},
        {"ticket_uses": {"HT7Q2M9KD4XA": "many"}},
        {"ticket_uses": {"lower-case": 1}},
    ],
)
def test_malformed_ticket_fields_make_the_snapshot_invalid(bad: dict[str, Any]) -> None:
    with pytest.raises(SnapshotError) as caught:
        Snapshot.from_payload({**payload(), **bad})
    assert caught.value.code == "snapshot_invalid"
    with pytest.raises(SnapshotError):
        snap().merge({**payload(incremental=True), **bad})
