"""The gate: wait for a card → authenticate and read → decide → journal → feedback → wait for it
to leave; over and over, whatever the reader, pcscd or the network do.

The journal is written before any feedback, so a visitor who saw green is always in the journal
and so, eventually, on the server. Sync runs in its own thread (``sync.Sync``); the tap loop
never waits for the network, and watches that thread (a dead one is restarted). A journal that
cannot be written or a clock that cannot be trusted puts the gate "out of service" (red, nothing
journaled) while it stays up to recover. A restart with the card still on the reader repeats the
journaled decision instead of charging the same presentation twice.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

from cardreader_service.card import CardRead, Transport, read_uid, tap
from cardreader_service.clock import GateClock
from cardreader_service.decision import (
    ENTERED,
    OUT_OF_SERVICE,
    Decision,
    LocalCardState,
    LocalTicketState,
    Occupancy,
    decide,
    decide_ticket,
    out_of_service,
)
from cardreader_service.errors import CardError, NoCardInTime, ReaderError, log_text
from cardreader_service.feedback import Feedback
from cardreader_service.journal import Journal, JournalEntry, JournalError
from cardreader_service.keys import MasterKeyStore
from cardreader_service.scanner import REPEAT_WINDOW, Scan, Scanner, open_source
from cardreader_service.snapshot import Snapshot, SnapshotError, SnapshotStore
from cardreader_service.sync import GateApi, Sync, SyncSettings, delivery_state
from cardreader_service.ticket import Ticket, TicketError, read_ticket

log = logging.getLogger("cardreader_service.gate")

# The same card seen again this soon after a restart is the presentation the journal's last row
# decided, unless the journal says the gate saw that card leave: its feedback is repeated and
# nothing is charged again.
PRESENTATION_WINDOW = timedelta(seconds=15)
# Read failures are not decisions a card keeps: a new read after a restart decides afresh.
_TRANSIENT = frozenset({"card_removed", "bad_mac", "protocol_error"})
# How long a fresh journal waits for the first exchange with the server (its last sequence).
FIRST_CONTACT_WAIT = 5.0


@dataclass(frozen=True, slots=True)
class TapTiming:
    """Seconds spent per stage of one tap; ``pcsc`` is the time inside SCardTransmit."""

    card: float  # tap(): UID, select, authenticate, read, UID check (PC/SC included)
    pcsc: float
    decide: float
    journal: float
    feedback: float
    total: float

    @property
    def ours(self) -> float:
        return self.total - self.pcsc


class _TimedTransport:
    """Counts the time spent in the reader's transmit, to split our time from PC/SC's."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.seconds = 0.0

    def transmit(self, apdu: bytes) -> bytes:
        started = time.perf_counter()
        try:
            return self.transport.transmit(apdu)
        finally:
            self.seconds += time.perf_counter() - started


