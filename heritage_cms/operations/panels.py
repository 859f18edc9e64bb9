"""The board's panels from the apps beside it: open visitor reports and how fast staff answer,
and which stops visitors hear and open — each for the monuments the viewer watches.

operations builds on fieldreports and engagement (never the other way), so their figures are
read here through their ``stats`` modules and added with the board's own panel hook.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import Page

from heritage_cms.engagement import stats as engagement_stats
from heritage_cms.engagement.models import EngagementKind
from heritage_cms.fieldreports import stats as report_stats
from heritage_cms.sites.models import MonumentPage

from . import scope

TOP_STOPS = 10
PERIOD = timedelta(hours=24)


def visitor_reports(request) -> str:
    """Open reports per monument (new, in progress, oldest) and the week's median answer times."""
    sites = list(scope.visible_sites(request.user))
    counts = report_stats.open_counts(sites=[site.pk for site in sites])
    rows = [
        {
            "site": site,
            "new": counts[site.pk]["new"],
            "in_progress": counts[site.pk]["in_progress"],
            "oldest": counts[site.pk]["oldest_open"],
        }
        for site in sites
        if site.pk in counts
    ]
    times = report_stats.response_times(timezone.now() - timedelta(days=7), sites=sites)
    return render_to_string(
        "operations/admin/panel_reports.html",
        {"rows": rows, "times": times, "may_triage": request.user.has_perm(TRIAGE)},
        request=request,
    )


TRIAGE = "fieldreports.triage_visitorreport"


def _stops_of(sites) -> list[int]:
    """The source pages under the watched monuments (engagement counts against those)."""
    paths = MonumentPage.objects.filter(site__in=sites, alias_of__isnull=True).values_list(
        "path", flat=True
    )
    under = Q(pk__in=[])
    for path in paths:
        under |= Q(path__startswith=path)
    return list(Page.objects.filter(under).values_list("pk", flat=True))


def stops_heard(request) -> str:
    """The last 24 hours' most heard and opened stops, with the languages they were heard in."""
    now = timezone.now()
    counts = engagement_stats.per_stop(
        now - PERIOD, now, pages=_stops_of(scope.visible_sites(request.user))
    )
    titles = dict(Page.objects.filter(pk__in=counts).values_list("pk", "title"))
    rows = []
    for page_id, kinds in counts.items():
        plays = kinds.get(EngagementKind.AUDIO_PLAY, {})
        opens = kinds.get(EngagementKind.MODEL_OPEN, {})
        languages: dict[str, int] = {}
        for by_language in (plays, opens):
            for language, count in by_language.items():
                languages[language] = languages.get(language, 0) + count
        rows.append(
            {
                "title": titles.get(page_id, page_id),
                "plays": sum(plays.values()),
                "opens": sum(opens.values()),
                "languages": sorted(languages.items(), key=lambda item: -item[1]),
            }
        )
    rows.sort(key=lambda row: -(row["plays"] + row["opens"]))
    return render_to_string(
        "operations/admin/panel_stops.html", {"rows": rows[:TOP_STOPS]}, request=request
    )
