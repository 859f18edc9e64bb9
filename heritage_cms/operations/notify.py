"""Delivering a newly opened alert: by e-mail, and to the province's systems by signed webhook.

The webhook body is the alert as JSON; ``X-Heritage-Signature: t=<unix time>,v1=<hex>`` carries
HMAC-SHA256 over ``"<t>." + body`` with the shared secret (the scheme Stripe uses, so receivers
know how to check it and reject replays by the time). A receiver that is down costs one short
timeout and a note on the alert, never the evaluation.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Alert, OperatorScope, SiteAlertSettings

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Heritage-Signature"
WEBHOOK_TIMEOUT = 5.0


def sign(body: bytes, secret: str, timestamp: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(body: bytes, header: str, secret: str, tolerance: int = 300) -> bool:
    """What a receiver does (and what the tests check the signature with)."""
    try:
        parts = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    expected = sign(body, secret, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def payload(alert: Alert) -> dict:
    return {
        "id": alert.pk,
        "rule": alert.rule,
        "subject": alert.subject,
        "site": alert.site.code if alert.site_id else None,
        "message": alert.message,
        "detail": alert.detail,
        "opened_at": alert.opened_at.isoformat(),
    }


def recipients(alert: Alert) -> list[str]:
    """The configured addresses, and Operations members who watch the alert's site."""
    addresses = set(getattr(settings, "OPERATIONS_ALERT_EMAILS", []))
    scopes = OperatorScope.objects.filter(all_sites=True)
    if alert.site_id:
        scopes = OperatorScope.objects.filter(Q(all_sites=True) | Q(sites=alert.site_id))
    users = (
        get_user_model()
        .objects.filter(is_active=True, pk__in=scopes.values("user_id"))
        .exclude(email="")
    )
    addresses.update(user.email for user in users)
    return sorted(addresses)


def deliver(alert: Alert) -> None:
    to = recipients(alert)
    if to:
        try:
            send_mail(
                _("[Operations] %(label)s: %(message)s")
                % {"label": alert.get_rule_display(), "message": alert.message[:150]},
                _("%(message)s\n\nOpened at %(opened)s. Acknowledge it on the operations board.")
                % {"message": alert.message, "opened": timezone.localtime(alert.opened_at)},
                None,
                to,
            )
            Alert.objects.filter(pk=alert.pk).update(emailed_at=timezone.now())
        except OSError as error:
            log.warning("alert_email_failed", extra={"fields": {"alert": alert.pk}})
            Alert.objects.filter(pk=alert.pk).update(webhook_status=f"e-mail: {error}"[:200])
    url, secret = webhook_of(alert)
    if url:
        status = post_webhook(url, secret, alert)
        Alert.objects.filter(pk=alert.pk).update(webhook_status=status[:200])


def webhook_of(alert: Alert) -> tuple[str, str]:
    """(URL, secret): the alert's monument's own webhook, else the province's from settings."""
    if alert.site_id:
        own = (
            SiteAlertSettings.objects.filter(site_id=alert.site_id)
            .exclude(webhook_url="")
            .values_list("webhook_url", "webhook_secret")
            .first()
        )
        if own:
            return own
    return (
        getattr(settings, "OPERATIONS_ALERT_WEBHOOK_URL", ""),
        getattr(settings, "OPERATIONS_ALERT_WEBHOOK_SECRET", ""),
    )


def post_webhook(url: str, secret: str, alert: Alert) -> str:
    body = json.dumps(payload(alert), ensure_ascii=False).encode()
    request = urllib.request.Request(
        url,
        data=body,
        headers={
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(body, secret, int(time.time())),
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
            return f"delivered ({response.status})"
    except urllib.error.HTTPError as error:
        return f"refused ({error.code})"
    except (OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        log.warning("alert_webhook_failed", extra={"fields": {"alert": alert.pk}})
        return f"not delivered: {reason}"
