"""The gate's journal: every decision on disk, durably, before the visitor sees a light.

SQLite in WAL mode with ``synchronous=FULL``: a committed tap survives a power cut. Each tap gets
the next number of a per-gate sequence that is never reused (a high-water mark is kept apart
from the rows, and raised to what the server already holds when a journal starts afresh), so
``(gate, sequence)`` is an idempotency key the server can trust. Delivery is tracked per tap; the
local occupancy and the last entries used against passback are read from the same rows.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cardreader_service.decision import ENTERED, Decision, LocalCardState, Occupancy

_SCHEMA = """
CREATE TABLE IF NOT EXISTS taps (
    sequence INTEGER PRIMARY KEY,
    occurred_at TEXT NOT NULL,          -- UTC, ISO 8601 with microseconds: sorts as text
    card_number TEXT NOT NULL,
    uid TEXT NOT NULL,
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    message TEXT NOT NULL,
    basis TEXT NOT NULL,
    fare INTEGER NOT NULL,
    entitlement_id INTEGER,
    direction TEXT NOT NULL,
    delivered_at TEXT
);
CREATE INDEX IF NOT EXISTS taps_undelivered ON taps (sequence) WHERE delivered_at IS NULL;
CREATE INDEX IF NOT EXISTS taps_card ON taps (card_number, sequence);
CREATE INDEX IF NOT EXISTS taps_time ON taps (occurred_at);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class JournalEntry:
    sequence: int
    occurred_at: datetime
    card_number: str
    uid: str
    decision: str
    reason: str
    message: str
    basis: str
    fare: int
    entitlement_id: int | None
    direction: str
    delivered_at: datetime | None

    def report(self) -> dict[str, Any]:
        """The tap as the gate API's TapSerializer takes it."""
        return {
            "sequence": self.sequence,
            "card_number": self.card_number,
            "occurred_at": self.occurred_at.isoformat(),
            "decision": self.decision,
            "reason": self.reason,
            "fare": self.fare,
            "entitlement_id": self.entitlement_id,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.report(),
            "uid": self.uid,
            "message": self.message,
            "basis": self.basis,
            "direction": self.direction,
            "delivered_at": self.delivered_at.isoformat() if self.delivered_at else None,
        }


def _entry(row: sqlite3.Row) -> JournalEntry:
    return JournalEntry(
        sequence=row["sequence"],
        occurred_at=datetime.fromisoformat(row["occurred_at"]),
        card_number=row["card_number"],
        uid=row["uid"],
        decision=row["decision"],
        reason=row["reason"],
        message=row["message"],
        basis=row["basis"],
        fare=row["fare"],
        entitlement_id=row["entitlement_id"],
        direction=row["direction"],
        delivered_at=datetime.fromisoformat(row["delivered_at"]) if row["delivered_at"] else None,
    )


