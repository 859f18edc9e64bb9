"""The fleet benchmark's locust users: gates and visitors, configured by ``run.py`` through
:data:`PLAN` and driven there in stages (this file is not meant for the ``locust`` command).

``GateUser`` is one gate: it talks to the server with the daemon's own client
(``cardreader_service.sync.GateApi``: the device token, the same JSON, the same 10 s deadline)
on the daemon's schedule (a heartbeat every 30 s, an incremental snapshot every 60 s, a full one
every hour, each at its own phase) and journals taps as a Poisson stream at its share of the
current multiple of Huế's peak; whatever was journaled is sent at once, in batches of at most
500, and kept until the server acknowledges it, as the journal does. Its book records every tap
journaled and every sequence acknowledged, for ``run.py`` to compare with the Tap table.

``VisitorUser`` is a phone: pages (home, monument, relic, tour) in several languages, cacheable
or with a query string the page cache never serves, and the card page — a look-up with a demo
card's printed access code, then views through the signed link it gives. Each visitor comes
through the TLS proxy with its own address (``X-Forwarded-For``), as in production.
"""

from __future__ import annotations

import itertools
import random
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import gevent
from locust import FastHttpUser, User, constant_throughput, task

from benchmarks.fleet import load
from benchmarks.operations_board.fleet import REFUSALS
from cardreader_service import (
    MAX_BATCH,
    SINCE_OVERLAP,
    ApiError,
    Backoff,
    GateApi,
    JournalEntry,
    __version__,
)

JOURNAL_ID = "fleet"
CSRF_COOKIE = re.compile(r"csrftoken=([A-Za-z0-9]+)")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@dataclass
class GateBook:
    """One gate: its plan and what became of its taps."""

    token: str
    gate_id: int
    site: str
    direction: str
    fare: int
    taps_per_hour_at_peak: float
    host: str = ""
    journaled: int = 0
    pending: list[JournalEntry] = field(default_factory=list)
    acknowledged: set[int] = field(default_factory=set)
    batches: int = 0
    finished: bool = False


@dataclass
class Plan:
    hosts: list[str] = field(default_factory=list)
    gates: list[GateBook] = field(default_factory=list)
    cards: list[str] = field(default_factory=list)
    entitlements: dict[str, int] = field(default_factory=dict)  # card number -> combo pass
    pages: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # kind -> lang -> paths
    demo_cards: list[tuple[str, str]] = field(default_factory=list)  # number, access code
    multiple: float = 1.0
    rates: load.Rates | None = None
    per_visitor: float = 0.5  # actions a second per simulated visitor
    stopping: bool = False
    resting: bool = False  # visitors pause while the servers recover between stages
    in_flight: int = 0  # requests sent and not yet answered
    drain_seconds: float = 60.0
    links: list[str] = field(default_factory=list)  # card pages visitors already opened
    _next_gate: itertools.count = field(default_factory=itertools.count)
    _next_host: itertools.count = field(default_factory=itertools.count)

    def take_gate(self) -> GateBook:
        return self.gates[next(self._next_gate)]

    def next_host(self) -> str:
        return self.hosts[next(self._next_host) % len(self.hosts)]


PLAN = Plan()


def visitor_address(rng: random.Random) -> str:
    return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


