from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context, page: Page | None = None) -> list[dict]:
    """One link per content language: the page's own translation where it has one."""
    request = context.get("request")
    translations = {}
    if page is not None and page.pk:
        for translation in Page.objects.translation_of(page, inclusive=True).live().public():
            translations[translation.locale.language_code] = translation.get_url(request)
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translations.get(code) or f"/{code}/",
                "current": code == current,
            }
        )
    return links


@register.filter
def vnd(amount: int | None) -> str:
    """12000 → '12.000 ₫', the way prices are written in Vietnam."""
    if amount is None:
        return ""
    return f"{amount:,} ₫".replace(",", ".")
