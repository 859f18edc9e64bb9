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
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
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


_app_collectors: list[Collector] = []


def register(*collectors: Collector) -> None:
    """Apps add what they hold (gates, taps, webhooks) from their ``AppConfig.ready``, so core
    knows no app built on it."""
    for collector in collectors:
        if collector not in _app_collectors:
            _app_collectors.append(collector)


def labelled_gauges(
    label: str,
    gauges: Sequence[tuple[str, str]],
    rows: Iterable[tuple[str, Sequence[float]]],
) -> list[GaugeMetricFamily]:
    """One gauge per ``(name, help)`` of ``gauges``, all labelled by ``label``: each row is a
    label value and the gauges' figures for it, in the gauges' order."""
    families = [GaugeMetricFamily(name, text, labels=[label]) for name, text in gauges]
    for value, figures in rows:
        for family, figure in zip(families, figures, strict=True):
            family.add_metric([value], figure)
    return families


TASK_QUEUE_GAUGES = (
    ("heritage_tasks_waiting", "Tasks enqueued and not yet started."),
    (
        "heritage_tasks_oldest_waiting_seconds",
        "How long the oldest waiting task has waited (0: none waits).",
    ),
)


class TaskQueueCollector(Collector):
    """Depth and age of each task queue, read once per scrape."""

    def collect(self) -> Iterator[Metric]:
        now = timezone.now()

        def waited(queued: QueuedTask) -> float:
            return max((now - queued.oldest).total_seconds(), 0.0) if queued.oldest else 0.0

        rows = [(queued.queue, (queued.count, waited(queued))) for queued in waiting_tasks()]
        yield from labelled_gauges("queue", TASK_QUEUE_GAUGES, rows)


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
    scrape.register(TaskQueueCollector())
    for collector in _app_collectors:
        scrape.register(collector)
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
