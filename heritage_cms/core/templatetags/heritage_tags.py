from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from heritage_cms.core import generation
from heritage_cms.core.locale_trees import shown_language, source_page
from heritage_cms.core.money import VND, format_vnd
from heritage_cms.core.queries import public_q

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context, page: Page | None = None) -> list[dict]:
    """One link per content language: the page's own translation where it has one."""
    request = context.get("request")
    translations = {}
    if isinstance(page, Page) and page.pk:
        pages = getattr(page, "visitor_translations", None)  # fetched while routing
        if pages is None:
            pages = (
                Page.objects.translation_of(page, inclusive=True)
                .live()
                .filter(public_q())
                .select_related("locale")  # one query, not one per language
            )
        for translation in pages:
            translations[translation.locale.language_code] = translation.get_url(request)
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translations.get(code) or _same_view_in(request, code, page),
                "current": code == current,
            }
        )
    return links


def _same_view_in(request, code: str, page) -> str:
    """Pages without a translation go to that language's home; other views keep their path."""
    if isinstance(page, Page) or request is None:
        return f"/{code}/"
    return translate_url(request.get_full_path(), code)


@register.simple_tag(takes_context=True)
def content_generation(context) -> int:
    """The content generation, for a ``{% cache %}`` fragment the same for every visitor until
    the next publish: ``{% content_generation as generation %}``."""
    return generation.current(context.get("request"))


@register.filter
def vnd(amount: VND | int | None) -> str:
    if isinstance(amount, VND):
        return str(amount)
    return "" if amount is None else format_vnd(amount)


@register.simple_tag
def mirrored_language(page: Page | None = None) -> dict | None:
    """For a page nobody has translated into its locale yet: the language it is shown in.

    None for a translated page (no query then); else ``{"code", "name", "wanted"}``.
    """
    if not isinstance(page, Page) or not page.alias_of_id:
        return None
    shown = shown_language(page)
    if shown.pk == page.locale_id:
        return None
    return {
        "code": shown.language_code,
        "name": shown.get_display_name(),
        "wanted": page.locale.get_display_name(),
    }


@register.filter
def mirrored_page(page: Page) -> Page:
    """The page whose content ``page`` shows (itself unless it mirrors another, as a chain)."""
    return source_page(page) if isinstance(page, Page) else page


@register.simple_tag
def map_tile_url() -> str:
    """The tile server the visitor's map asks (``MAP_TILE_URL``), for the map's data-tiles."""
    return settings.MAP_TILE_URL
