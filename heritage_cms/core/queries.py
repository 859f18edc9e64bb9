"""Visitor pages in a fixed, small number of SQL queries, however many items they show.

Wagtail's defaults cost two queries per URL segment to route, two to check view restrictions,
one more for every ``.public()`` list, and one per image rendition, per related object and per
tour stop. These helpers do the same work with one query per kind of thing on the page; the
site, the locale's root, the pages on a path and the page served, the same for every visitor,
are looked up once per content generation (``generation.remember``: any publish, move or view
restriction bumps it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from . import generation


def restricted() -> Exists:
    """True for a page inside a private section (a view restriction on it or an ancestor)."""
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
    )


def public_q() -> Q:
    """Not inside a private section, as ``.public()``, but as a subquery instead of a query."""
    return ~Q(restricted())


def ancestor_paths(page: Page) -> list[str]:
    """The treebeard paths of the page and its ancestors, computed, not queried."""
    step = page.steplen
    return [page.path[:end] for end in range(step, len(page.path) + 1, step)]


def view_restrictions(page: Page):
    """Restrictions on the page or an ancestor (an alias answers to its source's), one query."""
    paths = ancestor_paths(page)
    aliases = Page.objects.filter(path__in=paths, alias_of__isnull=False)
    return PageViewRestriction.objects.filter(
        (Q(page__path__in=paths) & ~Q(page__in=aliases.values("pk")))
        | Q(page__in=aliases.values("alias_of"))
    )


def route_for_request(request, path: str) -> RouteResult | None:
    """Wagtail's ``Page.route_for_request``, with the site's root in the visitor's language found
    in one query instead of three (active locale, translation, specific row): a root that routes
    with ``route_descendant`` is routed as a plain page, and only the page served is specific."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    site = site_for_request(request)
    root = site.root_page if site else None
    model = root.specific_class if root else None
    if model is None or not getattr(model, "routes_in_one_query", False):
        return Page.route_for_request(request, path)
    language = get_supported_content_language_variant(get_language())
    localized = generation.remember(
        request,
        ("root", root.pk, language),
        lambda: (
            Page.objects.filter(
                translation_key=root.translation_key, locale__language_code=language, live=True
            ).first()
            or root
        ),
        scope=generation.SITES,
    )
    try:
        result = route_descendant(localized, request, [part for part in path.split("/") if part])
    except Http404:
        result = None
    request._wagtail_route_for_request = result
    return result


def site_for_request(request) -> Site | None:
    """Wagtail's ``Site.find_for_request`` (cached on the request, with its root page), the
    answer kept per host until the sites generation changes (a site or its root saved)."""
    if not hasattr(request, "_wagtail_site"):
        host = request._get_raw_host()  # as Wagtail matches it, before ALLOWED_HOSTS
        request._wagtail_site = generation.remember(
            request,
            ("site", host, request.get_port()),
            lambda: Site.find_for_request(request),
            scope=generation.SITES,
        )
    return request._wagtail_site


def route_descendant(root: Page, request, path_components: Sequence[str]) -> RouteResult:
    """Route below ``root`` in two queries: every page on the path at once (kept until the
    content generation changes), then the last one's specific fields. Pages whose class routes
    differently get the rest of the path, as usual."""
    if not path_components:
        return _serve_root(root, request)
    prefixes = [
        root.url_path + "".join(f"{slug}/" for slug in path_components[:end])
        for end in range(1, len(path_components) + 1)
    ]
    found, linkable = generation.remember(
        request,
        ("path", root.pk, *path_components),
        lambda: _pages_on_path(root, prefixes),
        keep=lambda rows: len(rows[0]) == len(prefixes),  # not a mistyped address
    )
    parent = root
    for level, prefix in enumerate(prefixes):
        page = found.get(prefix)
        if page is None or page.depth != root.depth + level + 1:
            raise Http404
        page._cached_parent_obj = parent
        model = page.specific_class
        if model is None:
            raise Http404
        remaining = path_components[level + 1 :]
        if remaining and getattr(model, "route", None) is not Page.route:
            return page.specific.route(request, remaining)
        parent = page
    specific = generation.remember(
        request, ("specific", parent.pk), lambda: specific_for_serving(parent)
    )
    on_path = [root, *found.values()]
    # Known from this query: nothing on the path is restricted, nothing is an alias (whose
    # restrictions would be its source's), so the view restriction check needs no query.
    specific.known_unrestricted = not parent.private and not any(p.alias_of_id for p in on_path)
    specific.visitor_translations = [
        page for page in linkable if page.translation_key == specific.translation_key
    ]
    return specific.route(request, [])


def _pages_on_path(root: Page, prefixes: list[str]) -> tuple[dict[str, Page], list[Page]]:
    """url_path → page for the pages on the path, and the live, public pages among them and the
    last one's translations (for the language switcher), in one query."""
    on_path = Q(path__startswith=root.path, depth__gt=root.depth, url_path__in=prefixes)
    last = Page.objects.filter(path__startswith=root.path, url_path=prefixes[-1])
    translations = Q(translation_key__in=last.values("translation_key"), live=True) & public_q()
    found, linkable = {}, []
    pages = Page.objects.filter(on_path | translations).annotate(private=restricted())
    for page in pages.select_related("locale"):
        if page.path.startswith(root.path) and page.url_path in prefixes:
            found[page.url_path] = page
        if page.live and not page.private:
            linkable.append(page)
    return found, linkable


def _serve_root(root: Page, request) -> RouteResult:
    """The root itself: its translations and privacy in one query (kept until the content
    generation changes), then its specific row."""
    private, linkable = generation.remember(
        request, ("root-page", root.pk), lambda: _root_rows(root)
    )
    specific = generation.remember(
        request, ("specific", root.pk), lambda: specific_for_serving(root)
    )
    specific.known_unrestricted = not private and not root.alias_of_id
    specific.visitor_translations = linkable
    return Page.route(specific, request, [])  # its own route would come back here


def _root_rows(root: Page) -> tuple[bool, list[Page]]:
    """Whether the root is private, and its live, public translations."""
    translations = Q(translation_key=root.translation_key, live=True) & public_q()
    pages = Page.objects.filter(Q(pk=root.pk) | translations).annotate(private=restricted())
    linkable, private = [], True
    for page in pages.select_related("locale"):
        if page.pk == root.pk:
            private = page.private
        if page.live and not page.private:
            linkable.append(page)
    return private, linkable


def specific_for_serving(page: Page) -> Page:
    """The specific page with what its visitor template reads at once (``serving_related``).

    Kept per content generation by the routing above, like the pages on the path: its row, its
    guide and 3D model (a finished job bumps the generation) and what it loads lazily (a story's
    images) are the same for every visitor until something is published."""
    model = page.specific_class
    related = getattr(model, "serving_related", ())
    specific = model.objects.select_related(*related).get(pk=page.pk)
    if hasattr(page, "_cached_parent_obj"):
        specific._cached_parent_obj = page._cached_parent_obj
    return specific


def with_renditions(images_path: str = "image") -> Prefetch:
    """Prefetch the renditions of ``images_path`` so ``{% image %}`` reads no table per image."""
    # Looked up, not imported: the page models import this module.
    renditions = get_image_model().get_rendition_model().objects.all()
    return Prefetch(f"{images_path}__renditions", queryset=renditions)


def localized_for_listing(pages: Iterable[Page]) -> dict[int, Page]:
    """Page id → its live translation in the active language, else the page itself, as
    ``page.localized`` gives one by one; plain pages with their locale and audio guide loaded,
    in one query (enough for a title, a link and the guide player)."""
    pages = list(pages)
    if not pages:
        return {}
    language = get_supported_content_language_variant(get_language())
    keys = {page.translation_key for page in pages}
    candidates = Page.objects.filter(
        Q(pk__in=[page.pk for page in pages])
        | Q(translation_key__in=keys, locale__language_code=language, live=True)
    ).select_related("locale", "audio_guide")
    originals, translated = {}, {}
    for candidate in candidates:
        if candidate.locale.language_code == language and candidate.live:
            translated[candidate.translation_key] = candidate
        originals[candidate.pk] = candidate
    return {page.pk: translated.get(page.translation_key) or originals[page.pk] for page in pages}
