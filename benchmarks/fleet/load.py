"""The fleet benchmark's arithmetic, kept apart from the load generator so it can be read and
tested on its own: how Huế's busiest hour turns into taps per gate, page views and card-page
visits per second, and how a stage's figures become the printed table and its verdict.

Assumptions (printed with every run, change them here):

* Đại Nội's peak hour on Huế's busiest day: about 1,500 entries. The other demo monuments are
  given as shares of it (Thiên Mụ 30 %, Khải Định 25 %, Tự Đức 20 %, Minh Mạng 15 %), so the
  city's peak hour is 2,850 entries.
* Every entry is one tap at an entry gate and, later, one at an exit gate; 8 % more taps are
  refused (passback, balance, blocked card …) and tried again. So 2.08 taps per entry.
* Each entering visitor opens 8 visitor pages (home, monument, relic, tour; several languages)
  during the hour; 10 % of them open their card's page: one look-up with the printed access
  code, then 3 views of the page through its signed link.
* A gate sends each tap as soon as it is journaled (the daemon wakes on a tap), so a batch holds
  what was journaled while the previous request was in flight; heartbeats every 30 s, an
  incremental snapshot every 60 s and a full one every hour (the daemon's SyncSettings).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

DAI_NOI_PEAK_ENTRIES = 1500  # entries in Đại Nội's peak hour, Huế's busiest day (assumed)
SITE_SHARES = {  # each monument's peak hour as a share of Đại Nội's (assumed)
    "dai-noi": 1.0,
    "chua-thien-mu": 0.30,
    "lang-khai-dinh": 0.25,
    "lang-tu-duc": 0.20,
    "lang-minh-mang": 0.15,
}
EXIT_TAPS_PER_ENTRY = 1.0
REFUSED_TAPS_PER_ENTRY = 0.08
PAGES_PER_VISITOR = 8
CARD_VISITOR_SHARE = 0.10
CARD_VIEWS_PER_LOOKUP = 3
CACHED_SHARE = 0.7  # page views the anonymous page cache may serve; the rest carry a query
LANGUAGES = {"vi": 0.30, "en": 0.30, "ko": 0.15, "zh-hans": 0.12, "fr": 0.08, "ja": 0.05}
PAGE_KINDS = {"home": 0.15, "monument": 0.25, "relic": 0.45, "tour": 0.15}
EXIT_GATE_SHARE = 0.2  # one gate in five at a monument lets visitors out

# The daemon's schedule (cardreader_service.sync.SyncSettings defaults), in seconds.
HEARTBEAT_EVERY = 30.0
SNAPSHOT_EVERY = 60.0
FULL_SNAPSHOT_EVERY = 3600.0

P99_BOUND_S = 1.0  # every endpoint but the two below
FULL_SNAPSHOT_BOUND_S = 10.0  # the daemon's request deadline: a slower answer fails the gate
# The access code is checked like a password, on purpose (Django's PBKDF2, 1.5 million rounds:
# about 0.45 s of one core here), so a stolen database does not give away six-character codes;
# the visitor who typed it waits at most this long.
CODE_POSTED = "card look-up (code posted)"
CODE_CHECK_BOUND_S = 2.0
ACHIEVED_SHARE = 0.9  # a stage holds only if the load it was meant to offer was offered


def city_peak_entries() -> float:
    """Entries in the city's peak hour across the monuments."""
    return DAI_NOI_PEAK_ENTRIES * sum(SITE_SHARES.values())


@dataclass(frozen=True)
class GatePlan:
    site: str
    direction: str  # "entry" or "exit"
    taps_per_hour_at_peak: float  # at x1


def plan_gates(count: int) -> list[GatePlan]:
    """``count`` gates over the monuments in proportion to their peak, one in five an exit
    (at least one entry and one exit at each); each gate's share of its monument's taps."""
    if count < 2 * len(SITE_SHARES):
        raise ValueError(f"at least {2 * len(SITE_SHARES)} gates: an entry and an exit each")
    total = sum(SITE_SHARES.values())
    sites = sorted(SITE_SHARES, key=lambda code: -SITE_SHARES[code])
    counts = {code: max(2, math.floor(count * SITE_SHARES[code] / total)) for code in sites}
    while sum(counts.values()) < count:  # the remainder to the busiest monuments first
        for code in sites:
            if sum(counts.values()) < count:
                counts[code] += 1
    while sum(counts.values()) > count:
        code = max(sites, key=lambda c: counts[c])
        counts[code] -= 1
    gates = []
    for code in sites:
        entries = DAI_NOI_PEAK_ENTRIES * SITE_SHARES[code]
        exits = max(1, round(counts[code] * EXIT_GATE_SHARE))
        entry_gates = counts[code] - exits
        per_entry = entries * (1 + REFUSED_TAPS_PER_ENTRY) / entry_gates
        per_exit = entries * EXIT_TAPS_PER_ENTRY / exits
        gates += [GatePlan(code, "entry", per_entry) for _ in range(entry_gates)]
        gates += [GatePlan(code, "exit", per_exit) for _ in range(exits)]
    return gates


@dataclass(frozen=True)
class Rates:
    """Requests per second the fleet and the visitors are meant to make at one multiple."""

    multiple: float
    taps: float
    heartbeats: float
    snapshots: float
    full_snapshots: float
    pages: float
    card_lookups: float
    card_views: float

    @property
    def visitor_actions(self) -> float:
        """What the simulated visitors do a second: a page, a look-up (which opens the card
        page: its first view) or a view of the card page through the link."""
        return self.pages + self.card_views

    @property
    def visitor_requests(self) -> float:
        # A look-up adds two requests to its card-page view: the form, then the code posted.
        return self.pages + 2 * self.card_lookups + self.card_views

    @property
    def total(self) -> float:
        return self.taps + self.heartbeats + self.snapshots + self.visitor_requests


