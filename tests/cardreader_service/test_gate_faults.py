"""The gate's own faults, without a reader: a lost or failing journal, a clock it cannot trust, a
restart with the card still on the reader, a card torn away mid-read."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cardreader_service.clock import MAX_CORRECTION, GateClock
from cardreader_service.daemon import PRESENTATION_WINDOW, Gate, status_report
from cardreader_service.decision import Decision
from cardreader_service.feedback import Feedback
from cardreader_service.journal import REOPEN_EVERY, Journal, JournalError
from cardreader_service.keys import MasterKeyStore
from cardreader_service.profile import CardInfo
from cardreader_service.snapshot import SnapshotStore
from cardreader_service.virtual_card import DirectLink, make_card

from .snapshots import NOW, NUMBER, UID, card, payload

DECISION = Decision(True, "", "ok", 1000, None, NUMBER, UID, "stored_value")


@pytest.fixture
def store(tmp_path: Path) -> SnapshotStore:
    store = SnapshotStore(tmp_path / "snap.json", "dai-noi")
    store.apply(payload(cards=[card(balance=10_000_000)], passback=0, hours=[]))
    return store


def link(keys: MasterKeyStore, behaviour: str = "genuine", tear_after: int = 3) -> DirectLink:
    info = CardInfo(card_number=int(NUMBER), issuer_id=1, issued_on=20260101)
    return DirectLink(make_card(behaviour, bytes.fromhex(UID), info, keys.current, tear_after))  # type: ignore[arg-type]


def gate(
    keys: MasterKeyStore, store: SnapshotStore, journal: Journal, now: datetime = NOW, **kw: object
) -> Gate:
    return Gate(keys, store, journal, Feedback("Virtual PCD"), clock=lambda: now, **kw)  # type: ignore[arg-type]


# --- lost journal --------------------------------------------------------------------------------
def test_a_new_journal_gets_its_own_id_and_an_old_one_keeps_the_empty_id(tmp_path: Path) -> None:
    with Journal(tmp_path / "new.sqlite") as journal:
        assert journal.fresh and len(journal.journal_id) == 32
        journal.append(DECISION, NOW)
        first = journal.journal_id
        assert journal.undelivered()[0].report()["journal_id"] == first
    with Journal(tmp_path / "new.sqlite") as journal:
        assert journal.journal_id == first and not journal.fresh, "never changes for a file"
    (tmp_path / "new.sqlite").unlink()
    with Journal(tmp_path / "new.sqlite") as journal:
        assert journal.fresh and journal.journal_id != first, "a lost journal is a new one"
    # A journal written before journal ids: its resends must match what the server holds.
    with Journal(tmp_path / "old.sqlite") as journal:
        assert journal._db is not None
        journal._db.execute("DELETE FROM meta")
        journal.append(DECISION, NOW)
        journal._db.execute("DELETE FROM meta WHERE key = 'journal_id'")
    with Journal(tmp_path / "old.sqlite") as journal:
        assert journal.journal_id == "" and not journal.fresh


# --- failing and read-only journal ---------------------------------------------------------------
def test_a_journal_that_fails_mid_run_puts_the_gate_out_of_service_and_it_recovers(
    keys: MasterKeyStore, store: SnapshotStore, tmp_path: Path
) -> None:
    journal = Journal(tmp_path / "j.sqlite")
    the_gate = gate(keys, store, journal)
    decision, sequence, _ = the_gate.process(link(keys))
    assert decision.entered and sequence == 1
    assert journal._db is not None
    journal._db.execute("PRAGMA query_only = 1")  # every write now fails, as on a dying disk
    decision, sequence, _ = the_gate.process(link(keys))
    assert (decision.entered, decision.reason, sequence) == (False, "out_of_service", None)
    assert "(no journal)" in decision.message and decision.card_number == NUMBER
    assert not journal.ok, "reported at once, and retried only after a pause"
    time.sleep(REOPEN_EVERY)
    decision, sequence, _ = the_gate.process(link(keys))  # reopened: writes work again
    assert decision.entered and sequence == 2
    journal.close()


@contextlib.contextmanager
def small_disk(path: Path) -> Iterator[Path]:
    """A tmpfs of our own that can be remounted read-only (needs root, as on a gate)."""
    path.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "gate-journal", str(path)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def remount(path: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(path)], check=True)


def test_a_read_only_journal_is_reported_not_fatal_and_recovers(
    keys: MasterKeyStore, store: SnapshotStore, tmp_path: Path
) -> None:
    with small_disk(tmp_path / "disk") as disk:
        with Journal(disk / "j.sqlite") as journal:
            journal.append(DECISION, NOW)
        remount(disk, "ro")
        journal = Journal(disk / "j.sqlite")
        assert not journal.ok and journal.error.startswith("journal j.sqlite: ")
        assert str(disk) not in journal.error, "no server path in the message"
        report = status_report(journal, store)
        assert report["journal_ok"] is False and report["taps"] is None
        with pytest.raises(JournalError):
            journal.append(DECISION, NOW)
        decision, sequence, _ = gate(keys, store, journal).process(link(keys))
        assert (decision.entered, decision.reason, sequence) == (False, "out_of_service", None)
        remount(disk, "rw")
        time.sleep(REOPEN_EVERY)
        assert journal.ok
        decision, sequence, _ = gate(keys, store, journal).process(link(keys))
        assert decision.entered and sequence == 2
        journal.close()


# --- clock -----------------------------------------------------------------------------------
def test_the_clock_offset_is_measured_kept_across_restarts_and_bounded(tmp_path: Path) -> None:
    local = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    with Journal(tmp_path / "j.sqlite") as journal:
        clock = GateClock(journal, local=lambda: local)
        assert clock.now() == local and clock.trusted(), "never measured, but plausible"
        # Sent at 12:00:00, answered at 12:00:02; the server said 15:00:01: we are 3 h slow.
        sent, received = local, local + timedelta(seconds=2)
        clock.observe(sent, received, local + timedelta(hours=3, seconds=1))
        assert clock.offset == timedelta(hours=3) and clock.now() == local + timedelta(hours=3)
    with Journal(tmp_path / "j.sqlite") as journal:
        again = GateClock(journal, local=lambda: local)
        assert again.offset_ms == 3 * 3600 * 1000, "a restart offline keeps the correction"
        again.observe(local, local, local - MAX_CORRECTION - timedelta(minutes=1))
        assert "off by -12.0 h" in again.trouble()
    dead_battery = GateClock(None, local=lambda: datetime(1970, 1, 1, tzinfo=UTC))
    assert "implausible" in dead_battery.trouble()
    # Measured last week, then the RTC battery died: the old offset no longer applies.
    reset = GateClock(None, local=lambda: datetime(1970, 1, 1, tzinfo=UTC))
    reset.offset, reset.measured_at = timedelta(seconds=2), local - timedelta(days=7)
    assert "went back" in reset.trouble()


@pytest.mark.parametrize("skew", [timedelta(hours=3), timedelta(hours=-5)])
def test_decisions_and_journal_use_the_corrected_time(
    keys: MasterKeyStore, store: SnapshotStore, tmp_path: Path, skew: timedelta
) -> None:
    local = NOW + skew  # this gate's clock is off by ``skew``
    with Journal(tmp_path / "j.sqlite") as journal:
        clock = GateClock(journal, local=lambda: local)
        clock.observe(local, local, NOW)
        the_gate = Gate(keys, store, journal, Feedback("x"), clock=clock.now)
        the_gate.process(link(keys))
        assert journal.last_entry().occurred_at == NOW  # type: ignore[union-attr]


def test_an_untrusted_clock_is_out_of_service_and_journals_nothing(
    keys: MasterKeyStore, store: SnapshotStore, tmp_path: Path
) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        clock = GateClock(journal, local=lambda: datetime(1970, 1, 1, tzinfo=UTC))
        the_gate = Gate(
            keys, store, journal, Feedback("x"), clock=clock.now, clock_trouble=clock.trouble
        )
        decision, sequence, _ = the_gate.process(link(keys))
        assert (decision.entered, decision.reason, sequence) == (False, "out_of_service", None)
        assert journal.counts()["taps"] == 0


# --- one charge per presentation -------------------------------------------------------------
def test_a_restart_with_the_card_still_there_repeats_the_decision_without_a_new_charge(
    keys: MasterKeyStore, store: SnapshotStore, tmp_path: Path
) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        first, sequence, _ = gate(keys, store, journal).process(link(keys))
        assert first.entered and first.fare > 0 and sequence == 1
        # killed here; the new process finds the card still in the field 0.4 s later
        restarted = gate(
            keys, store, journal, NOW + timedelta(seconds=0.4), resume=journal.last_entry()
        )
        again, sequence, _ = restarted.process(link(keys))
        assert (again.entered, again.fare, sequence) == (True, first.fare, 1)
        assert journal.counts()["taps"] == 1, "the same presentation: charged once"
        # The next presentation (lifted and tapped again) is a new tap.
        assert restarted.process(link(keys))[1] == 2


def test_after_the_window_or_with_another_card_a_restart_decides_afresh(
    keys: MasterKeyStore, store: SnapshotStore, tmp_path: Path
) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        gate(keys, store, journal).process(link(keys))
        later = NOW + PRESENTATION_WINDOW + timedelta(seconds=1)
        restarted = gate(keys, store, journal, later, resume=journal.last_entry())
        assert restarted.process(link(keys))[1] == 2
        torn = gate(keys, store, journal, later)
        torn.process(link(keys, "torn"))  # a torn read is not a decision the card keeps
        after_torn = gate(keys, store, journal, later, resume=journal.last_entry())
        assert after_torn.process(link(keys))[1] == 4


# --- torn cards ------------------------------------------------------------------------------
@pytest.mark.parametrize("tear_after", [2, 3, 5, 6])
def test_a_torn_card_refusal_keeps_the_uid_and_number_read(
    keys: MasterKeyStore, tmp_path: Path, tear_after: int
) -> None:
    store = SnapshotStore(tmp_path / "snap.json", "dai-noi")
    store.apply(payload(cards=[], passback=0, hours=[]))  # not in the list: only the card knows
    with Journal(tmp_path / "j.sqlite") as journal:
        decision, _, _ = gate(keys, store, journal).process(link(keys, "torn", tear_after))
        entry = journal.last_entry()
    assert entry is not None and (entry.decision, entry.reason) == ("refused", "card_removed")
    assert entry.uid == UID
    # The number is known once the card-info was read (the 6th APDU): kept from then on.
    assert entry.card_number == (NUMBER if tear_after >= 6 else "")
    assert decision.uid == UID


def test_a_torn_card_known_by_uid_is_refused_under_its_number(
    keys: MasterKeyStore, store: SnapshotStore, tmp_path: Path
) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        gate(keys, store, journal).process(link(keys, "torn", 2))
        entry = journal.last_entry()
    assert entry is not None and (entry.uid, entry.card_number) == (UID, NUMBER)


def test_status_reports_a_stall(store: SnapshotStore, tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        journal.append(DECISION, datetime.now(UTC) - timedelta(minutes=30))
        journal.set_meta("sync_error", "HTTP 502: bad gateway")
        report = status_report(journal, store)
    assert report["delivery_stalled"] and report["oldest_undelivered_age_seconds"] >= 1790
    assert report["sync_error"] == "HTTP 502: bad gateway" and report["journal_ok"]
    assert os.path.basename(str(tmp_path)) not in report["sync_error"]


def test_the_status_command_says_when_delivery_stalled_and_why(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    with Journal(path) as journal:
        journal.append(DECISION, datetime.now(UTC) - timedelta(minutes=5))
        journal.set_meta("sync_error", "http://cms/api/gates/v1/: Connection refused")
        journal.set_meta("last_error", "http://cms/api/gates/v1/: Connection refused")
    status = subprocess.run(
        [sys.executable, "-m", "cardreader_service", "status", "--journal", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert status.returncode == 0, status.stderr
    assert "DELIVERY STALLED   oldest undelivered tap is 3" in status.stdout
    assert "sync failing       http://cms/api/gates/v1/: Connection refused" in status.stdout
