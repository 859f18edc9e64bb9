"""A Content-Security-Policy on every response: strict for visitors, Wagtail-shaped for staff.

``SECURE_CSP`` (settings/base.py) is the visitors' policy. Two things in it depend on the
deployment and are added here, per response, from what the platform will actually link to:

* the media origin (S3, a CDN in ``S3_CUSTOM_DOMAIN`` or an absolute ``MEDIA_URL``), for the
  posters, audio guides and 3D models pages load and the service worker caches;
* where Stripe Checkout lives, because ``form-action`` also governs the redirect that follows the
  "Pay by card" form (checkout.stripe.com, or the bundled sandbox's own address).

Wagtail's admin (and Django's) render inline scripts and styles without nonces, so staff pages
get the same policy with ``'unsafe-inline'`` for scripts and styles — and gravatar images.

Visitor pages use no nonce: the anonymous page cache (core/pagecache.py) serves one rendering to
many requests, so a nonce would be replayed or mismatched; the one inline script in base.html is
allowed by its hash instead.
"""

from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.middleware import csp as django_csp
from django.utils.csp import CSP

STAFF_PREFIXES = ("/admin/", "/django-admin/")
STRIPE_CHECKOUT = "https://checkout.stripe.com"
MEDIA_DIRECTIVES = ("img-src", "media-src", "connect-src")


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


@cache
def media_origin() -> str | None:
    """The origin media URLs point to, or None when media is served by the platform itself."""
    return _origin(default_storage.url("csp-probe"))


def checkout_origin() -> str:
    base = settings.STRIPE_API_BASE
    if urlsplit(base).hostname == "api.stripe.com":
        return STRIPE_CHECKOUT
    return _origin(base) or STRIPE_CHECKOUT


def _add(policy: dict, directive: str, *sources: str) -> None:
    current = list(policy.get(directive) or policy.get("default-src") or [])
    policy[directive] = current + [s for s in sources if s not in current]


def visitor_policy() -> dict:
    policy = {name: list(values) for name, values in settings.SECURE_CSP.items()}
    if origin := media_origin():
        for directive in MEDIA_DIRECTIVES:
            _add(policy, directive, origin)
    _add(policy, "form-action", checkout_origin())
    return policy


def staff_policy() -> dict:
    policy = visitor_policy()
    # A hash or nonce in the list would make the browser ignore 'unsafe-inline'.
    policy["script-src"] = [
        source
        for source in policy.get("script-src", [CSP.SELF])
        if not source.startswith(("'sha256-", "'sha384-", "'sha512-", "'nonce-"))
        and source != CSP.NONCE
    ]
    _add(policy, "script-src", CSP.UNSAFE_INLINE)
    _add(policy, "style-src", CSP.UNSAFE_INLINE)
    _add(policy, "img-src", "www.gravatar.com")  # Wagtail links avatars scheme-relative
    return policy


class ContentSecurityPolicyMiddleware(django_csp.ContentSecurityPolicyMiddleware):
    """Django's middleware, given the policy for the visitor site or the staff admin."""

    def process_response(self, request, response):
        if settings.SECURE_CSP and not hasattr(response, "_csp_config"):  # a view's override wins
            staff = request.path.startswith(STAFF_PREFIXES)
            response._csp_config = staff_policy() if staff else visitor_policy()
        return super().process_response(request, response)


def _forget_media_origin(setting, **kwargs) -> None:
    if setting in {"STORAGES", "MEDIA_URL"}:
        media_origin.cache_clear()


setting_changed.connect(_forget_media_origin, dispatch_uid="core.csp.media-origin")
