"""Hourly tap counts kept as a batch is ingested: one upsert per batch, never a scan of taps.

``ingest`` hands over the batch's stored taps; they are summed per (hour, outcome, reason) in
Python and added to :class:`TapRollup` with one ``INSERT … ON CONFLICT DO UPDATE`` (PostgreSQL and
SQLite ≥ 3.24 alike). Batches from different gates touch different rows (the gate is part of the
key), so gates never wait on each other here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime

from django.db import connection

from .bulk import db_datetime
from .models import Gate, Tap, TapRollup

# One stored tap as the rollup sees it: (occurred_at, decision, reason, fare posted in đồng).
RolledTap = tuple[datetime, str, str, int]


def hour_of(moment: datetime) -> datetime:
    """The UTC hour a moment falls in (the board shows it in local time)."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def outcome_of(decision: str, direction: str) -> str:
    if decision != Tap.Decision.ENTERED:
        return TapRollup.Outcome.REFUSED
    if direction == Gate.Direction.EXIT:
        return TapRollup.Outcome.EXITED
    return TapRollup.Outcome.ENTERED


def add_taps(gate: Gate, taps: Iterable[RolledTap]) -> None:
    """Add a batch's new taps to the hourly counts of its gate (inside the batch's transaction)."""
    counts: Counter[tuple[datetime, str, str]] = Counter()
    revenue: Counter[tuple[datetime, str, str]] = Counter()
    for occurred_at, decision, reason, posted in taps:
        outcome = outcome_of(decision, gate.direction)
        key = (hour_of(occurred_at), outcome, reason if outcome == "refused" else "")
        counts[key] += 1
        revenue[key] += posted
    if not counts:
        return
    quote = connection.ops.quote_name
    table = quote(TapRollup._meta.db_table)
    columns = ["site_id", "gate_id", "hour", "outcome", "reason", "taps", "revenue"]
    rows = [
        (gate.site_id, gate.pk, db_datetime(hour), outcome, reason, n, revenue[key])
        for key, n in sorted(counts.items())
        for hour, outcome, reason in [key]
    ]
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(map(quote, columns))}) "
            f"VALUES {', '.join([one] * len(rows))} "
            "ON CONFLICT (site_id, hour, gate_id, outcome, reason) DO UPDATE SET "
            f"taps = {table}.taps + excluded.taps, revenue = {table}.revenue + excluded.revenue",
            [value for row in rows for value in row],
        )
