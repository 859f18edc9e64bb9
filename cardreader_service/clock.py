"""One clock for every gate: the local clock corrected by the offset measured from the server.

A gate 3 h fast would stamp its entries 3 h ahead and make every other gate refuse the card as
passback; one 5 h slow would let a card pass back seconds after entering. So the daemon measures
``offset = server_time - (sent + received) / 2`` from every server answer, keeps it in the
journal's meta table (a restart offline still knows it), and decides and journals with
``local clock + offset``. A clock it cannot trust (never measured and implausible, or a correction
beyond ``MAX_CORRECTION``) puts the gate out of service rather than deciding on it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from cardreader_service.journal import Journal, JournalError

log = logging.getLogger("cardreader_service.clock")

MAX_CORRECTION = timedelta(hours=12)
# A local clock before this (no RTC battery: 1970, or a factory default) is not a date to decide
# on; nor one after PLAUSIBLE_UNTIL.
PLAUSIBLE_FROM = datetime(2026, 1, 1, tzinfo=UTC)
PLAUSIBLE_UNTIL = datetime(2100, 1, 1, tzinfo=UTC)
# A local clock this far behind the moment the offset was measured has been reset since.
_BACKWARDS = timedelta(minutes=5)
# Offsets that move by less than this are not written to the journal again (flash wear).
_PERSIST_STEP_MS = 200


def parse_server_time(value: object) -> datetime | None:
    """An ISO 8601 time from an answer, or None when absent or not a time (an older server)."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


class GateClock:
    """``now()`` is the corrected time; ``observe()`` feeds it the server's answers."""

    def __init__(
        self,
        journal: Journal | None = None,
        local: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.journal = journal
        self.local = local
        self._lock = threading.Lock()
        self.offset: timedelta | None = None
        self.measured_at: datetime | None = None
        self._persisted_ms: int | None = None
        self._load()

    def _load(self) -> None:
        if self.journal is None:
            return
        try:
            offset = self.journal.meta("clock_offset_ms")
            measured = self.journal.meta("clock_measured_at")
        except JournalError:
            return
        if offset is not None and offset.lstrip("-").isdigit():
            self.offset = timedelta(milliseconds=int(offset))
            self._persisted_ms = int(offset)
            self.measured_at = parse_server_time(measured)

    def observe(self, sent: datetime, received: datetime, server_time: datetime) -> None:
        """One round trip: the server's time against the midpoint of our send and receive."""
        offset = server_time - (sent + (received - sent) / 2)
        milliseconds = round(offset / timedelta(milliseconds=1))
        with self._lock:
            changed = self.offset is None or abs(offset - self.offset) > timedelta(seconds=60)
            self.offset = offset
            self.measured_at = received
        if changed:
            log.info("clock_offset", extra={"fields": {"offset_ms": milliseconds}})
        if self.journal is None:
            return
        if self._persisted_ms is not None and abs(milliseconds - self._persisted_ms) < (
            _PERSIST_STEP_MS
        ):
            return
        try:
            self.journal.set_meta("clock_offset_ms", str(milliseconds))
            self.journal.set_meta("clock_measured_at", received.isoformat())
            self._persisted_ms = milliseconds
        except JournalError:
            pass  # kept in memory; the journal's own trouble is reported where it is used

    def now(self) -> datetime:
        local = self.local()
        offset = self.offset
        return local if offset is None else local + offset

    @property
    def offset_ms(self) -> int | None:
        offset = self.offset
        return None if offset is None else round(offset / timedelta(milliseconds=1))

    def trouble(self) -> str:
        """Why the clock cannot be trusted now, or "" when it can."""
        offset, measured = self.offset, self.measured_at
        local = self.local()
        if offset is None:
            if not PLAUSIBLE_FROM <= local < PLAUSIBLE_UNTIL:
                return f"local clock implausible ({local:%Y-%m-%d}) and never checked"
            return ""
        if abs(offset) > MAX_CORRECTION:
            hours = offset / timedelta(hours=1)
            return f"clock off by {hours:+.1f} h from the server's"
        if measured is not None and local < measured - _BACKWARDS:
            # The RTC was reset since the offset was measured: the offset no longer applies.
            return "local clock went back since it was last checked"
        corrected = local + offset
        if not PLAUSIBLE_FROM <= corrected < PLAUSIBLE_UNTIL:
            return f"clock implausible ({corrected:%Y-%m-%d})"
        return ""

    def trusted(self) -> bool:
        return not self.trouble()
