"""The content generation: one number, shared by every worker, that changes whenever something
an anonymous visitor can see changes (a page published, unpublished, moved or deleted, a site,
a locale or a view restriction saved, a background job finishing an audio guide or 3D model).

Whatever is derived from content and is the same for every visitor — the anonymous page cache
(``pagecache``), template fragments (``{% cache ... generation %}``), the pages on a path and the
page served (``remember``) — is keyed by it, so a change shows on the very next request, in every
worker, without finding out what exactly it touched.

A second number, the sites generation, changes only with what routing starts from: a site, a
locale, or a site's root page in any language saved, published, moved or deleted. The site for a
host and its root in the visitor's language are kept under it (``remember(..., SITES)``), so a
publish elsewhere does not make every worker look them up again.

Both numbers live in the default cache (Redis in production), read together once per request.
When one is missing (never set, evicted, a flushed cache) a new one is taken from the clock, so it
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
SITES_KEY = "visitor-pages:sites-generation"
CONTENT, SITES = GENERATION_KEY, SITES_KEY  # what a ``remember``ed lookup depends on
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
_memo: dict[str, dict[Any, Any]] = {CONTENT: {}, SITES: {}}
# Per scope: the generation, and when the memo began.
_memo_generation: dict[str, list[Any]] = {CONTENT: [None, 0.0], SITES: [None, 0.0]}


def _cache():
    return caches[getattr(settings, "VISITOR_PAGE_CACHE_ALIAS", "default")]


def _read() -> dict[str, int]:
    """Both generations in one cache round trip, a missing one started from the clock."""
    cache = _cache()
    values = cache.get_many([CONTENT, SITES])
    for key in (CONTENT, SITES):
        if values.get(key) is None:
            cache.add(key, time.time_ns(), None)
            values[key] = cache.get(key)
    return values


def current(request=None, scope: str = CONTENT) -> int:
    """The generation now; read once per request (kept on it), else from the cache."""
    if request is not None and hasattr(request, "_content_generations"):
        return request._content_generations[scope]
    values = _read()
    if request is not None:
        request._content_generations = values
    return values[scope]


def bump(**signal_kwargs) -> None:
    """A new generation now and another once the current transaction commits (a signal
    receiver): everything keyed by an earlier one is out of date. A site, a locale or a site's
    root page changes the sites generation too."""
    sites = _touches_sites(signal_kwargs.get("instance"))
    bump_now(sites=sites)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump_sites_now if sites else bump_now)


def bump_sites_now() -> None:
    bump_now(sites=True)


def bump_now(sites: bool = False) -> None:
    """A new content generation (and sites generation): what was keyed by the old is out of date."""
    cache = _cache()
    scopes = (CONTENT, SITES) if sites else (CONTENT,)
    for key in scopes:
        try:
            cache.incr(key)
        except ValueError:  # not set (or evicted): a value from the clock differs from all before
            cache.set(key, time.time_ns(), None)
    forget(*scopes)


def _touches_sites(instance: Any) -> bool:
    """Whether a saved, published, moved or deleted object is what routing starts from."""
    if isinstance(instance, (Site, Locale)):
        return True
    if isinstance(instance, Page):
        return Site.objects.filter(root_page__translation_key=instance.translation_key).exists()
    return False


def forget(*scopes: str) -> None:
    """Empty this process's memos (on a bump here; other workers notice the new generation)."""
    for scope in scopes or tuple(_memo):
        _memo[scope].clear()
        _memo_generation[scope][0] = None


def remember(
    request,
    key: Any,
    compute: Callable[[], Any],
    keep: Callable[[Any], bool] = lambda _value: True,
    scope: str = CONTENT,
) -> Any:
    """``compute()``, kept in this process until the ``scope``'s generation changes (if ``keep``
    says so of the value: a lookup that found nothing is not worth the room)."""
    generation = current(request, scope)
    memo, began = _memo[scope], _memo_generation[scope]
    now = time.monotonic()
    stale = now - began[1] > MEMO_SECONDS
    if began[0] != generation or stale or len(memo) >= MEMO_LIMIT:
        memo.clear()
        began[0], began[1] = generation, now
    if key in memo:
        return memo[key]
    value = compute()
    if keep(value):
        memo[key] = value
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