class Journal:
    """One SQLite file; safe to share between the tap loop and the sync thread."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._lock = threading.Lock()
        # Autocommit mode: every transaction below is explicit (BEGIN IMMEDIATE … COMMIT).
        self._db = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=10.0
        )
        self._db.row_factory = sqlite3.Row
        mode = self._db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode != "wal":
            raise RuntimeError(f"journal {self.path} cannot use WAL mode (got {mode})")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ------------------------------------------------------------------------------
    def append(self, decision: Decision, occurred_at: datetime) -> int:
        """Journal one decision durably and return its sequence number."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                sequence = self._high_water() + 1
                self._db.execute(
                    "INSERT INTO taps (sequence, occurred_at, card_number, uid, decision, reason,"
                    " message, basis, fare, entitlement_id, direction)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        sequence,
                        utc_text(occurred_at),
                        decision.card_number,
                        decision.uid,
                        decision.outcome,
                        decision.reason,
                        decision.message,
                        decision.basis,
                        decision.fare,
                        decision.entitlement_id,
                        decision.direction,
                    ),
                )
                self._set("high_water", str(sequence))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return sequence

    def raise_floor(self, sequence: int) -> None:
        """Never number a tap at or below ``sequence`` (what the server already holds)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            if self._high_water() < sequence:
                self._set("high_water", str(sequence))
            self._db.execute("COMMIT")

    def prune(self, older_than: datetime) -> int:
        """Drop delivered taps that occurred before ``older_than``; return how many.

        The server holds them, and the local rules look back hours at most (anti-passback,
        today's occupancy), so months of taps need not stay on a gate's disk. Undelivered taps
        are never dropped, whatever their age, and the high-water mark is kept first, so a
        sequence number is never reused even when the newest taps are the ones pruned.
        """
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._set("high_water", str(self._high_water()))
                dropped = self._db.execute(
                    "DELETE FROM taps WHERE delivered_at IS NOT NULL AND occurred_at < ?",
                    (utc_text(older_than),),
                ).rowcount
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return int(dropped)

    def mark_delivered(self, sequences: Iterable[int], at: datetime) -> int:
        numbers = list(sequences)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            changed = self._db.executemany(
                "UPDATE taps SET delivered_at = ? WHERE sequence = ? AND delivered_at IS NULL",
                [(utc_text(at), number) for number in numbers],
            ).rowcount
            self._db.execute("COMMIT")
        return changed

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self._set(key, value)

    def _set(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def _high_water(self) -> int:
        row = self._db.execute(
            "SELECT max(coalesce((SELECT max(sequence) FROM taps), 0),"
            " coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'high_water'), 0))"
        ).fetchone()
        return int(row[0])

    # --- reading ------------------------------------------------------------------------------
    def high_water(self) -> int:
        with self._lock:
            return self._high_water()

    def meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def pending(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT count(*) FROM taps WHERE delivered_at IS NULL")
            return int(row.fetchone()[0])

    def undelivered(self, limit: int = 500) -> list[JournalEntry]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM taps WHERE delivered_at IS NULL ORDER BY sequence LIMIT ?", (limit,)
            ).fetchall()
        return [_entry(row) for row in rows]

    def entries(self, after: int = 0, limit: int | None = None) -> Iterator[JournalEntry]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM taps WHERE sequence > ? ORDER BY sequence LIMIT ?",
                (after, -1 if limit is None else limit),
            ).fetchall()
        return (_entry(row) for row in rows)

    def card_state(self, card_number: str, after_sequence: int) -> LocalCardState:
        """What this gate did with the card that the snapshot (up to ``after_sequence``) lacks."""
        with self._lock:
            passages = self._db.execute(
                "SELECT max(CASE WHEN direction = 'entry' THEN occurred_at END),"
                " max(CASE WHEN direction = 'exit' THEN occurred_at END)"
                " FROM taps WHERE card_number = ? AND decision = ?",
                (card_number, ENTERED),
            ).fetchone()
            spent = self._db.execute(
                "SELECT coalesce(sum(fare), 0) FROM taps"
                " WHERE card_number = ? AND sequence > ? AND decision = ?",
                (card_number, after_sequence, ENTERED),
            ).fetchone()[0]
            uses = self._db.execute(
                "SELECT entitlement_id, count(*) FROM taps WHERE card_number = ? AND sequence > ?"
                " AND decision = ? AND entitlement_id IS NOT NULL GROUP BY entitlement_id",
                (card_number, after_sequence, ENTERED),
            ).fetchall()
        return LocalCardState(
            spent=int(spent),
            uses={int(row[0]): int(row[1]) for row in uses},
            last_entry_at=datetime.fromisoformat(passages[0]) if passages[0] else None,
            last_exit_at=datetime.fromisoformat(passages[1]) if passages[1] else None,
        )

    def occupancy(self, after_sequence: int, day_start: datetime) -> Occupancy:
        """Entries minus exits through this gate today: all of them, and those the server's
        count (up to ``after_sequence``) does not include yet."""
        query = (
            "SELECT coalesce(sum(CASE direction WHEN 'entry' THEN 1 ELSE -1 END), 0) FROM taps"
            " WHERE decision = ? AND occurred_at >= ?"
        )
        start = utc_text(day_start)
        with self._lock:
            today = self._db.execute(query, (ENTERED, start)).fetchone()[0]
            after = self._db.execute(
                query + " AND sequence > ?", (ENTERED, start, after_sequence)
            ).fetchone()[0]
        return Occupancy(after_snapshot=int(after), today=int(today))

    def counts(self) -> dict[str, int]:
        with self._lock:
            row = self._db.execute(
                "SELECT count(*), count(delivered_at), coalesce(max(sequence), 0) FROM taps"
            ).fetchone()
            high = self._high_water()
        return {
            "taps": int(row[0]),
            "delivered": int(row[1]),
            "pending": int(row[0]) - int(row[1]),
            "last_sequence": int(row[2]),
            "high_water": high,
        }
