"""Adding to the hourly counters: one statement per batch, safe under concurrent beacons.

``INSERT … ON CONFLICT (page, language, kind, hour) DO UPDATE SET count = count + excluded``
works the same on PostgreSQL and on the embedded SQLite (3.24+), needs no lock held across
statements, and never loses an increment when two workers add to the same hour at once.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from django.db import connection, transaction

from .models import StopEngagement

CounterKey = tuple[int, str, str, datetime]  # page id, language, kind, start of the UTC hour


def hour_of(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def record(counts: Counter[CounterKey]) -> int:
    """Add ``counts`` to the counters; returns how many rows were touched.

    Keys are written in sorted order, so two batches touching the same rows lock them in the
    same order and cannot deadlock on PostgreSQL.
    """
    rows = sorted((key, n) for key, n in counts.items() if n > 0)
    if not rows:
        return 0
    meta = StopEngagement._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = [quote(meta.get_field(name).column) for name in ("page", "language", "kind", "hour")]
    count = quote(meta.get_field("count").column)
    placeholders = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}, {count}) VALUES {placeholders} "
        f"ON CONFLICT ({', '.join(columns)}) "
        f"DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    )
    params: list[object] = []
    for (page_id, language, kind, hour), n in rows:
        hour = connection.ops.adapt_datetimefield_value(hour_of(hour))
        params += [page_id, language, kind, hour, n]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return len(rows)
