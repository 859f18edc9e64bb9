"""Talking to the CMS: deliver journaled taps, pull snapshots, send heartbeats.

Runs in its own thread so a slow or absent server never delays a tap. Taps go in sequence order
in batches of at most 500 and are marked delivered only once the server acknowledged them
(accepted or recognised as duplicates), so a lost answer means a resend, never a loss. Failures
back off exponentially with jitter, so a site's gates do not hammer a server coming back.
Only the standard library is used (``urllib.request``): one less thing to keep patched on a gate.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cardreader_service import __version__
from cardreader_service.journal import Journal, JournalEntry
from cardreader_service.snapshot import SnapshotError, SnapshotStore

log = logging.getLogger("cardreader_service.sync")

MAX_BATCH = 500
# An incremental asks from a little before the last snapshot: a change committed while the
# server was reading is then fetched again (merging is idempotent) rather than missed.
SINCE_OVERLAP = timedelta(seconds=60)


class ApiError(Exception):
    """The server answered, but not with success; ``status`` 0 means it could not be reached."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"HTTP {status}: {detail}" if status else detail)
        self.status = status


class GateApi:
    """The three gate endpoints, authenticated as ``Authorization: Device <token>``."""

    def __init__(self, server: str, token: str, timeout: float = 10.0) -> None:
        self.base = server.rstrip("/") + "/api/gates/v1/"
        self._token = token
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"GateApi({self.base!r}, token=<redacted>)"

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Authorization", f"Device {self._token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            detail = error.read()[:300].decode("utf-8", "replace")
            raise ApiError(error.code, detail) from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            raise ApiError(0, f"{self.base}: {reason}") from None

    def send_taps(self, entries: list[JournalEntry]) -> list[int]:
        """The sequences the server now holds (accepted now or before)."""
        answer = self._call("POST", "taps", {"taps": [entry.report() for entry in entries]})
        return [int(n) for n in answer["accepted"]] + [int(n) for n in answer["duplicates"]]

    def heartbeat(self, report: dict[str, Any]) -> dict[str, Any]:
        return dict(self._call("POST", "heartbeat", report))

    def snapshot(self, since: datetime | None = None) -> dict[str, Any]:
        query = "" if since is None else "?" + urllib.parse.urlencode({"since": since.isoformat()})
        return dict(self._call("GET", "snapshot" + query))


class Backoff:
    """Exponential backoff with equal jitter: the n-th consecutive failure waits between half
    and all of ``min(cap, base * 2**(n-1))``, so retries spread out but never collapse to 0."""

    def __init__(self, base: float = 0.5, cap: float = 60.0, rng: random.Random | None = None):
        self.base = base
        self.cap = cap
        self.failures = 0
        self._rng = rng or random.Random()

    def failed(self) -> float:
        """Count a failure; returns how long to wait before the next try."""
        self.failures += 1
        ceiling = min(self.cap, self.base * 2.0 ** (self.failures - 1))
        return float(ceiling / 2 + self._rng.uniform(0, ceiling / 2))

    def succeeded(self) -> None:
        self.failures = 0


@dataclass
class SyncSettings:
    snapshot_every: float = 60.0
    full_snapshot_every: float = 3600.0
    heartbeat_every: float = 30.0
    batch_size: int = MAX_BATCH
    backoff_base: float = 0.5
    backoff_cap: float = 60.0


class Sync:
    """The sync loop; ``start()`` runs it on a daemon thread, ``stop()`` ends it promptly."""

    def __init__(
        self,
        api: GateApi,
        journal: Journal,
        store: SnapshotStore,
        settings: SyncSettings | None = None,
        reader_state: Callable[[], str] = lambda: "",
    ) -> None:
        self.api = api
        self.journal = journal
        self.store = store
        self.settings = settings or SyncSettings()
        self.reader_state = reader_state
        self.backoff = Backoff(self.settings.backoff_base, self.settings.backoff_cap)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._snapshot_wanted = threading.Event()
        self._thread: threading.Thread | None = None
        self.online = False

    # --- control ------------------------------------------------------------------------------
    def start(self) -> Sync:
        self._thread = threading.Thread(target=self.run, name="gate-sync", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def tap_journaled(self) -> None:
        """A new tap is waiting: deliver it now rather than at the next tick."""
        self._wake.set()

    def request_snapshot(self) -> None:
        self._snapshot_wanted.set()
        self._wake.set()

    # --- the loop -----------------------------------------------------------------------------
    def run(self) -> None:
        settings = self.settings
        next_snapshot = next_full = next_heartbeat = time.monotonic()
        while not self._stop.is_set():
            now = time.monotonic()
            try:
                if self._snapshot_wanted.is_set() or now >= next_snapshot:
                    self._snapshot_wanted.clear()
                    self.pull_snapshot(full=now >= next_full)
                    if now >= next_full:
                        next_full = now + settings.full_snapshot_every
                    next_snapshot = now + settings.snapshot_every
                self.deliver()
                if now >= next_heartbeat:
                    self.heartbeat()
                    next_heartbeat = now + settings.heartbeat_every
            except (ApiError, SnapshotError) as error:
                self.online = not (isinstance(error, ApiError) and error.status == 0)
                delay = self.backoff.failed()
                self.journal.set_meta("last_error", str(error)[:300])
                log.warning(
                    "sync_failed",
                    extra={
                        "fields": {
                            "error": str(error)[:300],
                            "retry_in_s": round(delay, 2),
                            "failures": self.backoff.failures,
                            "pending": self.journal.pending(),
                        }
                    },
                )
                self._stop.wait(delay)  # new taps do not cut a backoff short
                continue
            if self.backoff.failures:
                log.info("sync_restored", extra={"fields": {"after": self.backoff.failures}})
            self.backoff.succeeded()
            self.online = True
            due = min(next_snapshot, next_heartbeat) - time.monotonic()
            self._wake.wait(max(0.0, due))
            self._wake.clear()

    def deliver(self, everything: bool = False) -> int:
        """Send undelivered taps in sequence order until none is left; returns how many."""
        sent = 0
        if everything:
            for batch in _batches(list(self.journal.entries()), self.settings.batch_size):
                self.journal.mark_delivered(self.api.send_taps(batch), datetime.now(UTC))
                sent += len(batch)
            return sent
        while batch := self.journal.undelivered(self.settings.batch_size):
            held = self.api.send_taps(batch)
            self.journal.mark_delivered(held, datetime.now(UTC))
            self.journal.set_meta("last_delivery_at", datetime.now(UTC).isoformat())
            sent += len(batch)
            log.info(
                "taps_delivered",
                extra={"fields": {"first": batch[0].sequence, "last": batch[-1].sequence}},
            )
            missing = {entry.sequence for entry in batch} - set(held)
            if missing:
                raise ApiError(200, f"server did not acknowledge {sorted(missing)[:10]}")
        return sent

    def pull_snapshot(self, full: bool = False) -> None:
        current = self.store.current
        since = None if full or current is None else current.taken_at - SINCE_OVERLAP
        snapshot = self.store.apply(self.api.snapshot(since))
        # A journal started afresh (new disk) must not reuse numbers the server already holds.
        self.journal.raise_floor(snapshot.gate.last_sequence)
        self.journal.set_meta("last_snapshot_at", datetime.now(UTC).isoformat())
        log.info(
            "snapshot_applied",
            extra={
                "fields": {
                    "incremental": since is not None,
                    "taken_at": snapshot.taken_at.isoformat(),
                    "cards": len(snapshot.cards),
                    "entitlements": len(snapshot.entitlements),
                    "denylist": len(snapshot.denylist()),
                }
            },
        )

    def heartbeat(self) -> None:
        snapshot = self.store.current
        age = None
        if snapshot is not None:
            age = max(0, int((datetime.now(UTC) - snapshot.taken_at).total_seconds()))
        self.api.heartbeat(
            {
                "journal_pending": self.journal.pending(),
                "software_version": __version__,
                "last_sequence": self.journal.high_water(),
                "snapshot_age_seconds": age,
                "reader": self.reader_state()[:120],
            }
        )
        self.journal.set_meta("last_heartbeat_at", datetime.now(UTC).isoformat())


def _batches(entries: list[JournalEntry], size: int) -> list[list[JournalEntry]]:
    return [entries[start : start + size] for start in range(0, len(entries), size)]