class GateUser(User):
    fixed_count = 0  # run.py sets it to the number of gates

    def on_start(self) -> None:
        self.book = PLAN.take_gate()
        self.book.host = PLAN.hosts[self.book.gate_id % len(PLAN.hosts)]
        self.api = GateApi(self.book.host, self.book.token, timeout=10.0, deadline=10.0)
        self.rng = random.Random(self.book.token)
        self.backoff = Backoff(rng=self.rng)
        self.error = ""

    # --- what the gate journals --------------------------------------------------------------
    def tap_rate(self) -> float:
        return self.book.taps_per_hour_at_peak * PLAN.multiple / 3600

    def journal_tap(self) -> None:
        book = self.book
        book.journaled += 1
        number = self.rng.choice(PLAN.cards)
        decision, reason, fare, entitlement = "entered", "", 0, None
        refused = load.REFUSED_TAPS_PER_ENTRY / (1 + load.REFUSED_TAPS_PER_ENTRY)
        if book.direction == "entry" and self.rng.random() < refused:
            decision = "refused"
            reason = self.rng.choices([r for r, _ in REFUSALS], [w for _, w in REFUSALS])[0]
        elif book.direction == "entry" and number in PLAN.entitlements:
            entitlement = PLAN.entitlements[number]
        elif book.direction == "entry":
            fare = book.fare
        book.pending.append(
            JournalEntry(
                sequence=book.journaled,
                occurred_at=datetime.now(UTC),
                card_number=number,
                uid="",
                decision=decision,
                reason=reason,
                message="",
                basis="",
                fare=fare,
                entitlement_id=entitlement,
                direction=book.direction,
                delivered_at=None,
                journal_id=JOURNAL_ID,
            )
        )

    # --- what it sends -----------------------------------------------------------------------
    def timed(self, method: str, name: str, call):
        """``call()`` through the gate client, reported to locust as one request."""
        started = time.perf_counter()
        PLAN.in_flight += 1
        failure = None
        try:
            return call()
        except ApiError as error:
            failure = error
            raise
        finally:
            PLAN.in_flight -= 1
            self.environment.events.request.fire(
                request_type=method,
                name=name,
                response_time=(time.perf_counter() - started) * 1000,
                response_length=0,
                exception=failure,
                context={},
            )

    def deliver(self) -> None:
        batch = self.book.pending[:MAX_BATCH]
        held = set(self.timed("POST", "gate: tap batch", lambda: self.api.send_taps(batch)))
        self.book.batches += 1
        self.book.acknowledged |= held & {entry.sequence for entry in batch}
        self.book.pending = [e for e in self.book.pending if e.sequence not in held]

    def heartbeat(self) -> None:
        pending = self.book.pending
        report = {
            "journal_pending": len(pending),
            "software_version": __version__,
            "snapshot_age_seconds": max(
                0, int((datetime.now(UTC) - self.taken_at).total_seconds())
            ),
            "reader": "ready",
            "journal_id": JOURNAL_ID,
            "journal_ok": True,
            "oldest_undelivered_age_seconds": (
                int((datetime.now(UTC) - pending[0].occurred_at).total_seconds())
                if pending
                else None
            ),
            "sync_error": self.error[:200],
            "last_sequence": self.book.journaled,
        }
        self.timed("POST", "gate: heartbeat", lambda: self.api.heartbeat(report))

    def snapshot(self, full: bool) -> None:
        since = None if full else self.taken_at - SINCE_OVERLAP
        name = "gate: snapshot (full)" if full else "gate: snapshot (incremental)"
        answer = self.timed("GET", name, lambda: self.api.snapshot(since))
        self.taken_at = datetime.fromisoformat(answer["taken_at"].replace("Z", "+00:00"))

    @task
    def run_gate(self) -> None:
        """The daemon's loop, until run.py says stop; then deliver what is left."""
        now = time.monotonic()
        rng = self.rng
        # Each gate joins the fleet mid-day: its last snapshot was taken up to a minute ago
        # and its hourly full one falls anywhere in the coming hour.
        self.taken_at = datetime.now(UTC) - timedelta(seconds=rng.uniform(0, load.SNAPSHOT_EVERY))
        due = {
            "heartbeat": now + rng.uniform(0, load.HEARTBEAT_EVERY),
            "snapshot": now + rng.uniform(0, load.SNAPSHOT_EVERY),
            "full": now + rng.uniform(0, load.FULL_SNAPSHOT_EVERY),
        }
        multiple = PLAN.multiple
        next_tap = now + rng.expovariate(self.tap_rate())
        while not PLAN.stopping:
            now = time.monotonic()
            if PLAN.multiple != multiple:  # a new stage: the Poisson stream at its new rate
                multiple = PLAN.multiple
                next_tap = now + rng.expovariate(self.tap_rate())
            while next_tap <= now:
                self.journal_tap()
                next_tap += rng.expovariate(self.tap_rate())
            try:
                if now >= due["snapshot"]:
                    full = now >= due["full"]
                    self.snapshot(full)
                    due["snapshot"] = now + load.SNAPSHOT_EVERY
                    if full:
                        due["full"] = now + load.FULL_SNAPSHOT_EVERY
                elif self.book.pending:
                    self.deliver()
                elif now >= due["heartbeat"]:
                    self.heartbeat()
                    due["heartbeat"] = now + load.HEARTBEAT_EVERY
                else:
                    gevent.sleep(max(0.0, min(next_tap, *due.values()) - now))
                    continue
            except ApiError as error:
                self.error = str(error)
                gevent.sleep(self.backoff.failed())
                continue
            self.backoff.succeeded()
            self.error = ""
        self.drain()
        self.book.finished = True
        gevent.sleep(3600)  # until run.py ends the run

    def drain(self) -> None:
        """What is still journaled goes now, with the daemon's backoff, for a bounded time."""
        until = time.monotonic() + PLAN.drain_seconds
        while self.book.pending and time.monotonic() < until:
            try:
                self.deliver()
            except ApiError:
                gevent.sleep(min(self.backoff.failed(), 5))


