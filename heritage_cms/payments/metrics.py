"""Stripe webhook outcomes for Prometheus, read at scrape time (``core.metrics`` serves them;
``PaymentsConfig.ready`` registers them)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Q
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector

from .models import WebhookEvent


class WebhookCollector(Collector):
    """Verified Stripe events recorded, by outcome."""

    def collect(self) -> Iterator[Metric]:
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