@dataclass(eq=False, repr=False)
class Gate:
    """One tap, start to finish, given a connected card; shared by the daemon and the benchmark."""

    keys: MasterKeyStore
    store: SnapshotStore
    journal: Journal
    feedback: Feedback
    on_journaled: Callable[[], None] = lambda: None
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    clock_trouble: Callable[[], str] = lambda: ""
    # The last decision journaled before this run: the card may still be in the field.
    resume: JournalEntry | None = None
    last: dict[str, Any] = field(init=False, default_factory=dict)
    # The card reader and the QR scanner take turns: one decision (and journal row) at a time.
    _turn: threading.Lock = field(init=False, default_factory=threading.Lock)

    def process(self, link: Transport) -> tuple[Decision, int | None, TapTiming]:
        """Card in the field and connected → decision journaled → feedback given.

        The sequence is None when nothing was journaled (out of service)."""
        with self._turn:
            return self._process(link)

    def process_ticket(self, scanned: str | TicketError) -> tuple[Decision, int | None, TapTiming]:
        """A QR code scanned (or a scan refused unread) → decision journaled → screen message.

        The same journal, clock and out-of-service rules as a card; no LED (no card to talk
        through): the scanner's own beep and the screen tell the visitor."""
        with self._turn:
            started = time.perf_counter()
            scan: Ticket | TicketError
            try:
                scan = read_ticket(scanned) if isinstance(scanned, str) else scanned
            except TicketError as error:
                scan = error
            read_done = time.perf_counter()
            now = self.clock()
            rule = functools.partial(self._decide_ticket, scan, now)
            decision, sequence, decided, journaled = self._decide_and_journal(scan, now, rule)
            return self._show(decision, sequence, None, (started, read_done, decided, journaled))

    def _decide_and_journal(
        self,
        read: CardRead | CardError | Ticket | TicketError,
        now: datetime,
        rule: Callable[[], Decision],
    ) -> tuple[Decision, int | None, float, float]:
        """Out of service while the clock is untrusted, else ``rule``'s decision; then its journal
        row. Also returns when it was decided and when journaled (``perf_counter``)."""
        trouble = self.clock_trouble()
        decision = out_of_service(read, trouble) if trouble else rule()
        decided = time.perf_counter()
        decision, sequence = self._journal(decision, read, now)
        return decision, sequence, decided, time.perf_counter()

    def _journal(
        self, decision: Decision, read: CardRead | CardError | Ticket | TicketError, now: datetime
    ) -> tuple[Decision, int | None]:
        """The row first, then (the caller) the light; out of service journals nothing."""
        if decision.reason == OUT_OF_SERVICE:
            return decision, None
        try:
            sequence = self.journal.append(decision, now)
        except JournalError as error:
            # Never a light without a row: the visitor is sent to the next gate.
            return _no_journal(read, error), None
        self.on_journaled()
        return decision, sequence

    def _decide_ticket(self, scan: Ticket | TicketError, now: datetime) -> Decision:
        snapshot = self.store.current
        local, occupancy = LocalTicketState(), Occupancy()
        if snapshot is not None and isinstance(scan, Ticket):
            try:
                local, occupancy = self._since(snapshot, now, self.journal.ticket_state, scan.code)
            except JournalError as error:
                return _no_journal(scan, error)
        return decide_ticket(scan, snapshot, local, occupancy, now)

    def _since[Local](
        self, snapshot: Snapshot, now: datetime, state: Callable[[str, int], Local], key: str
    ) -> tuple[Local, Occupancy]:
        """What the journal holds beyond the snapshot for ``key`` (a card number or ticket code),
        and the site's occupancy today; a ``JournalError`` when it cannot be read."""
        after = snapshot.gate.last_sequence
        return state(key, after), self.journal.occupancy(after, snapshot.site.day_start(now))

    def _process(self, link: Transport) -> tuple[Decision, int | None, TapTiming]:
        started = time.perf_counter()
        timed = _TimedTransport(link)
        snapshot = self.store.current
        read: CardRead | CardError
        try:
            read = tap(timed, self.keys, snapshot.is_issued_uid if snapshot else None)
        except CardError as error:
            read = error
        card_done = time.perf_counter()
        now = self.clock()
        previous, self.resume = self.resume, None
        sequence: int | None = None
        if previous is not None and _same_presentation(previous, read, now):
            decision, sequence = _repeat(previous), previous.sequence
            decided = journaled = time.perf_counter()
            log.info("same_presentation", extra={"fields": {"sequence": sequence}})
        else:
            rule = functools.partial(self._decide, read, now)
            decision, sequence, decided, journaled = self._decide_and_journal(read, now, rule)
        return self._show(decision, sequence, timed, (started, card_done, decided, journaled))

    def _show(
        self,
        decision: Decision,
        sequence: int | None,
        timed: _TimedTransport | None,
        marks: tuple[float, float, float, float],
    ) -> tuple[Decision, int | None, TapTiming]:
        """Light and screen for a decided tap, then its timing logged: the same for a card and a
        ticket. ``marks``: when the tap started, was read, decided and journaled."""
        started, read_done, decided, journaled = marks
        self.feedback.show(decision, timed, sequence)
        done = time.perf_counter()
        timing = TapTiming(
            card=read_done - started,
            pcsc=timed.seconds if timed is not None else 0.0,
            decide=decided - read_done,
            journal=journaled - decided,
            feedback=done - journaled,
            total=done - started,
        )
        self._log_tap(decision, sequence, timing)
        return decision, sequence, timing

    def _log_tap(self, decision: Decision, sequence: int | None, timing: TapTiming) -> None:
        log.info(
            "tap",
            extra={
                "fields": {
                    "sequence": sequence,
                    "decision": decision.outcome,
                    "reason": decision.reason,
                    "basis": decision.basis,
                    "card_number": decision.card_number,
                    "uid": decision.uid,
                    "ticket": decision.ticket,
                    "fare": decision.fare,
                    "entitlement_id": decision.entitlement_id,
                    "ms": {k: round(v * 1000, 2) for k, v in asdict(timing).items()},
                }
            },
        )
        self.last = {"sequence": sequence, "decision": decision.outcome, "reason": decision.reason}

    def _decide(self, read: CardRead | CardError, now: datetime) -> Decision:
        snapshot = self.store.current
        local, occupancy = LocalCardState(), Occupancy()
        if snapshot is not None and isinstance(read, CardRead):
            number = str(read.info.card_number)
            try:
                local, occupancy = self._since(snapshot, now, self.journal.card_state, number)
            except JournalError as error:
                return _no_journal(read, error)
        return decide(read, snapshot, local, occupancy, now)


