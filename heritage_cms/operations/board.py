"""The figures of the operations board, from the hourly tap counts and the gates' heartbeats.

Everything here reads :class:`~heritage_cms.cards.models.TapRollup` (a few thousand rows for a
day and its four comparison days), :class:`Gate` and open :class:`Alert` rows; nothing scans
taps, so the board answers in the same time with ten million taps as with ten.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case, Q, Sum, Value, When
from django.db.models.functions import ExtractHour
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from heritage_cms.cards.models import Gate, TapRollup
from heritage_cms.sites.models import MonumentPage

from .models import Alert, SiteAlertSettings

COMPARISON_WEEKS = 4
# The refusals a duty officer acts on, always shown (others appear when they happen).
WATCHED_REASONS = ["forged_card", "cloned_card", "passback", "card_blocked", "insufficient_balance"]
SPIKE_FACTOR = 2
SPIKE_MIN = 5


def reason_labels() -> dict[str, str]:
    """The refusal reasons' names in the active language (looked up once per board)."""
    return {
        "forged_card": _("Forged card"),
        "cloned_card": _("Cloned card"),
        "passback": _("Passback"),
        "card_blocked": _("Blocked card"),
        "insufficient_balance": _("Insufficient balance"),
        "unknown_card": _("Unknown card"),
        "site_full": _("Site full"),
        "site_closed": _("Site closed"),
        "no_valid_product": _("No valid ticket"),
    }


def reason_label(reason: str, labels: dict[str, str] | None = None) -> str:
    labels = reason_labels() if labels is None else labels
    return labels.get(reason, reason.replace("_", " ") or _("Other"))


def thresholds_by_site(site_ids) -> dict[int, SiteAlertSettings]:
    """Each site's alert thresholds; a site without its own row gets an unsaved one, which holds
    the model's defaults."""
    found = {row.site_id: row for row in SiteAlertSettings.objects.filter(site_id__in=site_ids)}
    return defaultdict(SiteAlertSettings, found)


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def comparison_days(today: date) -> list[date]:
    """Today and the same weekday of each of the last four weeks."""
    return [today - timedelta(weeks=k) for k in range(COMPARISON_WEEKS + 1)]


def hourly_counts(site_ids, today: date) -> list[dict[str, Any]]:
    """Taps per site, local hour, outcome and reason (summed over gates): today's
    (``is_today``), and the four comparison days' added together.

    PostgreSQL does the summing and the local hour, so a few hundred small rows come back
    rather than every gate's hour of five days as datetimes to convert one by one.
    """
    days = comparison_days(today)
    window = Q()
    for day in days:
        window |= Q(hour__gte=day_start(day), hour__lt=day_start(day + timedelta(days=1)))
    todays = Q(hour__gte=day_start(today), hour__lt=day_start(today + timedelta(days=1)))
    return list(
        TapRollup.objects.filter(window, site_id__in=list(site_ids))
        .annotate(
            is_today=Case(When(todays, then=Value(True)), default=Value(False)),
            local_hour=ExtractHour("hour", tzinfo=timezone.get_current_timezone()),
        )
        .values("site_id", "is_today", "local_hour", "outcome", "reason")
        .annotate(n=Sum("taps"), money=Sum("revenue"))
        .order_by()
    )


def gate_state(gate: Gate, now: datetime, limits: SiteAlertSettings) -> str:
    """online · silent (no heartbeat for the site's N minutes) · offline (long gone or out of
    service)."""
    if not gate.is_active or gate.last_seen_at is None:
        return "offline"
    quiet = now - gate.last_seen_at
    if quiet >= timedelta(minutes=limits.offline_minutes):
        return "offline"
    if quiet >= timedelta(minutes=limits.silent_minutes):
        return "silent"
    return "online"


def reader_trouble(report: dict) -> str:
    """What the last heartbeat says is wrong with the reader, journal or sync; empty if nothing."""
    troubles = []
    if report.get("reader") == "unavailable":
        troubles.append(_("reader unavailable"))
    if report.get("journal_ok") is False:
        troubles.append(_("journal not writable"))
    if report.get("sync_error"):
        troubles.append(_("sync: %(error)s") % {"error": report["sync_error"]})
    if report.get("clock_trusted") is False:
        troubles.append(_("clock not trusted"))
    return "; ".join(troubles)


def _locations(site_ids) -> dict[int, tuple[float, float, str]]:
    """Map position and the monument's name in the active language (its page's title)."""
    found: dict[int, tuple[float, float, str]] = {}
    names: dict[int, dict[str, str]] = defaultdict(dict)
    for site_id, lat, lng, title, language in MonumentPage.objects.filter(
        site_id__in=list(site_ids)
    ).values_list("site_id", "latitude", "longitude", "title", "locale__language_code"):
        names[site_id][language] = title
        if language == settings.LANGUAGE_CODE and lat is not None and lng is not None:
            found[site_id] = (float(lat), float(lng), title)
    language = get_language()
    result = {}
    for site_id in site_ids:
        lat, lng, _title = found.get(site_id, (None, None, ""))
        titles = names.get(site_id, {})
        name = titles.get(language) or titles.get(settings.LANGUAGE_CODE) or ""
        result[site_id] = (lat, lng, name)
    return result


