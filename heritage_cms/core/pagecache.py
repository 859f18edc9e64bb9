"""A page cache for anonymous visitors, emptied whenever something they can see is published.

Off unless ``VISITOR_PAGE_CACHE_SECONDS`` > 0. Only anonymous (no session cookie) GET/HEAD
requests for visitor HTML are served from it; responses that set cookies, are private or are
not 200 never enter it. Instead of finding every URL a change touches, the content generation
(``generation``) is part of each key and publishing bumps it — like wagtail-cache, at the cost
of re-rendering the whole site once after each publish. The timeout bounds staleness for
anything not signalled.

Why not wagtail-cache itself: its newest release on PyPI, 3.0.0 (checked December 2026), declares
``Requires-Dist: wagtail<8.0,>=3.0`` and classifiers up to Wagtail 7, so it cannot be installed
beside Wagtail 8. This middleware stays until a release does; switching then means keeping
what the tests pin here: no session cookie, visitor HTML only, and the workers' finished 3D models
and audio guides emptying the cache as a publish does.
"""

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

from . import generation

SKIP_PREFIXES = ("/admin/", "/django-admin/", "/api/", "/documents/", "/static/", "/media/")


def _cache():
    return caches[getattr(settings, "VISITOR_PAGE_CACHE_ALIAS", "default")]


class VisitorPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = getattr(settings, "VISITOR_PAGE_CACHE_SECONDS", 0)

    def _cacheable_request(self, request) -> bool:
        return (
            self.seconds > 0
            and request.method in ("GET", "HEAD")
            and not request.GET
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(SKIP_PREFIXES)
        )

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        cache = _cache()
        key = f"visitor-pages:{generation.current(request)}:{request.get_host()}:{request.path}"
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        cache_control = response.get("Cache-Control", "")
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("Content-Type", "").startswith("text/html")
            and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        ):
            headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
            cache.set(key, (response.status_code, headers, response.content), self.seconds)
            response["X-Page-Cache"] = "miss"
        return response
