"""The journal: durable before feedback, sequences never reused, local state read back from it."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from datetime import timedelta
from pathlib import Path

from cardreader_service.decision import Decision
from cardreader_service.journal import Journal

from .snapshots import NOW, NUMBER, UID


def entered(fare: int = 0, entitlement: int | None = None, direction: str = "entry") -> Decision:
    basis = "entitlement" if entitlement else "stored_value"
    return Decision(True, "", "ok", fare, entitlement, NUMBER, UID, basis, direction)


def refused(reason: str = "passback") -> Decision:
    return Decision(False, reason, "no", 0, None, NUMBER, UID, "", "entry")


def test_wal_mode_full_sync_and_monotonic_sequences(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        assert journal._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert journal._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        numbers = [journal.append(entered(), NOW + timedelta(seconds=n)) for n in range(5)]
        assert numbers == [1, 2, 3, 4, 5]
        assert journal.pending() == 5
        assert [e.sequence for e in journal.undelivered(limit=2)] == [1, 2]
        assert journal.mark_delivered([1, 2, 2, 99], NOW) == 2
        assert [e.sequence for e in journal.undelivered()] == [3, 4, 5]


def test_a_fresh_journal_continues_after_what_the_server_holds(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        journal.raise_floor(41)
        assert journal.append(refused(), NOW) == 42
        journal.raise_floor(10)  # lowering is ignored
        assert journal.append(refused(), NOW) == 43


_WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime
    from cardreader_service.decision import Decision
    from cardreader_service.journal import Journal

    journal = Journal(sys.argv[1])
    decision = Decision(True, "", "ok", 1000, None, "1", "04", "stored_value", "entry")
    while True:
        sequence = journal.append(decision, datetime.now(UTC))
        print(sequence, flush=True)  # the visitor's green light comes after the commit
    """
)


def test_a_killed_gate_loses_no_acknowledged_tap_and_never_reuses_a_number(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    seen: list[int] = []
    for _round in range(2):
        process = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        assert process.stdout is not None
        for line in process.stdout:
            seen.append(int(line))
            if len(seen) % 40 == 0:
                break
        os.kill(process.pid, signal.SIGKILL)  # no close, no checkpoint: as a power cut
        process.wait()
        process.stdout.close()
        assert Path(f"{path}-wal").exists(), "the unclean stop leaves the WAL to recover from"
    with Journal(path) as journal:
        stored = [entry.sequence for entry in journal.entries()]
        assert set(seen) <= set(stored), "every tap that was acknowledged is there"
        assert stored == sorted(set(stored)) and stored[0] == 1
        assert stored == list(range(1, len(stored) + 1)), "no gap, no reuse across the restart"
        assert journal.append(refused(), NOW) == stored[-1] + 1


def test_local_state_for_one_card_counts_only_what_the_snapshot_lacks(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        journal.append(entered(fare=100), NOW - timedelta(hours=2))  # 1: in the snapshot
        journal.append(entered(entitlement=5), NOW - timedelta(minutes=20))  # 2
        journal.append(entered(fare=200), NOW - timedelta(minutes=10))  # 3
        journal.append(refused(), NOW - timedelta(minutes=5))  # 4
        journal.append(entered(direction="exit"), NOW - timedelta(minutes=1))  # 5
        state = journal.card_state(NUMBER, after_sequence=1)
        assert (state.spent, dict(state.uses)) == (200, {5: 1})
        assert state.last_entry_at == NOW - timedelta(minutes=10)
        assert state.last_exit_at == NOW - timedelta(minutes=1)
        assert journal.card_state("another", 0).spent == 0
        occupancy = journal.occupancy(after_sequence=2, day_start=NOW - timedelta(hours=1))
        assert (occupancy.today, occupancy.after_snapshot) == (1, 0)  # 2 entries - 1 exit; 3 - 5


def test_pruning_drops_only_old_delivered_taps_and_never_reuses_a_sequence(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    with Journal(path) as journal:
        old = [journal.append(entered(), NOW - timedelta(days=100 - n)) for n in range(3)]
        recent = journal.append(entered(), NOW - timedelta(days=1))
        journal.mark_delivered([*old[:2], recent], NOW)  # old[2] never reached the server
        assert journal.prune(NOW - timedelta(days=90)) == 2
        assert [e.sequence for e in journal.entries()] == [old[2], recent]
        assert journal.pending() == 1
        journal.mark_delivered([old[2], recent], NOW)
        assert journal.prune(NOW) == 2  # even the newest, once delivered
        assert list(journal.entries()) == []
    with Journal(path) as journal:
        assert journal.append(refused(), NOW) == recent + 1


def test_the_prune_command(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    with Journal(path) as journal:
        first = journal.append(entered(), NOW - timedelta(days=400))
        journal.append(entered(), NOW - timedelta(days=400))
        journal.mark_delivered([first], NOW)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cardreader_service",
            "prune",
            "--journal",
            str(path),
            "--days",
            "30",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "dropped 1 delivered taps" in done.stdout and "1 pending" in done.stdout


# A journal file as gates installed before e-tickets hold it (schema 1, ``user_version`` 0),
# written by that release's own Journal: see data/README.md.
SCHEMA_1_JOURNAL = Path(__file__).parent / "data" / "journal_schema1.sqlite"


def test_an_old_journal_file_is_migrated_in_place_keeping_every_tap(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(SCHEMA_1_JOURNAL, path)
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 0

    with Journal(path) as journal:
        assert journal.journal_id == "381e87c5a45d4e798b312962dc525bd1" and not journal.fresh
        (pending,) = journal.undelivered()
        assert pending.sequence == 2 and pending.report()["ticket"] == ""
        assert pending.report()["journal_id"] == journal.journal_id
        assert pending.message == "Chào mừng!" and pending.fare == 200000
        qr_tap = Decision(True, "", "ok", 0, None, "", "", "ticket", "entry", "HT7Q2M9KD4XA")
        assert journal.append(qr_tap, NOW) == 3
        assert journal.ticket_state("HT7Q2M9KD4XA", after_sequence=2).uses == 1
        assert journal._db.execute("PRAGMA user_version").fetchone()[0] == 2
    with Journal(path) as journal:  # opening again migrates nothing twice
        assert [e.ticket for e in journal.entries()] == ["", "", "HT7Q2M9KD4XA"]
        assert journal.pending() == 2


def test_ticket_state_counts_entries_after_the_snapshot_and_the_last_entry_anywhere(
    tmp_path: Path,
) -> None:
    code = "HT7Q2M9KD4XA"

    def qr_tap(entered: bool = True, direction: str = "entry") -> Decision:
        reason = "" if entered else "ticket_used"
        return Decision(entered, reason, "", 0, None, "", "", "ticket", direction, code)

    with Journal(tmp_path / "j.sqlite") as journal:
        journal.append(qr_tap(), NOW - timedelta(hours=2))  # 1: the snapshot has it
        journal.append(qr_tap(entered=False), NOW - timedelta(hours=1))  # 2: refused
        journal.append(qr_tap(direction="exit"), NOW - timedelta(minutes=30))  # 3: an exit
        state = journal.ticket_state(code, after_sequence=1)
        assert (state.uses, state.last_entry_at) == (0, NOW - timedelta(hours=2))
        assert journal.ticket_state(code, after_sequence=0).uses == 1
        assert journal.ticket_state("HT0000000000", 0).last_entry_at is None