def rates(multiple: float, gates: int) -> Rates:
    entries = city_peak_entries() * multiple / 3600
    lookups = entries * CARD_VISITOR_SHARE
    return Rates(
        multiple=multiple,
        taps=entries * (1 + EXIT_TAPS_PER_ENTRY + REFUSED_TAPS_PER_ENTRY),
        heartbeats=gates / HEARTBEAT_EVERY,
        snapshots=gates / SNAPSHOT_EVERY,
        full_snapshots=gates / FULL_SNAPSHOT_EVERY,
        pages=entries * PAGES_PER_VISITOR,
        card_lookups=lookups,
        card_views=lookups * CARD_VIEWS_PER_LOOKUP,
    )


def visitor_users(rate: Rates, per_user: float) -> int:
    """Simulated visitors needed when each does ``per_user`` actions a second."""
    return max(1, math.ceil(rate.visitor_actions / per_user))


def next_multiple(held: Sequence[float], failed: Sequence[float], start: float) -> float | None:
    """The next stage's multiple: double while every stage held, then one stage between the
    highest held and the lowest failed; halve while nothing held (down to x1). None: done."""
    if not held and not failed:
        return start
    if not failed:
        return max(held) * 2
    low = min(failed)
    if not held:
        return low / 2 if low / 2 >= 1 else None
    high = max(held)
    if low / high <= 1.25:
        return None
    between = round(math.sqrt(high * low))
    return between if high < between < low and between not in failed else None


def headroom(held: Sequence[float], failed: Sequence[float]) -> str:
    """The highest multiple of the peak held, in words."""
    if not held:
        return f"not even x{min(failed):g} of Huế's peak held on this machine, as measured"
    best = max(held)
    above = [m for m in failed if m > best]
    return f"this machine holds x{best:g} Huế's peak hour" + (
        f" (x{min(above):g} missed)" if above else " (no stage missed: it may hold more)"
    )


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Endpoint:
    name: str
    latencies: list[float] = field(default_factory=list)  # seconds, answered requests
    errors: int = 0
    error_examples: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def bound(self) -> float:
        if "full" in self.name:
            return FULL_SNAPSHOT_BOUND_S
        return CODE_CHECK_BOUND_S if self.name == CODE_POSTED else P99_BOUND_S


@dataclass
class Stage:
    multiple: float
    seconds: float
    planned: Rates
    endpoints: dict[str, Endpoint]

    def achieved(self) -> float:
        return sum(e.requests for e in self.endpoints.values()) / self.seconds

    def problems(self) -> list[str]:
        """Why this stage does not hold its multiple (empty: it holds)."""
        found = []
        for endpoint in self.endpoints.values():
            if endpoint.errors:
                found.append(f"{endpoint.name}: {endpoint.errors} errors")
            if endpoint.latencies and percentile(endpoint.latencies, 0.99) > endpoint.bound:
                p99 = percentile(endpoint.latencies, 0.99)
                found.append(f"{endpoint.name}: p99 {p99:.2f} s > {endpoint.bound:g} s")
        if self.achieved() < ACHIEVED_SHARE * self.planned.total:
            found.append(
                f"offered {self.achieved():.1f} req/s of the {self.planned.total:.1f} planned"
            )
        return found


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}" if seconds >= 0.01 else f"{seconds * 1000:.1f}"


def table(endpoints: Iterable[Endpoint]) -> list[str]:
    rows = [
        f"{'endpoint':<34} {'requests':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
        f"{'p99 bound':>9}"
    ]
    for endpoint in endpoints:
        if endpoint.latencies:
            p50 = ms(percentile(endpoint.latencies, 0.5))
            p99 = ms(percentile(endpoint.latencies, 0.99))
        else:
            p50 = p99 = "-"
        rows.append(
            f"{endpoint.name:<34} {endpoint.requests:>9,} {p50:>8} {p99:>8} {endpoint.errors:>7} "
            f"{ms(endpoint.bound):>9}"
        )
    return rows


def describe(rate: Rates, gates: int) -> list[str]:
    """What xmultiple of the peak means, in the words of the assumptions."""
    entries = city_peak_entries()
    return [
        f"Huế's peak hour (assumed): Đại Nội ~{DAI_NOI_PEAK_ENTRIES:,} entries; with Thiên Mụ, "
        f"Khải Định, Tự Đức and Minh Mạng at "
        + ", ".join(f"{SITE_SHARES[c]:.0%}" for c in list(SITE_SHARES)[1:])
        + f" of it, {entries:,.0f} entries city-wide",
        f"x{rate.multiple:g} of it: {rate.taps:.1f} taps/s over {gates} gates "
        f"(entry + exit + {REFUSED_TAPS_PER_ENTRY:.0%} refused), "
        f"{rate.heartbeats:.1f} heartbeats/s, {rate.snapshots:.1f} snapshots/s "
        f"({rate.full_snapshots * 60:.1f} full a minute)",
        f"visitors: {rate.pages:.1f} pages/s ({PAGES_PER_VISITOR} a visitor, "
        f"{CACHED_SHARE:.0%} cacheable), {rate.card_lookups:.2f} card look-ups/s "
        f"({CARD_VISITOR_SHARE:.0%} of visitors) and {rate.card_views:.1f} card-page views/s",
    ]
