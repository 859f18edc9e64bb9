"""The beacon: what a phone sends when a visitor plays an audio guide or opens a relic in 3D.

``POST /engagement/events/`` with ``{"events": [{"id", "page", "lang", "kind", "at"}, …]}``,
sent by ``navigator.sendBeacon`` while online, or later by the service worker for plays made
offline (each event carries the time it happened, ``at``, in milliseconds since the epoch).

Bounds, each answered in one line: a body over :data:`MAX_BODY_BYTES` (413), more than
:data:`MAX_EVENTS` events or anything not shaped as above (400), a foreign or missing origin
(403; there is no cookie to protect, so no CSRF token, but only our pages may count), too many
beacons from one client (429, the client as ``core.clientip`` sees it behind proxies). Single
events that cannot count — an unknown or unpublished page, a language we do not serve, a time
in the future or older than :data:`MAX_AGE` — are dropped and reported by reason, so one bad
event never costs a queue its good ones.

Delivery is at-least-once from the phone; the server keeps each event's random id in the cache
(memory or Redis, never the database) for :data:`MAX_AGE`, the same window in which events are
accepted at all, so a retried batch counts once. Should the cache lose an id (eviction, a
restart of an in-memory cache), a retry inside that window may count twice: that is the
accepted error, bounded by the phone's own queue (the service worker deletes what was
accepted).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from heritage_cms.core.clientip import over_client_limit

from .counting import record
from .models import EngagementKind

MAX_BODY_BYTES = 16 * 1024
MAX_EVENTS = 50  # a phone's offline queue is sent in batches of this size
MAX_AGE = timedelta(days=7)  # a phone offline longer than a week has its oldest plays dropped
MAX_CLOCK_AHEAD = timedelta(minutes=5)  # phones' clocks run a little fast
PER_CLIENT = "60/m"  # beacons (not events) from one client
EVENT_ID = re.compile(r"^[A-Za-z0-9-]{16,64}$")
# Stops are relics and monuments: the pages with an audio guide or a 3D model.
STOP_MODELS = ("collection.RelicPage", "heritage_sites.MonumentPage")


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _same_origin(request) -> bool:
    """The beacon comes from one of our pages (or our service worker)."""
    origin = request.headers.get("Origin")
    if origin is None:
        # Browsers send Origin with every POST made by script; its absence means a non-browser.
        return request.headers.get("Sec-Fetch-Site") == "same-origin"
    parts = urlsplit(origin)
    allowed = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    return f"{parts.scheme}://{parts.netloc}" in allowed


def _flooding(request) -> bool:
    return over_client_limit(request, "engagement:beacon", PER_CLIENT) is not None


def _parse(body: bytes) -> list[dict] | None:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    events = data.get("events") if isinstance(data, dict) else None
    if not isinstance(events, list) or not 0 < len(events) <= MAX_EVENTS:
        return None
    for event in events:
        if not (
            isinstance(event, dict)
            and isinstance(event.get("id"), str)
            and EVENT_ID.match(event["id"])
            and type(event.get("page")) is int
            and 0 < event["page"] < 2**63
            and isinstance(event.get("lang"), str)
            and isinstance(event.get("kind"), str)
            and type(event.get("at")) is int
        ):
            return None
    return events


def stop_content_types() -> list[ContentType]:
    models = [apps.get_model(name) for name in STOP_MODELS]  # named, not imported: no cycle
    return list(ContentType.objects.get_for_models(*models).values())


def _stops(page_ids: set[int]) -> dict[int, int]:
    """Live stop pages among ``page_ids``, each mapped to its page in the source language."""
    found = dict(
        Page.objects.live()
        .filter(pk__in=page_ids, content_type__in=stop_content_types())
        .values_list("pk", "translation_key")
    )
    source = dict(
        Page.objects.filter(
            translation_key__in=set(found.values()),
            locale__language_code=settings.LANGUAGE_CODE,
        ).values_list("translation_key", "pk")
    )
    return {pk: source.get(key, pk) for pk, key in found.items()}


def count_events(events: list[dict], now: datetime) -> dict:
    """Validate each event, drop duplicates, add the rest to the counters; the outcome."""
    languages = {code for code, _name in settings.LANGUAGES}
    kinds = set(EngagementKind.values)
    stops = _stops({event["page"] for event in events})
    counts: Counter = Counter()
    rejected: Counter = Counter()
    duplicates = 0
    remembered: list[str] = []
    for event in events:
        at = datetime.fromtimestamp(event["at"] / 1000, tz=UTC) if 0 < event["at"] < 2**53 else None
        if event["kind"] not in kinds:
            rejected["unknown_kind"] += 1
        elif event["lang"] not in languages:
            rejected["unknown_language"] += 1
        elif event["page"] not in stops:
            rejected["unknown_page"] += 1
        elif at is None or at < now - MAX_AGE:
            rejected["too_old"] += 1
        elif at > now + MAX_CLOCK_AHEAD:
            rejected["in_the_future"] += 1
        elif not cache.add(key := f"engagement:event:{event['id']}", 1, MAX_AGE.total_seconds()):
            duplicates += 1
        else:
            remembered.append(key)
            counts[(stops[event["page"]], event["lang"], event["kind"], min(at, now))] += 1
    try:
        record(counts)
    except Exception:
        cache.delete_many(remembered)  # not counted: the phone's retry must not be a duplicate
        raise
    return {
        "accepted": sum(counts.values()),
        "duplicates": duplicates,
        "rejected": dict(rejected),
    }


@csrf_exempt
@require_POST
def beacon(request):
    if not _same_origin(request):
        return _error(_("Only this site's pages may send listening counts."), 403)
    if _flooding(request):
        return _error(_("Too many counts from this device; they will be sent later."), 429)
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
        return _error(_("Too many events at once: send at most 16 KB."), 413)
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return _error(_("Too many events at once: send at most 16 KB."), 413)
    events = _parse(body)
    if events is None:
        return _error(
            _('Send {"events": [...]} with 1 to %(n)s events of id, page, lang, kind and at.')
            % {"n": MAX_EVENTS},
            400,
        )
    return JsonResponse(count_events(events, timezone.now()), status=202)
