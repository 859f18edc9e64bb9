"""Refuse, with a 400 and one sentence, public input that no database or search engine can take.

PostgreSQL cannot hold a NUL character in text, and an integer beyond 64 bits overflows every
``bigint`` column: without this guard such a value in a URL or query string reaches a query and
answers 500. Staff pages (/admin/, /django-admin/) are left alone: staff search for card numbers
that look like huge integers, and only staff reach those pages. The gate API validates its own
input against its published schema (JSON errors), so it is left alone too.
"""

import re

from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

BIGINT_MAX = 2**63 - 1
_DIGITS = re.compile(r"^[+-]?\d+$")
UNGUARDED_PREFIXES = ("/admin/", "/django-admin/", "/api/gates/")
# Wagtail's database search builds one nested expression per word; a few hundred words exceed
# Python's recursion limit. Nobody searches a heritage site with more words than this.
MAX_SEARCH_TERMS = 24
MAX_SEARCH_LENGTH = 256


NUL = "nul"
TOO_LARGE = "too_large"
# Whole sentences, one per place and reason, so each language can order them its own way.
PATH_MESSAGES = {
    NUL: gettext_lazy(
        "A part of the address contains a NUL character; correct the address and try again."
    ),
    TOO_LARGE: gettext_lazy(
        "A part of the address is a number too large; correct the address and try again."
    ),
}
PARAMETER_MESSAGES = {
    NUL: gettext_lazy(
        "The parameter “%(name)s” contains a NUL character; correct the address and try again."
    ),
    TOO_LARGE: gettext_lazy(
        "The parameter “%(name)s” is a number too large; correct the address and try again."
    ),
}


def unusable_value(value: str) -> str | None:
    """Why ``value`` cannot be used in a query (NUL or TOO_LARGE), or None when it can."""
    if "\x00" in value:
        return NUL
    if _DIGITS.match(value) and abs(int(value)) > BIGINT_MAX:
        return TOO_LARGE
    return None


def search_problem(query: str) -> str | None:
    """Why a search text is refused, or None when it can be searched."""
    if len(query) > MAX_SEARCH_LENGTH:
        return gettext("Search with at most %(count)d characters.") % {"count": MAX_SEARCH_LENGTH}
    if len(query.split()) > MAX_SEARCH_TERMS:
        return gettext("Search with at most %(count)d words.") % {"count": MAX_SEARCH_TERMS}
    return None


class UnusableInputMiddleware:
    """400 for a public request whose path or query string holds an unusable value."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(UNGUARDED_PREFIXES):
            # This runs before LocaleMiddleware: answer in the language the request asks for.
            language = translation.get_language_from_request(request, check_path=True)
            with translation.override(language):
                problem = self._problem(request)
            if problem:
                return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _problem(request) -> str | None:
        for segment in request.path_info.split("/"):
            if reason := unusable_value(segment):
                return str(PATH_MESSAGES[reason])
        for key, values in request.GET.lists():
            for value in [key, *values]:
                if reason := unusable_value(value):
                    name = key.replace(chr(0), "")[:40]
                    return str(PARAMETER_MESSAGES[reason]) % {"name": name}
        return None
