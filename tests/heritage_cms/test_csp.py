"""The Content-Security-Policy header: on every HTML response, strict where visitors are, and
covering what the pages really load (the browser side is tests/e2e/test_csp.py)."""

import base64
import hashlib
import re

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db
HEADER = "Content-Security-Policy"


def directives(response) -> dict[str, list[str]]:
    policy = response[HEADER]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def inline_script_hashes(html: str) -> set[str]:
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in scripts
        if s.strip()
    }


@pytest.mark.parametrize("path", ["/vi/", "/en/card/", "/vi/stops/", "/vi/no-such-page/"])
def test_every_visitor_page_has_a_strict_policy(client, home, path):
    response = client.get(path, follow=True)
    assert response["Content-Type"].startswith("text/html")
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]


def test_every_inline_script_of_a_visitor_page_is_allowed_by_its_hash(client, relic):
    response = client.get(relic.url)
    hashes = inline_script_hashes(response.content.decode())
    assert hashes, "base.html has its inline script"
    assert hashes <= set(directives(response)["script-src"])


@override_settings(VISITOR_PAGE_CACHE_SECONDS=60)
def test_a_page_served_from_the_cache_carries_the_policy(client, relic):
    from django.core.cache import cache

    cache.clear()
    first, second = client.get(relic.url), client.get(relic.url)
    assert second["X-Page-Cache"] == "hit"
    assert second[HEADER] == first[HEADER]
    assert inline_script_hashes(second.content.decode()) <= set(directives(second)["script-src"])


def test_the_admin_gets_the_staff_policy(client, home):
    response = client.get("/admin/login/")
    policy = directives(response)
    # Wagtail's inline scripts carry no nonce: a hash in the list would disable 'unsafe-inline'.
    assert "'unsafe-inline'" in policy["script-src"]
    assert not [s for s in policy["script-src"] if s.startswith("'sha")]
    assert policy["object-src"] == ["'none'"] and policy["default-src"] == ["'self'"]
    assert HEADER in client.get("/django-admin/login/")


def test_media_on_another_origin_is_allowed_where_pages_load_it(client, home, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "heritage-media",
                "custom_domain": "cdn.heritage.example.org",
                "querystring_auth": False,
            },
        },
    }
    policy = directives(client.get("/vi/"))
    for directive in ("img-src", "media-src", "connect-src"):
        assert "https://cdn.heritage.example.org" in policy[directive], directive


@pytest.mark.parametrize(
    ("base", "checkout"),
    [
        ("https://api.stripe.com", "https://checkout.stripe.com"),
        ("http://127.0.0.1:12111", "http://127.0.0.1:12111"),
    ],
)
def test_the_payment_form_may_lead_to_stripe_checkout(client, home, settings, base, checkout):
    settings.STRIPE_API_BASE = base
    assert directives(client.get("/en/card/"))["form-action"] == ["'self'", checkout]
