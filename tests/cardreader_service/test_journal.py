"""The journal: durable before feedback, sequences never reused, local state read back from it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
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
