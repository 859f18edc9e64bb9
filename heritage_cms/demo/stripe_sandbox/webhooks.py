"""Webhook delivery as Stripe does it: the ``Stripe-Signature`` scheme and retries with backoff."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
import urllib.error
import urllib.request

logger = logging.getLogger(__name__)


def signature_header(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def deliver(url: str, body: bytes, secret: str, header: str, attempts: int = 5) -> None:
    """Like Stripe: retry with backoff until a 2xx (re-signed, so the timestamp is fresh)."""
    for attempt in range(attempts):
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Stripe-Signature": header},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                if 200 <= response.status < 300:
                    return
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            logger.info("webhook delivery %s failed: %s", attempt + 1, error)
        time.sleep(0.5 * 2**attempt)
        header = signature_header(body, secret)
    logger.warning("webhook not delivered after %s attempts", attempts)
