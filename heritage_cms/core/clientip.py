"""The visitor's real address, for every per-client limit (card page, admin login, reports).

Behind the TLS proxy production runs, the socket address is the proxy's, so every visitor would
share one bucket. ``TRUSTED_PROXY_COUNT`` says how many proxies stand in front of gunicorn; each
appends the address it saw to ``X-Forwarded-For``, so the client is that many entries from the
right. Anything further left was written by the client and is never trusted. With no proxy
(``TRUSTED_PROXY_COUNT = 0``, the embedded default) the header is ignored entirely.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django_ratelimit.core import get_usage


def client_ip(request) -> str:
    """The address of the client as the nearest trusted proxy saw it."""
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if trusted <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < trusted:
        # The proxies did not all add themselves: the request came round them. Use the socket.
        return remote
    candidate = forwarded[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def over_client_limit(request, group: str, rate: str) -> int | None:
    """Counts this request against the client's ``rate`` in ``group``: once the client is over
    it, the seconds until it may try again; otherwise (or with rate limits off) None."""
    usage = get_usage(
        request,
        group=group,
        key=lambda _group, request: client_ip(request),
        rate=rate,
        increment=True,
    )
    if usage and usage["should_limit"]:
        return usage["time_left"]
    return None