def _no_journal(read: CardRead | CardError | Ticket | TicketError, error: JournalError) -> Decision:
    """The journal cannot say what this gate has let in: no decision, the visitor goes on."""
    log.error("journal_failed", extra={"fields": {"error": log_text(error)}})
    return out_of_service(read, "no journal")


def _same_presentation(previous: JournalEntry, read: CardRead | CardError, now: datetime) -> bool:
    """The card the last run decided on, still in the field right after a restart."""
    if not isinstance(read, CardRead) or previous.reason in _TRANSIENT:
        return False
    return (
        previous.uid == read.uid.hex().upper()
        and previous.card_number == str(read.info.card_number)
        and abs(now - previous.occurred_at) <= PRESENTATION_WINDOW
    )


def _repeat(entry: JournalEntry) -> Decision:
    return Decision(
        entry.decision == ENTERED,
        entry.reason,
        entry.message,
        entry.fare,
        entry.entitlement_id,
        entry.card_number,
        entry.uid,
        entry.basis,
        entry.direction,
        entry.ticket,
    )


@dataclass
class GateConfig:
    reader: str
    site: str
    server: str
    token: str
    keys: MasterKeyStore
    journal: Path
    status_file: Path | None = None
    sync: SyncSettings | None = None
    scanner: str | None = None  # a tty, pty, FIFO, "-" or (with a baud rate) a serial port
    scanner_baud: int | None = None
    scan_repeat_window: float = REPEAT_WINDOW

    def __repr__(self) -> str:
        return f"GateConfig(reader={self.reader!r}, site={self.site!r}, server={self.server!r})"