def board_data(sites, *, revenue: bool, global_alerts: bool, now: datetime | None = None) -> dict:
    """Everything the board shows for these sites, as JSON-ready data."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sites = list(sites.order_by("code") if hasattr(sites, "order_by") else sites)
    site_ids = [site.pk for site in sites]
    limits = thresholds_by_site(site_ids)
    locations = _locations(site_ids)
    current_hour = timezone.localtime(now).hour
    labels = reason_labels()

    per_site: dict[int, dict[str, Any]] = {
        site.pk: {
            "entries": 0,
            "exits": 0,
            "revenue": 0,
            "hours_today": [0] * 24,
            "hours_usual": [0] * 24,
            "refusals": defaultdict(int),
            "refusals_usual": defaultdict(int),
            "taps_now": 0,
        }
        for site in sites
    }
    for row in hourly_counts(site_ids, today):
        figures = per_site[row["site_id"]]
        is_today, hour = row["is_today"], row["local_hour"]
        n = row["n"] or 0
        if row["outcome"] == TapRollup.Outcome.ENTERED:
            figures["hours_today" if is_today else "hours_usual"][hour] += n
            if is_today:
                figures["entries"] += n
        elif row["outcome"] == TapRollup.Outcome.EXITED and is_today:
            figures["exits"] += n
        elif row["outcome"] == TapRollup.Outcome.REFUSED:
            if is_today:
                figures["refusals"][row["reason"]] += n
            elif hour <= current_hour:  # the usual count by this time of day
                figures["refusals_usual"][row["reason"]] += n
        if is_today:
            figures["revenue"] += row["money"] or 0

    gates_by_site: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for gate in Gate.objects.filter(site_id__in=site_ids).order_by("name", "pk"):
        report = gate.last_report or {}
        gates_by_site[gate.site_id].append(
            {
                "id": gate.pk,
                "name": gate.name,
                "direction": gate.direction,
                "state": gate_state(gate, now, limits[gate.site_id]),
                "pending": int(report.get("journal_pending") or 0),
                "last_seen": gate.last_seen_at.isoformat() if gate.last_seen_at else None,
                "oldest_undelivered_seconds": report.get("oldest_undelivered_age_seconds"),
                "trouble": reader_trouble(report),
            }
        )

    out_sites = []
    for site in sites:
        figures = per_site[site.pk]
        inside = max(figures["entries"] - figures["exits"], 0)
        reasons = list(WATCHED_REASONS) + sorted(
            set(figures["refusals"]) - set(WATCHED_REASONS) - {""}
        )
        refusals = []
        for reason in reasons:
            count = figures["refusals"].get(reason, 0)
            usual = figures["refusals_usual"].get(reason, 0) / COMPARISON_WEEKS
            refusals.append(
                {
                    "reason": reason,
                    "label": reason_label(reason, labels),
                    "today": count,
                    "usual": round(usual, 1),
                    "spike": count >= SPIKE_MIN and count > SPIKE_FACTOR * usual,
                }
            )
        lat, lng, name = locations[site.pk]
        entry: dict[str, Any] = {
            "id": site.pk,
            "code": site.code,
            "name": name or site.code,
            "lat": lat,
            "lng": lng,
            "capacity": site.capacity,
            "inside": inside,
            "occupancy_percent": round(100 * inside / site.capacity) if site.capacity else None,
            "entries_today": figures["entries"],
            "exits_today": figures["exits"],
            "hours": [
                {
                    "hour": hour,
                    "today": figures["hours_today"][hour],
                    "usual": round(figures["hours_usual"][hour] / COMPARISON_WEEKS, 1),
                }
                for hour in range(24)
            ],
            "refusals": refusals,
            "gates": gates_by_site.get(site.pk, []),
        }
        if revenue:
            entry["revenue_today"] = figures["revenue"]
        out_sites.append(entry)

    alerts = Alert.objects.filter(closed_at__isnull=True).select_related("acknowledged_by")
    alerts = alerts.filter(
        Q(site_id__in=site_ids) | Q(site__isnull=True) if global_alerts else Q(site_id__in=site_ids)
    )
    return {
        "generated_at": now.isoformat(),
        "today": today.isoformat(),
        "revenue": revenue,
        "sites": out_sites,
        "alerts": [alert_data(alert) for alert in alerts.order_by("-opened_at")[:200]],
        # Visitor reports and engagement (audio plays, 3D opens) join the board from their own
        # app; until then the board says so rather than showing an empty figure.
        "extensions": [],
    }


def alert_data(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "rule": alert.rule,
        "label": alert.get_rule_display(),
        "subject": alert.subject,
        "site_id": alert.site_id,
        "message": alert.message,
        "opened_at": alert.opened_at.isoformat(),
        "acknowledged_at": alert.acknowledged_at.isoformat() if alert.acknowledged_at else None,
        "acknowledged_by": (
            (alert.acknowledged_by.get_full_name() or alert.acknowledged_by.get_username())
            if alert.acknowledged_by
            else None
        ),
        "note": alert.note,
    }
