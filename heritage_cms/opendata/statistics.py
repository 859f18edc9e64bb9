"""Daily entries per monument as open data: aggregated counts only, never a card or a tap.

Read from the hourly tap counts ``cards`` keeps (``TapRollup``), summed per local day, so a
year's export costs a few thousand rows whatever the number of taps. Only whole days are
published (up to yesterday): a day in progress would be a moving number in someone's dataset.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta

from django.db.models import Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from heritage_cms.cards.models import TapRollup
from heritage_cms.core.licences import LICENCES

LICENCE = LICENCES["cc-by-4.0"]
MAX_DAYS = 366
CSV_COLUMNS = ["date", "site", "entries", "licence"]


class PeriodError(ValueError):
    """A period a person asked for that cannot be served; the message says what to ask."""


def period(start: str | None, end: str | None) -> tuple[date, date]:
    """The days asked for (default: the last 30 whole days), at most a year."""
    yesterday = timezone.localdate() - timedelta(days=1)
    try:
        last = date.fromisoformat(end) if end else yesterday
        first = date.fromisoformat(start) if start else last - timedelta(days=29)
    except ValueError:
        raise PeriodError("Give dates as YYYY-MM-DD, for example from=2026-11-01.") from None
    last = min(last, yesterday)
    if first > last:
        raise PeriodError("The start date must not be after the end date (or after yesterday).")
    if (last - first).days >= MAX_DAYS:
        raise PeriodError(f"Ask for at most {MAX_DAYS} days at a time.")
    return first, last


def daily_entries(first: date, last: date) -> list[dict]:
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    rows = (
        TapRollup.objects.filter(outcome=TapRollup.Outcome.ENTERED, hour__gte=start, hour__lt=end)
        .annotate(day=TruncDate("hour", tzinfo=zone))
        .values("day", "site__code")
        .annotate(entries=Sum("taps"))
        .order_by("day", "site__code")
    )
    return [
        {"date": row["day"].isoformat(), "site": row["site__code"], "entries": row["entries"]}
        for row in rows
    ]


def as_json(first: date, last: date) -> dict:
    return {
        "title": "Daily entries per monument",
        "description": "Visitors let in at each monument's entry gates per day (local time); "
        "aggregated counts, no personal data.",
        "licence": {"name": str(LICENCE.label), "url": LICENCE.url},
        "from": first.isoformat(),
        "to": last.isoformat(),
        "days": daily_entries(first, last),
    }


def as_csv(first: date, last: date) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in daily_entries(first, last):
        writer.writerow([row["date"], row["site"], row["entries"], LICENCE.url])
    return out.getvalue()
