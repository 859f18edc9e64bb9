"""Prometheus metrics at ``/metrics``: django-prometheus counts requests, this module adds what the
platform itself holds, read from the database and the task queues at scrape time.

Reading at scrape time (rather than counting inside the gate API, the ledger or the webhook
handler) keeps those modules free of metric code, gives the same numbers whichever gunicorn
worker answers, and survives restarts: a count is ``COUNT(*)``, a rate is Prometheus' ``rate()``
over it.

The endpoint is protected by a bearer token (``METRICS_TOKEN``); without one it is off (403).
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterator
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Min, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector


class QueuedTask:
    """What the queue gauges need of a waiting task, whatever the backend."""

    def __init__(self, queue: str, count: int, oldest: datetime | None):
        self.queue, self.count, self.oldest = queue, count, oldest


def waiting_tasks() -> list[QueuedTask]:
    """Per queue: how many tasks wait to start, and when the oldest of them was enqueued."""
    if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq."):
        import django_rq

        waiting = []
        for queue_name in settings.TASK_QUEUES:
            queue = django_rq.get_queue(queue_name)
            first = queue.get_job_ids(0, 0)
            job = queue.fetch_job(first[0]) if first else None
            oldest = job.enqueued_at if job is not None else None
            if oldest is not None and timezone.is_naive(oldest):
                oldest = timezone.make_aware(oldest, timezone.UTC)
            waiting.append(QueuedTask(queue_name, queue.count, oldest))
        return waiting
    if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db."):
        from django_tasks_db.models import DBTaskResult

        rows = (
            DBTaskResult.objects.filter(status="READY")
            .values("queue_name")
            .annotate(count=Count("id"), oldest=Min("enqueued_at"))
        )
        found = {row["queue_name"]: row for row in rows}
        return [
            QueuedTask(name, found.get(name, {}).get("count", 0), found.get(name, {}).get("oldest"))
            for name in settings.TASK_QUEUES
        ]
    return []  # in-process backends (tests, development) queue nothing


class PlatformCollector(Collector):
    """Task queues, gates, taps and Stripe webhooks, each read once per scrape."""

    def collect(self) -> Iterator[Metric]:
        yield from self._tasks()
        yield from self._gates()
        yield from self._taps()
        yield from self._webhooks()

    def _tasks(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily(
            "heritage_tasks_waiting", "Tasks enqueued and not yet started.", labels=["queue"]
        )
        age = GaugeMetricFamily(
            "heritage_tasks_oldest_waiting_seconds",
            "How long the oldest waiting task has waited (0: none waits).",
            labels=["queue"],
        )
        now = timezone.now()
        for queued in waiting_tasks():
            depth.add_metric([queued.queue], queued.count)
            waited = (now - queued.oldest).total_seconds() if queued.oldest else 0.0
            age.add_metric([queued.queue], max(waited, 0.0))
        yield depth
        yield age

    def _gates(self) -> Iterator[Metric]:
        from heritage_cms.cards.models import ONLINE_WITHIN, Gate

        online = GaugeMetricFamily(
            "heritage_gates_online",
            "Active gates heard from within the online window.",
            labels=["site"],
        )
        offline = GaugeMetricFamily(
            "heritage_gates_offline", "Active gates not heard from lately.", labels=["site"]
        )
        pending = GaugeMetricFamily(
            "heritage_gate_taps_waiting",
            "Taps the gates hold in their journals, not yet delivered (last heartbeat).",
            labels=["site"],
        )
        oldest = GaugeMetricFamily(
            "heritage_gate_oldest_undelivered_seconds",
            "Age of the oldest undelivered tap at any gate of the site (last heartbeat).",
            labels=["site"],
        )
        recent = timezone.now() - ONLINE_WITHIN
        sites: dict[str, list[int]] = {}
        for site, seen, report in Gate.objects.filter(is_active=True).values_list(
            "site_code", "last_seen_at", "last_report"
        ):
            counts = sites.setdefault(site, [0, 0, 0, 0])
            counts[0 if seen and seen >= recent else 1] += 1
            report = report if isinstance(report, dict) else {}
            counts[2] += int(report.get("journal_pending") or 0)
            counts[3] = max(counts[3], int(report.get("oldest_undelivered_age_seconds") or 0))
        for site, (up, down, waiting, age) in sorted(sites.items()):
            online.add_metric([site], up)
            offline.add_metric([site], down)
            pending.add_metric([site], waiting)
            oldest.add_metric([site], age)
        yield from (online, offline, pending, oldest)

    def _taps(self) -> Iterator[Metric]:
        from heritage_cms.cards.models import Tap

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

    def _webhooks(self) -> Iterator[Metric]:
        from heritage_cms.payments.models import WebhookEvent

        events = CounterMetricFamily(
            "heritage_stripe_webhook_events",
            "Verified Stripe events recorded, by outcome: processed, ignored or unfinished "
            "(refused deliveries: 4xx in django_http_responses_total_by_status_view_method).",
            labels=["outcome"],
        )
        counts = WebhookEvent.objects.aggregate(
            unfinished=Count("id", filter=Q(processed_at__isnull=True)),
            ignored=Count(
                "id", filter=Q(processed_at__isnull=False, outcome__startswith="ignored")
            ),
            all=Count("id"),
        )
        processed = counts["all"] - counts["unfinished"] - counts["ignored"]
        for outcome, count in (
            ("processed", processed),
            ("ignored", counts["ignored"]),
            ("unfinished", counts["unfinished"]),
        ):
            events.add_metric([outcome], count)
        yield events


def registry() -> CollectorRegistry:
    """gunicorn's workers each count their own requests: with PROMETHEUS_MULTIPROC_DIR set they
    write them to files there and any worker adds them all up."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        shared = CollectorRegistry()
        MultiProcessCollector(shared)
    else:
        shared = REGISTRY
    scrape = CollectorRegistry(auto_describe=False)
    scrape.register(_Registry(shared))
    scrape.register(PlatformCollector())
    return scrape


class _Registry(Collector):
    """A registry seen as one collector, so the scrape adds ours without touching the global."""

    def __init__(self, source: CollectorRegistry):
        self.source = source

    def collect(self) -> Iterator[Metric]:
        yield from self.source.collect()


def token_accepted(request: HttpRequest) -> bool:
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return hmac.compare_digest(given.encode(), settings.METRICS_TOKEN.encode())


@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    """``GET /metrics`` with ``Authorization: Bearer $METRICS_TOKEN``; 401 for anyone else, 403
    while no token is configured."""
    if not settings.METRICS_TOKEN:
        return HttpResponse("Metrics are off: set METRICS_TOKEN.\n", status=403)
    if not token_accepted(request):
        response = HttpResponse("A bearer token is needed.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
