"""Evaluating the alert rules: open what is newly wrong, close what has cleared, once each.

``evaluate`` runs every minute from the scheduler (``tasks.evaluate_alerts``). Each rule yields
the conditions that hold now as (rule, subject) findings; a finding without an open alert opens
one (the database's unique constraint on open alerts per rule and subject makes a second
evaluation running at the same time harmless), an open alert without a finding closes. Only newly
opened alerts are delivered (``notify``), so a condition that lasts is one message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from heritage_cms.cards.models import Gate, Tap, TapRollup
from heritage_cms.collection.models3d import Model3D
from heritage_cms.core.models import ProcessingStatus
from heritage_cms.guides.models import AudioGuide
from heritage_cms.sites.models import Site

from . import board
from .models import Alert

log = logging.getLogger(__name__)

FORGED_WINDOW = timedelta(minutes=10)
FORGED_REASONS = ("forged_card", "cloned_card")


@dataclass(frozen=True)
class Finding:
    rule: str
    subject: str
    message: str
    site_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def findings(now: datetime) -> list[Finding]:
    sites = list(Site.objects.all())
    limits = board.thresholds_by_site([site.pk for site in sites])
    found: list[Finding] = []
    found += _gate_findings(now, limits)
    found += _site_findings(now, sites, limits)
    found += _forged_findings(now, limits)
    found += _job_findings()
    found += _queue_findings(now)
    return found


def _gate_findings(now: datetime, limits) -> list[Finding]:
    found = []
    for gate in Gate.objects.filter(is_active=True, last_seen_at__isnull=False).select_related(
        "site"
    ):
        limit = limits[gate.site_id]
        quiet = now - gate.last_seen_at
        if quiet >= timedelta(minutes=limit.silent_minutes):
            found.append(
                Finding(
                    Alert.Rule.GATE_SILENT,
                    f"gate:{gate.pk}",
                    _("%(gate)s has sent no heartbeat for %(minutes)d minutes.")
                    % {"gate": gate.name, "minutes": quiet.total_seconds() // 60},
                    gate.site_id,
                    {"gate": gate.pk, "last_seen_at": gate.last_seen_at.isoformat()},
                )
            )
        pending = int((gate.last_report or {}).get("journal_pending") or 0)
        if pending > limit.backlog_taps:
            found.append(
                Finding(
                    Alert.Rule.JOURNAL_BACKLOG,
                    f"gate:{gate.pk}",
                    _("%(gate)s holds %(count)d taps not yet delivered.")
                    % {"gate": gate.name, "count": pending},
                    gate.site_id,
                    {"gate": gate.pk, "pending": pending},
                )
            )
    return found


def _site_findings(now: datetime, sites: list[Site], limits) -> list[Finding]:
    """Occupancy against capacity, and the refusal rate of the current hour against the usual."""
    today = timezone.localdate(now)
    hour_now = timezone.localtime(now).hour
    entries: dict[int, int] = {}
    exits: dict[int, int] = {}
    taps_now: dict[int, int] = {}
    refused_now: dict[int, int] = {}
    taps_usual: dict[int, int] = {}
    refused_usual: dict[int, int] = {}
    for row in board.hourly_counts([s.pk for s in sites], today):
        site, n = row["site_id"], row["n"] or 0
        is_today = row["is_today"]
        if is_today and row["outcome"] == TapRollup.Outcome.ENTERED:
            entries[site] = entries.get(site, 0) + n
        if is_today and row["outcome"] == TapRollup.Outcome.EXITED:
            exits[site] = exits.get(site, 0) + n
        if row["local_hour"] != hour_now:
            continue
        refused = n if row["outcome"] == TapRollup.Outcome.REFUSED else 0
        if is_today:
            taps_now[site] = taps_now.get(site, 0) + n
            refused_now[site] = refused_now.get(site, 0) + refused
        else:
            taps_usual[site] = taps_usual.get(site, 0) + n
            refused_usual[site] = refused_usual.get(site, 0) + refused
    found = []
    for site in sites:
        limit = limits[site.pk]
        inside = max(entries.get(site.pk, 0) - exits.get(site.pk, 0), 0)
        if site.capacity:
            percent = 100 * inside / site.capacity
            detail = {"inside": inside, "capacity": site.capacity}
            values = {"site": site.code, "inside": inside, "capacity": site.capacity}
            if percent >= limit.occupancy_full_percent:
                found.append(
                    Finding(
                        Alert.Rule.OCCUPANCY_FULL,
                        f"site:{site.pk}",
                        _("%(site)s is full: %(inside)d inside for %(capacity)d.") % values,
                        site.pk,
                        detail,
                    )
                )
            elif percent >= limit.occupancy_warning_percent:
                found.append(
                    Finding(
                        Alert.Rule.OCCUPANCY_HIGH,
                        f"site:{site.pk}",
                        _("%(site)s is nearly full: %(inside)d inside for %(capacity)d.") % values,
                        site.pk,
                        detail,
                    )
                )
        taps = taps_now.get(site.pk, 0)
        if taps >= limit.refusal_min_taps:
            rate = refused_now.get(site.pk, 0) / taps
            usual_taps = taps_usual.get(site.pk, 0)
            usual = refused_usual.get(site.pk, 0) / usual_taps if usual_taps else 0.0
            # At least five points above the usual share, so a usual 0 % does not fire on one.
            if rate > max(usual * float(limit.refusal_rate_factor), usual + 0.05):
                found.append(
                    Finding(
                        Alert.Rule.REFUSAL_RATE,
                        f"site:{site.pk}",
                        _("%(site)s refuses %(rate)d%% of taps this hour (usually %(usual)d%%).")
                        % {
                            "site": site.code,
                            "rate": round(100 * rate),
                            "usual": round(100 * usual),
                        },
                        site.pk,
                        {"rate": rate, "usual": usual, "taps": taps},
                    )
                )
    return found


def _forged_findings(now: datetime, limits) -> list[Finding]:
    """Forged and cloned cards per gate in the last ten minutes (an index range on the taps'
    time, of a few minutes' rows: hourly counts are too coarse for a ten-minute window)."""
    rows = (
        Tap.objects.filter(
            occurred_at__gte=now - FORGED_WINDOW,
            occurred_at__lte=now,
            decision=Tap.Decision.REFUSED,
            reason__in=FORGED_REASONS,
        )
        .values("gate_id", "gate__name", "gate__site_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = []
    for row in rows:
        if row["n"] >= limits[row["gate__site_id"]].forged_cards:
            found.append(
                Finding(
                    Alert.Rule.FORGED_CARDS,
                    f"gate:{row['gate_id']}",
                    _("%(count)d forged or cloned cards at %(gate)s in 10 minutes.")
                    % {"count": row["n"], "gate": row["gate__name"]},
                    row["gate__site_id"],
                    {"gate": row["gate_id"], "count": row["n"]},
                )
            )
    return found


def _job_findings() -> list[Finding]:
    found = []
    for model, kind in ((AudioGuide, "audioguide"), (Model3D, "model3d")):
        for job in model.objects.filter(status=ProcessingStatus.FAILED)[:50]:
            found.append(
                Finding(
                    Alert.Rule.JOB_FAILED,
                    f"{kind}:{job.pk}",
                    _("%(job)s failed: %(reason)s") % {"job": str(job)[:120], "reason": job.reason},
                    None,
                    {"kind": kind, "id": job.pk, "reason": job.reason},
                )
            )
    return found


def _queue_findings(now: datetime) -> list[Finding]:
    """The oldest task waiting per queue, on the database task backend (the embedded default).
    With RQ, Redis holds the queues and its own monitoring (rq info) watches them."""
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db."):
        return []
    from django_tasks_db.models import DBTaskResult

    wait = timedelta(minutes=getattr(settings, "OPERATIONS_QUEUE_WAIT_MINUTES", 10))
    found = []
    for queue in settings.TASK_QUEUES:
        oldest = (
            DBTaskResult.objects.ready()
            .filter(queue_name=queue, enqueued_at__lt=now - wait)
            .order_by("enqueued_at")
            .values_list("enqueued_at", flat=True)
            .first()
        )
        if oldest is not None:
            minutes = int((now - oldest).total_seconds() // 60)
            found.append(
                Finding(
                    Alert.Rule.QUEUE_WAITING,
                    f"queue:{queue}",
                    _("A task has waited %(minutes)d minutes in the %(queue)s queue.")
                    % {"minutes": minutes, "queue": queue},
                    None,
                    {"queue": queue, "minutes": minutes},
                )
            )
    return found


@dataclass
class Evaluation:
    opened: list[Alert] = field(default_factory=list)
    closed: int = 0
    still_open: int = 0


def evaluate(now: datetime | None = None) -> Evaluation:
    """Open, keep or close alerts so they match the conditions that hold now."""
    now = now or timezone.now()
    current = {(f.rule, f.subject): f for f in findings(now)}
    result = Evaluation()
    open_alerts = {(a.rule, a.subject): a for a in Alert.objects.filter(closed_at__isnull=True)}
    for key, alert in open_alerts.items():
        if key in current:
            Alert.objects.filter(pk=alert.pk).update(last_seen_at=now)
            result.still_open += 1
        else:
            result.closed += Alert.objects.filter(pk=alert.pk, closed_at__isnull=True).update(
                closed_at=now
            )
    for key, finding in current.items():
        if key in open_alerts:
            continue
        try:
            with transaction.atomic():
                alert = Alert.objects.create(
                    rule=finding.rule,
                    subject=finding.subject,
                    site_id=finding.site_id,
                    message=finding.message[:300],
                    detail=finding.detail,
                    opened_at=now,
                    last_seen_at=now,
                )
        except IntegrityError:  # another evaluation opened it a moment ago
            continue
        result.opened.append(alert)
    return result


def acknowledge(alert: Alert, user, note: str) -> bool:
    """Record who is on it; False when someone acknowledged it first (their name stays)."""
    return bool(
        Alert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now(), acknowledged_by=user, note=note[:2000]
        )
    )
