"""Talking to the CMS: deliver journaled taps, pull snapshots, send heartbeats.

Runs in its own thread so a slow or absent server never delays a tap. Taps go in sequence order
in batches of at most 500 and are marked delivered only once the server acknowledged them
(accepted, recognised as duplicates, or stored as conflicts), so a lost answer means a resend,
never a loss. The loop survives any exception: it logs it, records it for ``status`` and the
heartbeat, and tries again. While the server cannot be reached the gate probes it with the cheap
heartbeat every ``probe_every`` seconds (jittered, so a site's gates do not arrive together) and
delivers as soon as one answers; a server that answers with errors is backed off exponentially.
Every request has a total deadline, so a trickling answer cannot hold the thread.
Only the standard library is used (``urllib.request``): one less thing to keep patched on a gate.
"""

from __future__ import annotations

import functools
import http.client
import json
import logging
import random
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cardreader_service import __version__
from cardreader_service.clock import GateClock, parse_server_time
from cardreader_service.closing import shut_socket
from cardreader_service.errors import CardServiceError, log_text
from cardreader_service.journal import Journal, JournalEntry, JournalError
from cardreader_service.snapshot import SnapshotError, SnapshotStore

log = logging.getLogger("cardreader_service.sync")

MAX_BATCH = 500
# An incremental asks from a little before the last snapshot: a change committed while the
# server was reading is then fetched again (merging is idempotent) rather than missed.
SINCE_OVERLAP = timedelta(seconds=60)
# A tap older than this and still undelivered means delivery has stalled: status says so.
STALL_AFTER = timedelta(seconds=120)


class ApiError(CardServiceError):
    """The server answered, but not with success; ``status`` 0 means it could not be reached."""

    def __init__(self, status: int, detail: str) -> None:
        # 0: no answer at all; 200: an answer that is not what the protocol says; else refused.
        if status == 0:
            code, sentence = "server_unreachable", "The server could not be reached."
        elif status == 200:
            code, sentence = "bad_answer", "The server's answer does not follow the gate protocol."
        else:
            code, sentence = "server_refused", f"The server refused the request (HTTP {status})."
        super().__init__(sentence, f"HTTP {status}: {detail}" if status else detail)
        self.status = status
        self.code = code


