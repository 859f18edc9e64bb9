"""Page slugs that stay readable from Vietnamese titles: "Đỉnh đồng" → ``dinh-dong``.

Django's and Wagtail's slugify either keep "đỉnh-đồng" (percent-encoded in every link) or, as
ASCII, drop đ and every toned vowel Unicode cannot decompose cleanly ("inh-ong"). Here accented
Latin letters become their plain letter first, with ``text.strip_diacritics`` (đ/Đ → d/D included)
on the server and the same table as the slug field's transliterating formatters in the editor.
Letters of other scripts (Chinese, Japanese, Korean) are left as ``WAGTAIL_ALLOW_UNICODE_SLUGS``
says.
"""

import re
from collections import defaultdict
from functools import cache

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import SlugInput

from .text import strip_diacritics

# Latin-1 Supplement to Latin Extended-B, and Latin Extended Additional (Vietnamese's ạ…ỹ).
_ACCENTED_LATIN = [
    chr(c) for start, end in ((0xC0, 0x250), (0x1E00, 0x1F00)) for c in range(start, end)
]


def readable_slug(title: str) -> str:
    """The slug a page gets when the editor leaves it empty."""
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    return slugify(strip_diacritics(title), allow_unicode=allow_unicode)


@cache
def plain_letters() -> dict[str, str]:
    """{'a': 'àáâãäåāăąǎ…ạảấầẩẫậắằẳẵặ', 'D': 'ĎĐ', …}: accented letters by their plain one."""
    groups: defaultdict[str, str] = defaultdict(str)
    for letter in _ACCENTED_LATIN:
        plain = strip_diacritics(letter)
        if plain != letter and len(plain) == 1 and plain.isascii() and plain.isalpha():
            groups[plain] += letter
    return dict(groups)


class ReadableSlugInput(SlugInput):
    """Wagtail's slug field, transliterating accented Latin letters before it slugifies."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        transliteration = [
            (f"[{re.escape(chars)}]", plain) for plain, chars in plain_letters().items()
        ]
        super().__init__(attrs, formatters=[*transliteration, *(formatters or [])], locale=locale)


def use_readable_slugs() -> None:
    """Every admin form's slug field (pages' included) uses ReadableSlugInput."""
    register_form_field_override(models.SlugField, override={"widget": ReadableSlugInput})
