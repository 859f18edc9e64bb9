"""No input a visitor can type makes a public endpoint answer 5xx.

Named cases from the issue tracker first, then a sweep over every public URL pattern, each path
parameter and a set of query parameters filled with NUL, huge numbers, 10 kB values, invalid
UTF-8 and unknown operators. NUL and bigint overflows fail only on PostgreSQL: run this file with
``DATABASE_URL=postgres://…`` too (CI does).
"""

import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from heritage_cms.core.inputguard import MAX_SEARCH_TERMS

pytestmark = pytest.mark.django_db

MANY_TERMS = " ".join(f"từ{n}" for n in range(200))
ALLOWED_TERMS = " ".join(f"từ{n}" for n in range(MAX_SEARCH_TERMS))

REFUSED = [
    f"/en/search/?q={MANY_TERMS}",
    f"/api/v2/pages/?search={MANY_TERMS}",
    "/api/v2/pages/?locale=%00",
    "/api/v2/pages/?search=%00",
    "/api/v2/pages/?offset=99999999999999999999",
    "/api/v2/pages/?offset=9223372036854775000",
    "/api/v2/pages/?limit=99999999999999999999",
    "/api/v2/pages/?search=urn&search_operator=xor",
    "/api/v2/pages/?id=99999999999999999999",
    "/api/v2/pages/99999999999999999999/",
    "/api/v2/pages/find/?html_path=%00",
    "/api/v2/images/?search=%00",
    "/api/v2/documents/?offset=99999999999999999999",
    "/open-data/collection.jsonld?locale=%00",
    "/open-data/collection.csv?locale=%00",
    "/en/stops/%00/",
    "/en/search/?q=%00",
    "/documents/99999999999999999999/x.pdf",
    "/en/search/?q=urn&page=99999999999999999999",
]
ANSWERED = [
    f"/en/search/?q={ALLOWED_TERMS}",
    f"/api/v2/pages/?search={ALLOWED_TERMS}",
    "/api/v2/pages/?search=Cửu Đỉnh&search_operator=or",
    "/vi/search/?q=cuu dinh",
]


@pytest.fixture
def hostile_client(client):
    client.raise_request_exception = False  # a 5xx is counted, not raised
    return client


@pytest.mark.parametrize("url", REFUSED)
def test_each_reported_hostile_request_is_refused_with_a_4xx(hostile_client, relic, url):
    status = hostile_client.get(url).status_code
    assert 400 <= status < 500, (url, status)


@pytest.mark.parametrize("url", ANSWERED)
def test_ordinary_searches_still_answer(hostile_client, relic, url):
    assert hostile_client.get(url).status_code == 200, url


# --- The sweep ---------------------------------------------------------------------------------

SKIPPED_PREFIXES = ("admin/", "django-admin/", "api/gates/")  # staff; gate API has Schemathesis
HOSTILE_SEGMENTS = [
    "%00",
    "99999999999999999999",
    "-99999999999999999999",
    quote("Huế" * 2500),  # 10 kB
    "%ff%fe%c3",  # invalid UTF-8
    "..%2f..%2fetc",
]
HOSTILE_VALUES = [*HOSTILE_SEGMENTS, "xor", "-title,%00", "*,-id,__all__", "1e309", "NaN"]
API_PARAMETERS = [
    "search", "search_operator", "locale", "offset", "limit", "order", "fields", "type",
    "child_of", "ancestor_of", "descendant_of", "html_path", "id", "translation_of", "slug",
]  # fmt: skip
VISITOR_PARAMETERS = ["q", "page", "code", "locale", "next", "format", "since"]
# Each parameter alone with these (with all parameters at once, the first refusal hides the rest).
SINGLE_PARAMETER_VALUES = ["%00", "99999999999999999999", "xor", quote("Huế" * 2500)]
_GROUP_OR_CONVERTER = re.compile(r"<[^>]+>")


def _fill_regex(regex: str, value: str) -> str:
    """A URL from a pattern's regex: every top-level group becomes ``value``."""
    out, depth = [], 0
    for i, char in enumerate(regex):
        if char == "(" and (i == 0 or regex[i - 1] != "\\"):
            if depth == 0:
                out.append(value)
            depth += 1
        elif char == ")" and regex[i - 1] != "\\":
            depth -= 1
        elif depth == 0:
            out.append(char)
    text = "".join(out).strip("^$")
    return re.sub(r"\\(.)", r"\1", text).replace("?", "")


def _templates(patterns, prefix=""):
    for entry in patterns:
        raw = str(entry.pattern)
        if entry.pattern.__class__.__name__ == "RegexPattern":
            piece = _fill_regex(raw, "{}")
        elif entry.pattern.__class__.__name__ == "LocalePrefixPattern":
            piece = "en/"
        else:
            piece = _GROUP_OR_CONVERTER.sub("{}", raw)
        if isinstance(entry, URLResolver):
            yield from _templates(entry.url_patterns, prefix + piece)
        elif isinstance(entry, URLPattern):
            yield prefix + piece


def public_url_templates() -> list[str]:
    found = {
        t for t in _templates(get_resolver().url_patterns) if not t.startswith(SKIPPED_PREFIXES)
    }
    return sorted(found)


def test_the_sweep_covers_the_public_api_and_pages():
    templates = public_url_templates()
    assert {"en/search/", "api/v2/pages/", "open-data/collection.jsonld"} <= set(templates)
    assert not any(t.startswith("admin/") for t in templates)


def _hostile_urls(template: str, answers_plainly: bool) -> list[str]:
    names = API_PARAMETERS if template.startswith("api/") else VISITOR_PARAMETERS
    neutral = "/" + template.replace("{}", "1")
    urls = ["/" + template.replace("{}", segment) for segment in HOSTILE_SEGMENTS]
    urls += [f"{neutral}?" + "&".join(f"{n}={v}" for n in names) for v in HOSTILE_VALUES]
    if answers_plainly:
        urls += [f"{neutral}?{n}={v}" for n in names for v in SINGLE_PARAMETER_VALUES]
    return urls


def test_no_public_url_answers_5xx_to_hostile_input(hostile_client, relic):
    failures = []
    for template in public_url_templates():
        neutral = hostile_client.get("/" + template.replace("{}", "1"))
        if neutral.status_code >= 500:
            failures.append(f"{neutral.status_code} {template}")
        for url in _hostile_urls(template, answers_plainly=neutral.status_code == 200):
            status = hostile_client.get(url).status_code
            if status >= 500:
                failures.append(f"{status} {url[:160]}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/fr/search/?q=a%00b", "Le paramètre « q » contient un caractère NUL"),
        ("/ja/search/?page=99999999999999999999", "パラメーター「page」の数値が大きすぎます"),
        ("/ko/search/?q=a%00b", "매개변수 “q”에 NUL 문자가 있습니다"),
        ("/zh-hans/99999999999999999999/", "地址中有一部分数字过大"),
        ("/vi/search/?q=a%00b", "Tham số “q” chứa ký tự NUL"),
        ("/en/search/?q=a%00b", "The parameter “q” contains a NUL character"),
    ],
)
def test_the_refusal_speaks_the_language_of_the_page(hostile_client, url, expected):
    """The guard runs before LocaleMiddleware, yet answers in the language the address asks for."""
    response = hostile_client.get(url)
    assert response.status_code == 400
    assert expected in response.content.decode()
