"""The curators' report: which stops are heard and opened in 3D, and in which languages."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from . import stats
from .beacon import stop_content_types
from .models import EngagementKind

PERIODS = {
    1: gettext_lazy("Last 24 hours"),
    7: gettext_lazy("Last 7 days"),
    30: gettext_lazy("Last 30 days"),
}
VIEW_PERMISSION = "engagement.view_stopengagement"


def _languages_text(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    names = dict(settings.LANGUAGES)
    return [
        (code, str(names[code]), counts[code])
        for code, _name in settings.LANGUAGES
        if counts.get(code)
    ]


def report(request):
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied  # Wagtail's admin answers with the dashboard and a message
    days = request.GET.get("days", "7")
    days = int(days) if days in {str(d) for d in PERIODS} else 7
    until = timezone.now()
    counts = stats.per_stop(until - timedelta(days=days), until)
    # Every stop in the source language, heard or not: silence is what curators look for.
    stops = (
        Page.objects.live()
        .filter(content_type__in=stop_content_types(), locale__language_code=settings.LANGUAGE_CODE)
        .order_by("path")
    )
    rows = []
    for stop in stops:
        kinds = counts.get(stop.pk, {})
        plays = kinds.get(EngagementKind.AUDIO_PLAY, {})
        opens = kinds.get(EngagementKind.MODEL_OPEN, {})
        rows.append(
            {
                "page": stop,
                "plays": sum(plays.values()),
                "opens": sum(opens.values()),
                "plays_by_language": _languages_text(plays),
                "opens_by_language": _languages_text(opens),
            }
        )
    rows.sort(key=lambda row: (-row["plays"], -row["opens"], row["page"].path))
    return render(
        request,
        "engagement/admin/report.html",
        {
            "title": _("Stops heard and seen"),
            "rows": rows,
            "days": days,
            "periods": PERIODS.items(),
            "total_plays": sum(row["plays"] for row in rows),
            "total_opens": sum(row["opens"] for row in rows),
        },
    )