class _Deadline:
    """Shuts a request's sockets when its total time is up: a server that trickles its answer
    a byte at a time (each within the socket timeout) still cannot hold the caller longer."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def adopt(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                shut_socket(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                shut_socket(sock)

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


class _GuardedHTTPConnection(http.client.HTTPConnection):
    """A connection whose socket the request's deadline shuts when time is up."""

    def __init__(self, *args: Any, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline = deadline

    def connect(self) -> None:
        super().connect()  # for HTTPS, the TLS-wrapped socket (the MRO puts TLS first)
        self._deadline.adopt(self.sock)


class _GuardedHTTPSConnection(_GuardedHTTPConnection, http.client.HTTPSConnection):
    pass


class _GuardedHandler(urllib.request.HTTPHandler, urllib.request.HTTPSHandler):
    """HTTP and HTTPS through connections the deadline can shut; being both handlers, it stands
    in for both of ``build_opener``'s defaults."""

    def __init__(self, deadline: _Deadline, context: ssl.SSLContext) -> None:
        super().__init__(context=context)  # HTTPSHandler's (HTTPHandler has none)
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = functools.partial(_GuardedHTTPConnection, deadline=self._deadline)
        return self.do_open(connection, req)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = functools.partial(_GuardedHTTPSConnection, deadline=self._deadline)
        return self.do_open(connection, req, context=self._context)  # type: ignore[attr-defined]


ClockObserver = Callable[[datetime, datetime, datetime], None]


class GateApi:
    """The three gate endpoints, authenticated as ``Authorization: Device <token>``.

    ``timeout`` bounds each socket wait and ``deadline`` the whole request (connect, headers,
    body). ``clock`` (optional) is told (sent, received, server_time) for every timed answer.
    """

    def __init__(
        self,
        server: str,
        token: str,
        timeout: float = 10.0,
        deadline: float | None = None,
        clock: ClockObserver | None = None,
        local: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.base = server.rstrip("/") + "/api/gates/v1/"
        self._token = token
        self.timeout = timeout
        self.deadline = timeout if deadline is None else deadline
        self.clock = clock
        self.local = local

    def __repr__(self) -> str:
        return f"GateApi({self.base!r}, token=<redacted>)"

    @functools.cached_property
    def _tls(self) -> ssl.SSLContext:
        """One TLS context for every call (urllib makes one per handler otherwise, even for
        plain HTTP): making one reads the whole CA bundle, which per request was most of the
        CPU a gate spent on each heartbeat, batch and snapshot."""
        context = ssl.create_default_context()
        context.set_alpn_protocols(["http/1.1"])
        return context

    def _call(
        self,
        method: str,
        path: str,
        body: Any = None,
        deadline: float | None = None,
        time_key: str = "server_time",
    ) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Authorization", f"Device {self._token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        total = self.deadline if deadline is None else deadline
        guard = _Deadline(total)
        opener = urllib.request.build_opener(_GuardedHandler(guard, self._tls))
        sent = self.local()
        try:
            with guard, opener.open(request, timeout=min(self.timeout, total)) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as error:
            if guard.expired:
                raise ApiError(0, f"{self.base}: no complete answer within {total:g} s") from None
            try:
                detail = error.read()[:300].decode("utf-8", "replace")
            except (OSError, http.client.HTTPException):
                detail = ""
            raise ApiError(error.code, detail) from None
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:
            if guard.expired:
                raise ApiError(0, f"{self.base}: no complete answer within {total:g} s") from None
            reason = getattr(error, "reason", None) or error.__class__.__name__
            raise ApiError(0, f"{self.base}: {reason}") from None
        received = self.local()
        if self.clock is not None and isinstance(answer, dict):
            server_time = parse_server_time(answer.get("server_time") or answer.get(time_key))
            if server_time is not None:
                self.clock(sent, received, server_time)
        return answer

    def send_taps(self, entries: list[JournalEntry]) -> list[int]:
        """The sequences the server now holds: accepted now, held before, or stored as conflicts
        (an older server answers without ``conflicts``)."""
        answer = self._call("POST", "taps", {"taps": [entry.report() for entry in entries]})
        try:
            held = [int(n) for key in ("accepted", "duplicates") for n in answer[key]]
            held += [int(n) for n in answer.get("conflicts") or []]
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ApiError(200, "the server's answer to a tap batch is not one") from None
        return held

    def heartbeat(self, report: dict[str, Any], deadline: float | None = None) -> dict[str, Any]:
        answer = self._call("POST", "heartbeat", report, deadline=deadline)
        return dict(answer) if isinstance(answer, dict) else {}

    def snapshot(self, since: datetime | None = None) -> dict[str, Any]:
        query = "" if since is None else "?" + urllib.parse.urlencode({"since": since.isoformat()})
        answer = self._call("GET", "snapshot" + query, time_key="taken_at")
        if not isinstance(answer, dict):
            raise ApiError(200, "the server's snapshot is not an object")
        return dict(answer)


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
    # While the server cannot be reached: a heartbeat every probe_every/2 .. probe_every seconds.
    probe_every: float = 2.0
    probe_deadline: float = 3.0
    request_deadline: float = 10.0  # total seconds for any one request, answer included
    stall_after: float = STALL_AFTER.total_seconds()  # an undelivered tap this old: stalled


def unreachable(error: BaseException) -> bool:
    """No answer at all (refused, reset, timed out): the server or the network is away."""
    return isinstance(error, ApiError) and error.status == 0


class Sync:
    """The sync loop; ``start()`` runs it on a daemon thread, ``stop()`` ends it promptly."""

    def __init__(
        self,
        api: GateApi,
        journal: Journal,
        store: SnapshotStore,
        settings: SyncSettings | None = None,
        reader_state: Callable[[], str] = lambda: "",
        clock: GateClock | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.api = api
        self.journal = journal
        self.store = store
        self.settings = settings or SyncSettings()
        self.reader_state = reader_state
        self.clock = clock
        if clock is not None and api.clock is None:
            api.clock = clock.observe
        self._rng = rng or random.Random()
        self.backoff = Backoff(self.settings.backoff_base, self.settings.backoff_cap, self._rng)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.online = False
        self.unreachable = False
        self.error = ""  # the last cycle's error, "" once a cycle succeeds
        self.first_cycle = threading.Event()  # set once the first attempt ended, either way
        self.beat_at = time.monotonic()  # the loop's own pulse, for the daemon's watchdog
        self.restarts = 0
        now = time.monotonic()
        self._next_snapshot = self._next_full = self._next_heartbeat = now

    # --- control ------------------------------------------------------------------------------
    def start(self) -> Sync:
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, name="gate-sync", daemon=True)
        self._thread.start()
        return self

    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def ensure_running(self) -> bool:
        """Restart the thread if it died; True when it had to (the daemon's watchdog)."""
        if self._stop.is_set() or self.alive():
            return False
        self.restarts += 1
        log.error("sync_thread_restarted", extra={"fields": {"restarts": self.restarts}})
        self.start()
        return True

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def tap_journaled(self) -> None:
        """A new tap is waiting: deliver it now rather than at the next tick."""
        self._wake.set()

    def now(self) -> datetime:
        return self.clock.now() if self.clock is not None else datetime.now(UTC)

    # --- the loop -----------------------------------------------------------------------------
    def run(self) -> None:
        while not self._stop.is_set():
            self.beat_at = time.monotonic()
            try:
                if self.unreachable and not self._probe():
                    continue
                self.cycle()
            except Exception as error:  # whatever it was, the loop goes on
                self._failed(error)
                continue
            finally:
                self.first_cycle.set()
            self._succeeded()
            due = min(self._next_snapshot, self._next_heartbeat) - time.monotonic()
            self._wake.wait(max(0.0, due))
            self._wake.clear()

    def cycle(self) -> None:
        """Snapshot (when due), delivery, heartbeat (when due): each tried even if another
        failed for a local reason (a full disk must not stop delivery); the first error is
        raised once all were tried. A failed request stops the cycle at once."""
        errors: list[Exception] = []
        now = time.monotonic()
        steps: list[Callable[[], None]] = []
        if now >= self._next_snapshot:
            steps.append(functools.partial(self._snapshot_step, now))
        steps.append(self._deliver_step)
        if now >= self._next_heartbeat:
            steps.append(functools.partial(self._heartbeat_step, now))
        for step in steps:
            try:
                step()
            except Exception as error:  # reported below, with the others
                errors.append(error)
                if isinstance(error, ApiError):
                    break  # the server's trouble: do not press it with the other steps
        if errors:
            raise errors[0]

    def _snapshot_step(self, now: float) -> None:
        full = now >= self._next_full
        self.pull_snapshot(full=full)
        if full:
            self._next_full = now + self.settings.full_snapshot_every
        self._next_snapshot = now + self.settings.snapshot_every

    def _deliver_step(self) -> None:
        self.deliver()

    def _heartbeat_step(self, now: float) -> None:
        self.heartbeat()
        self._next_heartbeat = now + self.settings.heartbeat_every

    def _probe(self) -> bool:
        """One cheap heartbeat while the server is away; True when it answered."""
        try:
            self.heartbeat(deadline=self.settings.probe_deadline)
        except Exception as error:  # still away (or worse): wait and probe again
            if not unreachable(error):
                self.unreachable = False  # it answers: the next cycle tells what is wrong
                raise
            self._record(error)
            self.first_cycle.set()
            self._stop.wait(self.probe_delay())
            return False
        log.info("server_reachable", extra={"fields": {"pending": self._pending()}})
        self.unreachable = False
        self._next_heartbeat = time.monotonic() + self.settings.heartbeat_every
        return True

    def probe_delay(self) -> float:
        every = self.settings.probe_every
        return every / 2 + self._rng.uniform(0, every / 2)

    def _failed(self, error: Exception) -> None:
        self.unreachable = unreachable(error)
        self.online = not self.unreachable
        delay = self.probe_delay() if self.unreachable else self.backoff.failed()
        self._record(error)
        log.warning(
            "sync_failed",
            extra={
                "fields": {
                    "error": self.error,
                    "retry_in_s": round(delay, 2),
                    "failures": self.backoff.failures,
                    "pending": self._pending(),
                }
            },
        )
        self._stop.wait(delay)  # new taps do not cut a backoff short

    def _record(self, error: BaseException) -> None:
        if isinstance(error, ApiError | SnapshotError | JournalError | OSError):
            text = log_text(error)
        else:
            text = f"{error.__class__.__name__}: {error}"
        self.error = (text or error.__class__.__name__)[:200]
        with suppress(JournalError):
            self.journal.set_meta("last_error", self.error)
            self.journal.set_meta("sync_error", self.error)

    def _succeeded(self) -> None:
        if self.backoff.failures or self.error:
            log.info("sync_restored", extra={"fields": {"after": self.backoff.failures}})
        self.backoff.succeeded()
        self.online = True
        self.unreachable = False
        if self.error:
            self.error = ""
            with suppress(JournalError):
                self.journal.set_meta("sync_error", "")

    def _pending(self) -> int | None:
        try:
            return self.journal.pending()
        except JournalError:
            return None

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

    def delivery_state(self) -> dict[str, Any]:
        """How delivery stands, for ``status`` and the heartbeat (journal trouble included)."""
        return delivery_state(
            self.journal, self.now(), self.error, timedelta(seconds=self.settings.stall_after)
        )

    def heartbeat(self, deadline: float | None = None) -> None:
        snapshot = self.store.current
        age = None
        if snapshot is not None:
            age = max(0, int((self.now() - snapshot.taken_at).total_seconds()))
        state = self.delivery_state()
        report: dict[str, Any] = {
            "journal_pending": state["pending"] or 0,
            "software_version": __version__,
            "snapshot_age_seconds": age,
            "reader": self.reader_state()[:120],
            "journal_id": self.journal.journal_id,
            "journal_ok": state["journal_ok"],
            "oldest_undelivered_age_seconds": state["oldest_undelivered_age_seconds"],
            "sync_error": self.error[:200],
        }
        if state["high_water"] is not None:
            report["last_sequence"] = state["high_water"]
        if self.clock is not None:
            offset = self.clock.offset_ms
            if offset is not None:
                report["clock_offset_ms"] = max(-(10**10), min(10**10, offset))
            report["clock_trusted"] = self.clock.trusted()
        answer = self.api.heartbeat(report, deadline=deadline)
        held = answer.get("last_sequence")
        if isinstance(held, int) and not isinstance(held, bool) and held > 0:
            # What the server holds from this gate over all journals: a lost journal's new
            # numbers start above it (the snapshot's last_sequence says the same, later).
            with suppress(JournalError):
                self.journal.raise_floor(held)
        with suppress(JournalError):
            self.journal.set_meta("last_heartbeat_at", datetime.now(UTC).isoformat())


def delivery_state(
    journal: Journal, now: datetime, sync_error: str, stall_after: timedelta = STALL_AFTER
) -> dict[str, Any]:
    """Pending taps, the oldest one's age, and whether delivery has stalled."""
    try:
        pending: int | None = journal.pending()
        oldest = journal.oldest_undelivered()
        high_water: int | None = journal.high_water()
        journal_ok, journal_error = True, ""
    except JournalError as error:
        pending, oldest, high_water = None, None, None
        journal_ok, journal_error = False, log_text(error)
    age = None if oldest is None else max(0, int((now - oldest).total_seconds()))
    return {
        "pending": pending,
        "high_water": high_water,
        "oldest_undelivered_age_seconds": age,
        "delivery_stalled": age is not None and age > stall_after.total_seconds(),
        "sync_error": sync_error,
        "journal_ok": journal_ok,
        "journal_error": journal_error,
    }


def _batches(entries: list[JournalEntry], size: int) -> list[list[JournalEntry]]:
    return [entries[start : start + size] for start in range(0, len(entries), size)]
