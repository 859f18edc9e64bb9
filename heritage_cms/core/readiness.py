"""``/readyz``: can this process serve? Each dependency is asked once; a load balancer or an
orchestrator stops sending traffic (503) until all of them answer.

``/healthz`` (alive) asks only the database; this also asks the cache, the media storages and
the task queue, and names whichever failed (never the error itself: it may carry a host name or
a password).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection

logger = logging.getLogger(__name__)

PROBE = "readyz-probe"  # a name no upload has: the storages are asked whether it exists


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    cache.set(PROBE, "1", timeout=10)
    if cache.get(PROBE) != "1":
        raise RuntimeError("the cache did not keep a value")


def _storage() -> None:
    for alias in ("default", "private"):
        storages[alias].exists(PROBE)


def _queue() -> None:
    if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq."):
        import django_rq

        for queue in settings.TASK_QUEUES:
            django_rq.get_connection(queue).ping()
    elif settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db."):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "cache": _cache,
    "storage": _storage,
    "queue": _queue,
}


def failed_checks() -> list[str]:
    """The names of the dependencies that did not answer; empty when ready."""
    failed = []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("readiness: %s is not reachable", name)
            failed.append(name)
    return failed
