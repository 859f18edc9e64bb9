"""Wagtail's page view, routed by ``queries.route_for_request`` (fewer queries per page)."""

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views

from .queries import route_for_request


def serve(request, path):
    """Route first, as Wagtail's own view would, which then reuses the cached route."""
    route_for_request(request, path)  # cached on the request as ``_wagtail_route_for_request``
    return wagtail_views.serve(request, path)


# Wagtail's serve pattern, less its own ``_util/`` views (password form, login) included after.
SERVE_PATTERN = r"^(?!_util/)" + wagtail_urls.serve_pattern.removeprefix("^")
