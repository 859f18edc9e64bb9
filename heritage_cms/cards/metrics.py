"""What the gates and the ledger's taps show Prometheus, read at scrape time (``core.metrics``
serves them; ``CardsConfig.ready`` registers them)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from heritage_cms.core.metrics import labelled_gauges

from .models import ONLINE_WITHIN, Gate, Tap

GATE_GAUGES = (
    ("heritage_gates_online", "Active gates heard from within the online window."),
    ("heritage_gates_offline", "Active gates not heard from lately."),
    (
        "heritage_gate_taps_waiting",
        "Taps the gates hold in their journals, not yet delivered (last heartbeat).",
    ),
    (
        "heritage_gate_oldest_undelivered_seconds",
        "Age of the oldest undelivered tap at any gate of the site (last heartbeat).",
    ),
)


class GateCollector(Collector):
    """Gates online and offline per site, and what their journals still hold (last heartbeat)."""

    def collect(self) -> Iterator[Metric]:
        recent = timezone.now() - ONLINE_WITHIN
        sites: dict[str, list[int]] = {}
        for site, seen, report in Gate.objects.filter(is_active=True).values_list(
            "site__code", "last_seen_at", "last_report"
        ):
            counts = sites.setdefault(site, [0, 0, 0, 0])
            counts[0 if seen and seen >= recent else 1] += 1
            report = report if isinstance(report, dict) else {}
            counts[2] += int(report.get("journal_pending") or 0)
            counts[3] = max(counts[3], int(report.get("oldest_undelivered_age_seconds") or 0))
        yield from labelled_gauges("site", GATE_GAUGES, sorted(sites.items()))


class TapCollector(Collector):
    """Taps stored by decision (``rate()`` of it is the ingestion rate) and taps to review."""

    def collect(self) -> Iterator[Metric]:
        taps = CounterMetricFamily(
            "heritage_taps_ingested",
            "Taps the server has stored; rate() of it is the ingestion rate.",
            labels=["decision"],
        )
        review = GaugeMetricFamily(
            "heritage_taps_for_review", "Taps settled as needing a person's review.", labels=[]
        )
        for decision, count in (
            Tap.objects.values_list("decision").annotate(n=Count("id")).order_by("decision")
        ):
            taps.add_metric([decision], count)
        review.add_metric(
            [], Tap.objects.filter(settlement__in=["unknown_card", "over_floor"]).count()
        )
        yield taps
        yield review
