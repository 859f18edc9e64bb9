"""The content generation: one number, shared by every worker, that changes whenever something
an anonymous visitor can see changes (a page published, unpublished, moved or deleted, a site,
a locale or a view restriction saved, a background job finishing an audio guide or 3D model).

Whatever is derived from content and is the same for every visitor — the anonymous page cache
(``pagecache``), template fragments (``{% cache ... generation %}``), the site and locale root
looked up for each request (``remember``) — is keyed by it, so a change shows on the very next
request, in every worker, without finding out what exactly it touched.

The number lives in the default cache (Redis in production); it is read once per request.
When it is missing (never set, evicted, a flushed cache) a new one is taken from the clock, so it
never comes back to a value an earlier state of the content had.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "visitor-pages:generation"
# Per-process memo of lookups the same for every visitor (sites by host, locale roots, the pages
# on a path), emptied on a new generation; bounded, since the Host and the path are the
# visitor's to choose.
MEMO_LIMIT = 4096
# The bump runs inside the publishing transaction (as Wagtail's signals do), and once more when
# that transaction commits: a request in another worker between the first bump and the commit
# reads the content as it was and keeps it under the new number, which the second bump retires.
# The memo is also emptied after MEMO_SECONDS, and template fragments expire after 300 seconds
# (base.html, core/home_page.html), a bound should a cache write fail.
MEMO_SECONDS = 60
_memo: dict[Any, Any] = {}
_memo_generation: list[Any] = [None, 0.0]  # the generation, and when the memo began


def _cache():
    return caches[getattr(settings, "VISITOR_PAGE_CACHE_ALIAS", "default")]


def current(request=None) -> int:
    """The generation now; read once per request (kept on it), else from the cache."""
    if request is not None and hasattr(request, "_content_generation"):
        return request._content_generation
    cache = _cache()
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        value = cache.get(GENERATION_KEY)
    if request is not None:
        request._content_generation = value
    return value


def bump(**_signal_kwargs) -> None:
    """A new generation now and another once the current transaction commits (a signal
    receiver): everything keyed by an earlier one is out of date."""
    bump_now()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump_now)


def bump_now() -> None:
    """A new generation: everything keyed by the old one is out of date."""
    cache = _cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set (or evicted): a value from the clock differs from all before
        cache.set(GENERATION_KEY, time.time_ns(), None)
    forget()


def forget() -> None:
    """Empty this process's memo (on a bump here; other workers notice the new generation)."""
    _memo.clear()
    _memo_generation[0] = None


def remember(
    request,
    key: Any,
    compute: Callable[[], Any],
    keep: Callable[[Any], bool] = lambda _value: True,
) -> Any:
    """``compute()``, kept in this process until the content generation changes (if ``keep``
    says so of the value: a lookup that found nothing is not worth the room)."""
    generation = current(request)
    now = time.monotonic()
    stale = now - _memo_generation[1] > MEMO_SECONDS
    if _memo_generation[0] != generation or stale or len(_memo) >= MEMO_LIMIT:
        forget()
        _memo_generation[0], _memo_generation[1] = generation, now
    if key in _memo:
        return _memo[key]
    value = compute()
    if keep(value):
        _memo[key] = value
    return value


def connect_signals(job_base: type[models.Model]) -> None:
    """What changes what visitors see; ``job_base``: the background jobs (audio guides, 3D
    models) that finish in a worker without a new page revision."""
    page_published.connect(bump, dispatch_uid="generation-published")
    page_unpublished.connect(bump, dispatch_uid="generation-unpublished")
    post_page_move.connect(bump, dispatch_uid="generation-moved")
    # Every page model: pages made live in code (imports, the demo) are saved, not published.
    senders = [Site, Locale, PageViewRestriction]
    senders += [model for model in apps.get_models() if issubclass(model, (Page, job_base))]
    for model in senders:
        uid = f"generation-{model._meta.label}"
        post_save.connect(bump, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(bump, sender=model, dispatch_uid=f"{uid}-deleted")
