"""Production: secure by default, every secret from the environment.

It refuses to start (ImproperlyConfigured, one line) on anything that would be unsafe to serve
with: a short SECRET_KEY, no shared cache, the repository's Stripe sandbox secrets.
"""

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEV_TICKET_SIGNING_KEYS, LOGGING, REDIS_URL, env


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="")
if len(SECRET_KEY) < 32 or "change-me" in SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY to at least 32 random characters for production.")
# Per-client limits (card codes, admin logins) count in the cache: with a per-process cache each
# gunicorn worker would count alone and a guesser gets workers x the limit.
if not REDIS_URL:
    raise ImproperlyConfigured(
        "Set REDIS_URL for production: every gunicorn worker must share the rate-limit counters."
    )

# Stripe: no default may reach production. The sandbox secrets are in the repository, so anyone
# could sign a webhook with them and credit a card.
_SANDBOX_STRIPE_SECRETS = {"sk_test_heritage_sandbox", "whsec_heritage_sandbox"}
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="https://api.stripe.com")
for _name, _value in (
    ("STRIPE_SECRET_KEY", STRIPE_SECRET_KEY),
    ("STRIPE_WEBHOOK_SECRET", STRIPE_WEBHOOK_SECRET),
):
    if not _value or _value in _SANDBOX_STRIPE_SECRETS or "change-me" in _value:
        raise ImproperlyConfigured(
            f"Set {_name} from the Stripe dashboard for production (the default is public)."
        )
if not urlsplit(STRIPE_API_BASE).hostname or _is_loopback(STRIPE_API_BASE):
    raise ImproperlyConfigured(
        "Set STRIPE_API_BASE to Stripe's API (https://api.stripe.com), not a local sandbox."
    )

# E-tickets: a QR signed with the repository's development key could be forged by anyone.
TICKET_SIGNING_KEYS = env.json("TICKET_SIGNING_KEYS", default={})
TICKET_SIGNING_KEY_ID = env.str("TICKET_SIGNING_KEY_ID", default="")
if (
    not isinstance(TICKET_SIGNING_KEYS, dict)
    or TICKET_SIGNING_KEY_ID not in TICKET_SIGNING_KEYS
    or set(TICKET_SIGNING_KEYS.values()) & set(DEV_TICKET_SIGNING_KEYS.values())
):
    raise ImproperlyConfigured(
        "Set TICKET_SIGNING_KEYS (JSON {key id: base64url Ed25519 private key}) and "
        "TICKET_SIGNING_KEY_ID for production (the development key is public)."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The container's health check calls gunicorn directly over HTTP, without the proxy's header.
# Prometheus scrapes /metrics the same way, over the internal network, with METRICS_TOKEN.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's live preview shows the page in a same-origin frame
SILENCED_SYSTEM_CHECKS = ["security.W019"]  # ...which is why X_FRAME_OPTIONS is not DENY
if not SECURE_HSTS_PRELOAD:
    # Preloading commits the whole domain to HTTPS for years: the operator's choice, not ours.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
MAILERS = {
    "default": {
        "BACKEND": env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env.str("EMAIL_HOST", default="localhost"),
            "port": env.int("EMAIL_PORT", default=25),
            "username": env.str("EMAIL_HOST_USER", default=""),
            "password": env.str("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=False),
        },
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@localhost")
# The demo app is not installed here (only dev and test add it). Should a settings module built on
# these add it (a throwaway staging instance), seed_demo still refuses unless --force: it creates a
# login with a published password and demo cards with printed access codes.
DEMO_CONTENT_ALLOWED = False
LOG_REQUESTS = True  # one line per request (method, path, status, user id), with its request id
# One JSON object a line, with its request id (LOG_FORMAT=plain for people reading a terminal).
LOGGING["handlers"]["console"]["formatter"] = env.str("LOG_FORMAT", default="json")