class Daemon:
    """The long-running gate process; ``run()`` returns when ``stop()`` is called (or a signal)."""

    def __init__(self, config: GateConfig) -> None:
        from cardreader_service.reader import PcscReader  # pyscard only where a reader is used

        self.config = config
        self.journal = Journal(config.journal)  # a journal that cannot open is retried, not fatal
        if not self.journal.ok:
            log.error("journal_failed", extra={"fields": {"error": self.journal.error}})
        self.store = SnapshotStore(Path(f"{config.journal}.snapshot.json"), config.site)
        try:
            self.store.load()
        except (SnapshotError, OSError) as error:
            log.error("snapshot_unusable", extra={"fields": {"error": log_text(error)}})
        if self.store.current is not None:
            # A journal lost with its disk starts above what the server held at the snapshot.
            with suppress(JournalError):
                self.journal.raise_floor(self.store.current.gate.last_sequence)
        self.clock = GateClock(self.journal)
        self.reader = PcscReader(config.reader)
        self.reader_state = "starting"
        settings = config.sync or SyncSettings()
        self.sync = Sync(
            GateApi(config.server, config.token, deadline=settings.request_deadline),
            self.journal,
            self.store,
            settings,
            reader_state=lambda: self.reader_state,
            clock=self.clock,
        )
        resume = None
        with suppress(JournalError):
            last = self.journal.last_entry()
            if last is not None and self.journal.meta("presentation_ended") != str(last.sequence):
                resume = last  # decided, and not seen leaving: it may still be on the reader
        self.gate = Gate(
            config.keys,
            self.store,
            self.journal,
            Feedback(config.reader),
            on_journaled=self.sync.tap_journaled,
            clock=self.clock.now,
            clock_trouble=self._out_of_service,
            resume=resume,
        )
        self.scanner: Scanner | None = None
        if config.scanner:
            path, baud = config.scanner, config.scanner_baud
            self.scanner = Scanner(
                lambda: open_source(path, baud),
                self._scanned,
                repeat_window=config.scan_repeat_window,
            )
        self._stop = threading.Event()
        self._status_written = 0.0
        self._shown_trouble = ""
        self._stalled = False

    def stop(self, *_: object) -> None:
        self._stop.set()

    def install_signal_handlers(self) -> None:
        def handler(signum: int, frame: FrameType | None) -> None:
            self.stop()

        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)

    def run(self) -> int:
        log.info(
            "gate_started",
            extra={
                "fields": {
                    "reader": self.config.reader,
                    "site": self.config.site,
                    "server": self.config.server,
                    "journal": str(self.config.journal),
                    "key_versions": list(self.config.keys.versions),
                    "pending": self.sync.delivery_state()["pending"],
                    "journal_id": self.journal.journal_id,
                    "snapshot": self.store.current.taken_at.isoformat()
                    if self.store.current
                    else None,
                }
            },
        )
        self.sync.start()
        if self.scanner is not None:
            self.scanner.start()
        if self.journal.fresh:
            # A new journal (a lost one replaced?) asks the server what it holds before the
            # first number is given out; offline, the snapshot's floor stands.
            self.sync.first_cycle.wait(FIRST_CONTACT_WAIT)
        try:
            while not self._stop.is_set():
                self.sync.ensure_running()
                self._watch()
                self._write_status()
                try:
                    link = self.reader.wait_for_card(timeout=1.0)
                except ReaderError as error:
                    self._reader_trouble(error)
                    continue
                self._set_reader_state("card")
                with link:
                    decision, sequence, _timing = self.gate.process(link)
                self._write_status(force=True)
                if self._await_removal(decision.uid) and sequence is not None:
                    # The card left: a restart must not take its next tap for this one.
                    with suppress(JournalError):
                        self.journal.set_meta("presentation_ended", str(sequence))
        finally:
            if self.scanner is not None:
                self.scanner.stop()
            self.sync.stop()
            self._write_status()
            self.reader.close()
            self.journal.close()
            log.info("gate_stopped")
        return 0

    def _scanned(self, scan: Scan) -> None:
        """The scanner thread's hand-off: a QR tap decided, journaled and shown like a card's."""
        self.gate.process_ticket(scan.ticket_input())

    def _await_removal(self, uid: str) -> bool:
        """True once the card was seen leaving (or another took its place)."""
        while not self._stop.is_set():
            try:
                self.reader.wait_for_removal(timeout=1.0)
                self._set_reader_state("ready")
                return True
            except ReaderError as error:
                if not isinstance(error, NoCardInTime):  # the reader or pcscd is gone
                    self._reader_trouble(error)
                    return False  # not seen leaving
            if self._another_card(uid):
                return True
        return False

    def _another_card(self, uid: str) -> bool:
        """A card swapped faster than pcscd polls (~0.4 s) never shows as removed: after a
        quiet second, look at the UID in the field; a different one is a new tap."""
        try:
            with self.reader.wait_for_card(timeout=0.3) as link:
                present = read_uid(link).hex().upper()
        except (ReaderError, CardError):
            return False
        if present != uid:
            log.info("card_swapped", extra={"fields": {"uid": present}})
            return True
        return False

    def _reader_trouble(self, error: ReaderError) -> None:
        if isinstance(error, NoCardInTime):  # a quiet second without a card
            self._set_reader_state("ready")
            return
        self._set_reader_state("unavailable")
        self._stop.wait(0.5)

    def _set_reader_state(self, state: str) -> None:
        if state != self.reader_state:
            level = logging.WARNING if state == "unavailable" else logging.INFO
            log.log(level, "reader_state", extra={"fields": {"state": state}})
        self.reader_state = state

    def _out_of_service(self) -> str:
        """Why the gate cannot decide now ("" when it can): no journal or no clock to trust."""
        if not self.journal.ok:
            return "no journal"
        return self.clock.trouble()

    def _watch(self) -> None:
        """Say it once when the gate goes out of service or delivery stalls, and when it ends."""
        trouble = self._out_of_service()
        if trouble != self._shown_trouble:
            if self._shown_trouble == "no journal" and self.store.current is not None:
                # The journal opened only now (maybe a new file): the snapshot's floor again.
                with suppress(JournalError):
                    self.journal.raise_floor(self.store.current.gate.last_sequence)
            self._shown_trouble = trouble
            if trouble:
                log.error("out_of_service", extra={"fields": {"why": trouble}})
            else:
                log.info("in_service")
        now = time.monotonic()
        if now - self._status_written < 0.5:
            return
        stalled = bool(self.sync.delivery_state()["delivery_stalled"])
        if stalled != self._stalled:
            self._stalled = stalled
            level = logging.ERROR if stalled else logging.INFO
            event = "delivery_stalled" if stalled else "delivery_resumed"
            log.log(level, event, extra={"fields": {"sync_error": self.sync.error}})

    def _write_status(self, force: bool = False) -> None:
        path = self.config.status_file
        if path is None or (not force and time.monotonic() - self._status_written < 0.5):
            return
        self._status_written = time.monotonic()
        report = status_report(self.journal, self.store, self.clock, self.sync.delivery_state())
        report["out_of_service"] = self._shown_trouble
        report["sync_alive"] = self.sync.alive()
        report["sync_restarts"] = self.sync.restarts
        report["scanner"] = self.scanner.state if self.scanner is not None else None
        try:
            write_status(path, report, self.reader_state, self.gate)
        except OSError as error:
            log.warning("status_unwritable", extra={"fields": {"error": str(error)}})


