"""What the operations board and the curators' report read: sums of the hourly counters."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db.models import Sum

from .counting import hour_of
from .models import StopEngagement


def per_stop(since: datetime, until: datetime, pages=None) -> dict[int, dict[str, dict[str, int]]]:
    """``{page_id: {kind: {language: count}}}`` for the hours starting in [since, until).

    ``pages`` (ids or pages, optional) narrows to those stops; ids are the source-language
    pages, as counted (see ``beacon``). Hours are whole: ``since`` is rounded down to its hour.
    """
    rows = StopEngagement.objects.filter(hour__gte=hour_of(since), hour__lt=until)
    if pages is not None:
        rows = rows.filter(page__in=pages)
    result: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for page_id, kind, language, total in (
        rows.values("page", "kind", "language")
        .annotate(total=Sum("count"))
        .values_list("page", "kind", "language", "total")
    ):
        result[page_id][kind][language] = total
    return {page: dict(kinds) for page, kinds in result.items()}


def per_hour(since: datetime, until: datetime, kind: str) -> dict[datetime, int]:
    """``{hour: count}`` over every stop and language, for a board's sparkline."""
    rows = (
        StopEngagement.objects.filter(hour__gte=hour_of(since), hour__lt=until, kind=kind)
        .values("hour")
        .annotate(total=Sum("count"))
        .values_list("hour", "total")
    )
    return dict(rows)
