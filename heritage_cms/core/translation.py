"""Translating a page through wagtail-localize from strings we already have.

The demo seed and the tests use this instead of copying pages, so their translations are the
same records a translator's work produces: segments, string translations, a Translation.
"""

import html

from django.utils.html import escape
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource


def translate_page(
    page: Page, locale: Locale, strings: dict[str, str], *, tool_name: str = "", publish=True
) -> Page:
    """Translate ``page`` into ``locale``; ``strings`` maps source text to its translation.

    Segments without an entry (slugs, numbers, text nobody translated yet) fall back to the
    source text, as wagtail-localize does for a partly translated page.
    """
    source, _created = TranslationSource.get_or_create_from_instance(page)
    wanted = {text.strip(): translated for text, translated in strings.items()}
    for segment in source.stringsegment_set.select_related("string", "context"):
        translated = wanted.get(html.unescape(segment.string.data).strip())
        if translated is None:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": escape(translated),
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "tool_name": tool_name,
            },
        )
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    # wagtail-localize publishes on transaction commit; publish now so callers inside a
    # transaction (the seed, tests) see the live page straight away.
    translation.save_target(publish=False)
    target = page.get_translation(locale)
    if publish:
        target.get_latest_revision().publish(log_action=False)
        target.refresh_from_db()
    return target