# The sync's records in the journal's meta table that ``status`` shows.
_STATUS_META = (
    "last_delivery_at",
    "last_snapshot_at",
    "last_heartbeat_at",
    "last_error",
    "sync_error",
)


def status_report(
    journal: Journal,
    store: SnapshotStore,
    clock: GateClock | None = None,
    delivery: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What ``status`` prints and the status file holds: pending taps, last sync, snapshot age,
    whether delivery stalled and why, and whether the journal and the clock can be trusted.

    ``delivery`` is the running sync's ``delivery_state()``; without it (the ``status`` command
    beside a gate) it is worked out from the journal and the sync error last recorded there."""
    clock = clock or GateClock(journal)
    try:
        counts: dict[str, Any] = dict(journal.counts())
        meta = {key: journal.meta(key) for key in _STATUS_META}
    except JournalError:
        counts = dict.fromkeys(("taps", "delivered", "pending", "last_sequence", "high_water"))
        meta = dict.fromkeys(_STATUS_META)
    recorded_error = meta.pop("sync_error") or ""
    if delivery is None:
        delivery = delivery_state(journal, clock.now(), recorded_error)
    snapshot = store.current
    if snapshot is None:
        try:
            snapshot = store.load()
        except (SnapshotError, OSError):
            snapshot = None
    age = None
    if snapshot is not None:
        age = round((clock.now() - snapshot.taken_at).total_seconds(), 1)
    return {
        **counts,
        **meta,
        "oldest_undelivered_age_seconds": delivery["oldest_undelivered_age_seconds"],
        "delivery_stalled": delivery["delivery_stalled"],
        "sync_error": delivery["sync_error"],
        "journal_ok": delivery["journal_ok"],
        "journal_error": delivery["journal_error"],
        "journal_id": journal.journal_id,
        "clock_offset_ms": clock.offset_ms,
        "clock_trouble": clock.trouble(),
        "snapshot_taken_at": snapshot.taken_at.isoformat() if snapshot else None,
        "snapshot_age_seconds": age,
        "site": snapshot.gate.site_code if snapshot else None,
        "gate_id": snapshot.gate.id if snapshot else None,
    }


def write_status(path: Path, report: dict[str, Any], reader_state: str, gate: Gate) -> None:
    report = {
        **report,
        "reader": reader_state,
        "last_tap": gate.last,
        "updated_at": datetime.now(UTC).isoformat(),
    }
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(report, indent=1), encoding="utf-8")
    os.replace(temporary, path)