class VisitorUser(FastHttpUser):
    wait_time = constant_throughput(1)  # replaced by run.py: PLAN.per_visitor
    network_timeout = 30.0
    connection_timeout = 10.0

    def __init__(self, environment):
        self.host = PLAN.next_host()
        super().__init__(environment)
        self.rng = random.Random()
        self.address = visitor_address(self.rng)
        self.link = ""

    def language(self) -> str:
        return self.rng.choices(list(load.LANGUAGES), list(load.LANGUAGES.values()))[0]

    @task
    def visit(self) -> None:
        if PLAN.stopping or PLAN.resting:
            gevent.sleep(1)
            return
        PLAN.in_flight += 1
        try:
            self.act()
        finally:
            PLAN.in_flight -= 1

    def act(self) -> None:
        rates = PLAN.rates
        action = self.rng.choices(
            ["page", "lookup", "card"],
            [rates.pages, rates.card_lookups, rates.card_views - rates.card_lookups],
        )[0]
        if action == "page":
            self.page()
        elif action == "lookup" or not (self.link or PLAN.links):
            self.lookup()
        else:
            self.card_page(self.link or self.rng.choice(PLAN.links))

    def headers(self, address: str | None = None) -> dict[str, str]:
        return {"X-Forwarded-For": address or self.address}

    def page(self) -> None:
        kind = self.rng.choices(list(load.PAGE_KINDS), list(load.PAGE_KINDS.values()))[0]
        path = self.rng.choice(PLAN.pages[kind][self.language()])
        cached = self.rng.random() < load.CACHED_SHARE
        name = f"{kind} page ({'cacheable' if cached else 'uncached'})"
        if not cached:  # a shared or campaign link: the page cache never serves a query
            path = f"{path}?from=share-{self.rng.randrange(1000)}"
        self.client.get(path, headers=self.headers(), name=name)

    def lookup(self) -> None:
        """A visitor (a new address) opens the card look-up and types a demo card's code."""
        address = visitor_address(self.rng)
        language = self.language()
        number, code = self.rng.choice(PLAN.demo_cards)
        path = f"/{language}/card/"
        with self.client.get(
            path, headers=self.headers(address), name="card look-up form", catch_response=True
        ) as form:
            if form.status_code != 200 or form.headers is None:  # recorded: no token to post
                return
            cookie = CSRF_COOKIE.search(form.headers.get("Set-Cookie") or "")
            field_ = CSRF_FIELD.search(form.text or "")
            if not (cookie and field_):
                form.failure("no CSRF token on the look-up form")
                return
        with self.client.post(
            path,
            data={"number": number, "code": code, "csrfmiddlewaretoken": field_.group(1)},
            headers={**self.headers(address), "Cookie": f"csrftoken={cookie.group(1)}"},
            name=load.CODE_POSTED,
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            location = (answer.headers or {}).get("Location") or ""  # none when it failed
            if answer.status_code != 302 or "/card/" not in location:
                answer.failure(f"look-up answered {answer.status_code}, not the card page")
                return
        self.link = location
        if len(PLAN.links) < 100:
            PLAN.links.append(location)
        self.card_page(location)

    def card_page(self, link: str) -> None:
        self.client.get(link, headers=self.headers(), name="card page")
