"""The gate: wait for a card → authenticate and read → decide → journal → feedback → wait for it
to leave; over and over, whatever the reader, pcscd or the network do.

The journal is written before any feedback, so a visitor who saw green is always in the journal
and so, eventually, on the server. Sync runs in its own thread (``sync.Sync``); the tap loop
never waits for the network.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from cardreader_service.card import CardRead, Transport, read_uid, tap
from cardreader_service.decision import Decision, LocalCardState, Occupancy, decide
from cardreader_service.errors import CardError
from cardreader_service.feedback import Feedback
from cardreader_service.journal import Journal
from cardreader_service.keys import MasterKeyStore
from cardreader_service.snapshot import SnapshotError, SnapshotStore
from cardreader_service.sync import GateApi, Sync, SyncSettings

log = logging.getLogger("cardreader_service.gate")


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


class Gate:
    """One tap, start to finish, given a connected card; shared by the daemon and the benchmark."""

    def __init__(
        self,
        keys: MasterKeyStore,
        store: SnapshotStore,
        journal: Journal,
        feedback: Feedback,
        on_journaled: Callable[[], None] = lambda: None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.keys = keys
        self.store = store
        self.journal = journal
        self.feedback = feedback
        self.on_journaled = on_journaled
        self.clock = clock
        self.last: dict[str, Any] = {}

    def process(self, link: Transport) -> tuple[Decision, int, TapTiming]:
        """Card in the field and connected → decision journaled → feedback given."""
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
        local, occupancy = LocalCardState(), Occupancy()
        if snapshot is not None and isinstance(read, CardRead):
            after = snapshot.gate.last_sequence
            local = self.journal.card_state(str(read.info.card_number), after)
            occupancy = self.journal.occupancy(after, snapshot.site.day_start(now))
        decision = decide(read, snapshot, local, occupancy, now)
        decided = time.perf_counter()
        sequence = self.journal.append(decision, now)
        journaled = time.perf_counter()
        self.on_journaled()
        self.feedback.show(decision, timed)
        done = time.perf_counter()
        timing = TapTiming(
            card=card_done - started,
            pcsc=timed.seconds,
            decide=decided - card_done,
            journal=journaled - decided,
            feedback=done - journaled,
            total=done - started,
        )
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
                    "fare": decision.fare,
                    "entitlement_id": decision.entitlement_id,
                    "ms": {k: round(v * 1000, 2) for k, v in asdict(timing).items()},
                }
            },
        )
        self.last = {"sequence": sequence, "decision": decision.outcome, "reason": decision.reason}
        return decision, sequence, timing


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

    def __repr__(self) -> str:
        return f"GateConfig(reader={self.reader!r}, site={self.site!r}, server={self.server!r})"


class Daemon:
    """The long-running gate process; ``run()`` returns when ``stop()`` is called (or a signal)."""

    def __init__(self, config: GateConfig) -> None:
        from cardreader_service.reader import PcscReader  # pyscard only where a reader is used

        self.config = config
        self.journal = Journal(config.journal)
        self.store = SnapshotStore(Path(f"{config.journal}.snapshot.json"), config.site)
        try:
            self.store.load()
        except SnapshotError as error:
            log.error("snapshot_unusable", extra={"fields": {"error": str(error)}})
        self.reader = PcscReader(config.reader)
        self.reader_state = "starting"
        self.sync = Sync(
            GateApi(config.server, config.token),
            self.journal,
            self.store,
            config.sync,
            reader_state=lambda: self.reader_state,
        )
        self.gate = Gate(
            config.keys,
            self.store,
            self.journal,
            Feedback(config.reader),
            on_journaled=self.sync.tap_journaled,
        )
        self._stop = threading.Event()
        self._status_written = 0.0

    def stop(self, *_: object) -> None:
        self._stop.set()

    def install_signal_handlers(self) -> None:
        def handler(signum: int, frame: FrameType | None) -> None:
            self.stop()

        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)

    def run(self) -> int:
        from cardreader_service.reader import ReaderError

        log.info(
            "gate_started",
            extra={
                "fields": {
                    "reader": self.config.reader,
                    "site": self.config.site,
                    "server": self.config.server,
                    "journal": str(self.config.journal),
                    "key_versions": list(self.config.keys.versions),
                    "pending": self.journal.pending(),
                    "snapshot": self.store.current.taken_at.isoformat()
                    if self.store.current
                    else None,
                }
            },
        )
        self.sync.start()
        try:
            while not self._stop.is_set():
                self._write_status()
                try:
                    link = self.reader.wait_for_card(timeout=1.0)
                except ReaderError as error:
                    self._reader_trouble(str(error))
                    continue
                self._set_reader_state("card")
                with link:
                    decision, _sequence, _timing = self.gate.process(link)
                self._write_status(force=True)
                self._await_removal(decision.uid)
        finally:
            self.sync.stop()
            self._write_status()
            self.reader.close()
            self.journal.close()
            log.info("gate_stopped")
        return 0

    def _await_removal(self, uid: str) -> None:
        from cardreader_service.reader import ReaderError

        while not self._stop.is_set():
            try:
                self.reader.wait_for_removal(timeout=1.0)
                self._set_reader_state("ready")
                return
            except ReaderError as error:
                if "within" not in str(error):  # not a timeout: reader or pcscd gone
                    self._reader_trouble(str(error))
                    return
            if self._another_card(uid):
                return

    def _another_card(self, uid: str) -> bool:
        """A card swapped faster than pcscd polls (~0.4 s) never shows as removed: after a
        quiet second, look at the UID in the field; a different one is a new tap."""
        from cardreader_service.reader import ReaderError

        try:
            with self.reader.wait_for_card(timeout=0.3) as link:
                present = read_uid(link).hex().upper()
        except (ReaderError, CardError):
            return False
        if present != uid:
            log.info("card_swapped", extra={"fields": {"uid": present}})
            return True
        return False

    def _reader_trouble(self, error: str) -> None:
        if "within" in error:  # a quiet second without a card
            self._set_reader_state("ready")
            return
        self._set_reader_state("unavailable")
        self._stop.wait(0.5)

    def _set_reader_state(self, state: str) -> None:
        if state != self.reader_state:
            level = logging.WARNING if state == "unavailable" else logging.INFO
            log.log(level, "reader_state", extra={"fields": {"state": state}})
        self.reader_state = state

    def _write_status(self, force: bool = False) -> None:
        path = self.config.status_file
        if path is None or (not force and time.monotonic() - self._status_written < 0.5):
            return
        self._status_written = time.monotonic()
        write_status(path, status_report(self.journal, self.store), self.reader_state, self.gate)


def status_report(journal: Journal, store: SnapshotStore) -> dict[str, Any]:
    """What ``status`` prints and the status file holds: pending taps, last sync, snapshot age."""
    counts = journal.counts()
    snapshot = store.current
    if snapshot is None:
        try:
            snapshot = store.load()
        except SnapshotError:
            snapshot = None
    age = None
    if snapshot is not None:
        age = round((datetime.now(UTC) - snapshot.taken_at).total_seconds(), 1)
    return {
        **counts,
        "last_delivery_at": journal.meta("last_delivery_at"),
        "last_snapshot_at": journal.meta("last_snapshot_at"),
        "last_heartbeat_at": journal.meta("last_heartbeat_at"),
        "last_error": journal.meta("last_error"),
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
