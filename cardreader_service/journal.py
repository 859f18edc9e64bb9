"""The gate's journal: every decision on disk, durably, before the visitor sees a light.

SQLite in WAL mode with ``synchronous=FULL``: a committed tap survives a power cut. Each tap gets
the next number of a per-gate sequence that is never reused (a high-water mark is kept apart
from the rows, and raised to what the server already holds when a journal starts afresh), so
``(gate, sequence)`` is an idempotency key the server can trust. Delivery is tracked per tap; the
local occupancy and the last entries used against passback are read from the same rows.

Each journal file carries a random ``journal_id`` (in its meta table) sent with every tap, so a
journal lost with its disk and started afresh can never be mistaken for the old one, even if it
reuses a number. A journal that cannot be written (read-only or failing disk) raises
``JournalError`` instead of crashing the gate, and is reopened on the next use once the disk is
back: the gate shows "out of service" meanwhile, never a green light without a row.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cardreader_service.decision import (
    ENTERED,
    Decision,
    LocalCardState,
    LocalTicketState,
    Occupancy,
)
from cardreader_service.errors import CardServiceError

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
    delivered_at TEXT,
    ticket TEXT NOT NULL DEFAULT ''    -- the e-ticket's code for a QR tap (schema 2)
);
CREATE INDEX IF NOT EXISTS taps_undelivered ON taps (sequence) WHERE delivered_at IS NULL;
CREATE INDEX IF NOT EXISTS taps_card ON taps (card_number, sequence);
CREATE INDEX IF NOT EXISTS taps_time ON taps (occurred_at);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
# The journal's schema version (``PRAGMA user_version``): 1 before e-tickets, 2 with ``ticket``.
SCHEMA_VERSION = 2


# How long a journal that failed waits before it tries to reopen the file.
REOPEN_EVERY = 1.0


class JournalError(CardServiceError):
    """The journal cannot be read or written now (read-only, full or failing disk)."""

    code = "journal_unavailable"
    sentence = "The gate's journal cannot be written: the gate is out of service until it can."


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
    journal_id: str = ""
    ticket: str = ""

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
            "journal_id": self.journal_id,
            "ticket": self.ticket,
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


def _entry(row: sqlite3.Row, journal_id: str) -> JournalEntry:
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
        journal_id=journal_id,
        ticket=row["ticket"],
    )


class Journal:
    """One SQLite file; safe to share between the tap loop and the sync thread."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._next_try = 0.0
        self.error = ""
        self.journal_id = ""
        # True when this run created the file (or found it empty): a lost journal started anew.
        self.fresh = False
        try:
            with self._lock:
                self._connection()
        except JournalError:
            pass  # reported by ``ok``/``error``; the next use tries again

    @property
    def ok(self) -> bool:
        """The journal was usable at its last use (or reopens now)."""
        if self._db is not None:
            return True
        try:
            with self._use():
                return True
        except JournalError:
            return False

    def _connection(self) -> sqlite3.Connection:
        if self._db is not None:
            return self._db
        if time.monotonic() < self._next_try:
            raise JournalError(detail=self.error or f"journal {self.path} unavailable")
        db: sqlite3.Connection | None = None
        try:
            # Autocommit mode: every transaction below is explicit (BEGIN IMMEDIATE … COMMIT).
            db = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=10.0
            )
            db.row_factory = sqlite3.Row
            mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if mode != "wal":
                raise JournalError(detail=f"journal {self.path} cannot use WAL mode (got {mode})")
            db.execute("PRAGMA synchronous=FULL")
            db.executescript(_SCHEMA)
            _migrate(db)
            self._adopt_identity(db)
            # A read-only file opens and reads fine: only a write tells the gate it can journal.
            _set(db, "opened_at", utc_text(datetime.now(UTC)))
        except (sqlite3.Error, OSError, JournalError) as error:
            if db is not None:
                db.close()
            self._failed(error)
            raise JournalError(detail=self.error) from None
        self._db = db
        if self.error:
            self.error = ""
        return db

    def _adopt_identity(self, db: sqlite3.Connection) -> None:
        """Read this file's journal_id, or give a new file a fresh one."""
        row = db.execute("SELECT value FROM meta WHERE key = 'journal_id'").fetchone()
        if row is not None:
            self.journal_id = str(row[0])
            return
        used = db.execute(
            "SELECT (SELECT count(*) FROM taps) + (SELECT count(*) FROM meta)"
        ).fetchone()[0]
        # A journal from before journal ids keeps "" so resends still match what the server holds.
        self.journal_id = "" if used else uuid.uuid4().hex
        self.fresh = not used
        db.execute(
            "INSERT INTO meta (key, value) VALUES ('journal_id', ?) ON CONFLICT (key) DO NOTHING",
            (self.journal_id,),
        )

    def _failed(self, error: BaseException) -> None:
        why = error.detail if isinstance(error, JournalError) else str(error)
        self.error = f"journal {os.path.basename(self.path)}: {why}"[:200]
        self._next_try = time.monotonic() + REOPEN_EVERY

    @contextmanager
    def _use(self) -> Generator[sqlite3.Connection]:
        """The connection under the lock; any SQLite failure closes it and is a JournalError."""
        with self._lock:
            db = self._connection()
            try:
                yield db
            except sqlite3.Error as error:
                if db.in_transaction:
                    with suppress(sqlite3.Error):
                        db.execute("ROLLBACK")
                self._db = None
                db.close()
                self._failed(error)
                raise JournalError(detail=self.error) from None
            except BaseException:
                if db.in_transaction:
                    with suppress(sqlite3.Error):
                        db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ------------------------------------------------------------------------------
    def append(self, decision: Decision, occurred_at: datetime) -> int:
        """Journal one decision durably and return its sequence number."""
        with self._use() as db:
            db.execute("BEGIN IMMEDIATE")
            sequence = _high_water(db) + 1
            db.execute(
                "INSERT INTO taps (sequence, occurred_at, card_number, uid, decision, reason,"
                " message, basis, fare, entitlement_id, direction, ticket)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    decision.ticket,
                ),
            )
            _set(db, "high_water", str(sequence))
            db.execute("COMMIT")
        return sequence

    def raise_floor(self, sequence: int) -> None:
        """Never number a tap at or below ``sequence`` (what the server already holds)."""
        with self._use() as db:
            db.execute("BEGIN IMMEDIATE")
            if _high_water(db) < sequence:
                _set(db, "high_water", str(sequence))
            db.execute("COMMIT")

    def prune(self, older_than: datetime) -> int:
        """Drop delivered taps that occurred before ``older_than``; return how many.

        The server holds them, and the local rules look back hours at most (anti-passback,
        today's occupancy), so months of taps need not stay on a gate's disk. Undelivered taps
        are never dropped, whatever their age, and the high-water mark is kept first, so a
        sequence number is never reused even when the newest taps are the ones pruned.
        """
        with self._use() as db:
            db.execute("BEGIN IMMEDIATE")
            _set(db, "high_water", str(_high_water(db)))
            dropped = db.execute(
                "DELETE FROM taps WHERE delivered_at IS NOT NULL AND occurred_at < ?",
                (utc_text(older_than),),
            ).rowcount
            db.execute("COMMIT")
        return int(dropped)

    def mark_delivered(self, sequences: Iterable[int], at: datetime) -> int:
        numbers = list(sequences)
        with self._use() as db:
            db.execute("BEGIN IMMEDIATE")
            changed = db.executemany(
                "UPDATE taps SET delivered_at = ? WHERE sequence = ? AND delivered_at IS NULL",
                [(utc_text(at), number) for number in numbers],
            ).rowcount
            db.execute("COMMIT")
        return changed

    def set_meta(self, key: str, value: str) -> None:
        with self._use() as db:
            _set(db, key, value)

    # --- reading ------------------------------------------------------------------------------
    def _row(self, query: str, parameters: tuple[object, ...] = ()) -> Any:
        """The first row of one read (None when there is none), under the lock."""
        with self._use() as db:
            return db.execute(query, parameters).fetchone()

    def high_water(self) -> int:
        with self._use() as db:
            return _high_water(db)

    def meta(self, key: str) -> str | None:
        row = self._row("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    def pending(self) -> int:
        return int(self._row("SELECT count(*) FROM taps WHERE delivered_at IS NULL")[0])

    def oldest_undelivered(self) -> datetime | None:
        """When the oldest tap still waiting for the server occurred (None: all delivered)."""
        row = self._row(
            "SELECT occurred_at FROM taps WHERE delivered_at IS NULL ORDER BY sequence LIMIT 1"
        )
        return None if row is None else datetime.fromisoformat(row[0])

    def last_entry(self) -> JournalEntry | None:
        """The newest tap: the decision a restarted gate may still owe the card in its field."""
        row = self._row("SELECT * FROM taps ORDER BY sequence DESC LIMIT 1")
        return None if row is None else _entry(row, self.journal_id)

    def undelivered(self, limit: int = 500) -> list[JournalEntry]:
        with self._use() as db:
            rows = db.execute(
                "SELECT * FROM taps WHERE delivered_at IS NULL ORDER BY sequence LIMIT ?", (limit,)
            ).fetchall()
        return [_entry(row, self.journal_id) for row in rows]

    def entries(self, after: int = 0, limit: int | None = None) -> Iterator[JournalEntry]:
        with self._use() as db:
            rows = db.execute(
                "SELECT * FROM taps WHERE sequence > ? ORDER BY sequence LIMIT ?",
                (after, -1 if limit is None else limit),
            ).fetchall()
        return (_entry(row, self.journal_id) for row in rows)

    def card_state(self, card_number: str, after_sequence: int) -> LocalCardState:
        """What this gate did with the card that the snapshot (up to ``after_sequence``) lacks."""
        with self._use() as db:
            passages = db.execute(
                "SELECT max(CASE WHEN direction = 'entry' THEN occurred_at END),"
                " max(CASE WHEN direction = 'exit' THEN occurred_at END)"
                " FROM taps WHERE card_number = ? AND decision = ?",
                (card_number, ENTERED),
            ).fetchone()
            spent = db.execute(
                "SELECT coalesce(sum(fare), 0) FROM taps"
                " WHERE card_number = ? AND sequence > ? AND decision = ?",
                (card_number, after_sequence, ENTERED),
            ).fetchone()[0]
            uses = db.execute(
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

    def ticket_state(self, code: str, after_sequence: int) -> LocalTicketState:
        """This gate's entries on an e-ticket that the snapshot (up to ``after_sequence``) lacks,
        and its last entry here."""
        row = self._row(
            "SELECT count(CASE WHEN sequence > ? THEN 1 END), max(occurred_at) FROM taps"
            " WHERE ticket = ? AND decision = ? AND direction = 'entry'",
            (after_sequence, code, ENTERED),
        )
        return LocalTicketState(
            uses=int(row[0]), last_entry_at=datetime.fromisoformat(row[1]) if row[1] else None
        )

    def occupancy(self, after_sequence: int, day_start: datetime) -> Occupancy:
        """Entries minus exits through this gate today: all of them, and those the server's
        count (up to ``after_sequence``) does not include yet."""
        query = (
            "SELECT coalesce(sum(CASE direction WHEN 'entry' THEN 1 ELSE -1 END), 0) FROM taps"
            " WHERE decision = ? AND occurred_at >= ?"
        )
        start = utc_text(day_start)
        with self._use() as db:
            today = db.execute(query, (ENTERED, start)).fetchone()[0]
            after = db.execute(
                query + " AND sequence > ?", (ENTERED, start, after_sequence)
            ).fetchone()[0]
        return Occupancy(after_snapshot=int(after), today=int(today))

    def counts(self) -> dict[str, int]:
        with self._use() as db:
            row = db.execute(
                "SELECT count(*), count(delivered_at), coalesce(max(sequence), 0) FROM taps"
            ).fetchone()
            high = _high_water(db)
        return {
            "taps": int(row[0]),
            "delivered": int(row[1]),
            "pending": int(row[0]) - int(row[1]),
            "last_sequence": int(row[2]),
            "high_water": high,
        }


def _set(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _migrate(db: sqlite3.Connection) -> None:
    """Bring a journal file written by an older gate up to ``SCHEMA_VERSION`` in place, in one
    transaction: its rows (delivered or not) stay, its card taps get an empty ``ticket``."""
    if db.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        columns = {row[1] for row in db.execute("PRAGMA table_info(taps)")}
        if "ticket" not in columns:
            db.execute("ALTER TABLE taps ADD COLUMN ticket TEXT NOT NULL DEFAULT ''")
        db.execute("CREATE INDEX IF NOT EXISTS taps_ticket ON taps (ticket) WHERE ticket != ''")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _high_water(db: sqlite3.Connection) -> int:
    row = db.execute(
        "SELECT max(coalesce((SELECT max(sequence) FROM taps), 0),"
        " coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'high_water'), 0))"
    ).fetchone()
    return int(row[0])
