"""What the operations board reads: open reports per monument and how fast staff answer."""

from __future__ import annotations

from datetime import datetime, timedelta
from statistics import median

from django.db.models import Count, Min

from .models import OPEN_STATUSES, Status, VisitorReport


def open_counts(sites=None) -> dict[int | None, dict[str, object]]:
    """``{site_id: {"new": n, "in_progress": m, "oldest_open": datetime}}`` for every monument
    with an open report (``None``: reports sent from a page of no monument). ``sites`` (ids or
    Site objects, optional) narrows to those monuments."""
    rows = VisitorReport.objects.filter(status__in=OPEN_STATUSES)
    if sites is not None:
        rows = rows.filter(site__in=sites)
    counts: dict[int | None, dict[str, object]] = {}
    for site_id, status, number, oldest in (
        rows.values("site", "status")
        .annotate(number=Count("pk"), oldest=Min("created_at"))
        .values_list("site", "status", "number", "oldest")
        .order_by()
    ):
        entry = counts.setdefault(
            site_id, {Status.NEW.value: 0, Status.IN_PROGRESS.value: 0, "oldest_open": oldest}
        )
        entry[status] = number
        entry["oldest_open"] = min(entry["oldest_open"], oldest)
    return counts


def response_times(since: datetime, sites=None) -> dict[str, timedelta | None]:
    """Median time to first response and to closing, over reports received since ``since``."""
    rows = VisitorReport.objects.filter(created_at__gte=since)
    if sites is not None:
        rows = rows.filter(site__in=sites)
    first, closed = [], []
    for created, responded, resolved in rows.values_list(
        "created_at", "first_response_at", "resolved_at"
    ):
        if responded:
            first.append(responded - created)
        if resolved:
            closed.append(resolved - created)
    return {
        "first_response": median(first) if first else None,
        "resolution": median(closed) if closed else None,
    }
