import json

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from . import export


def _locale(request) -> Locale:
    code = request.GET.get("locale") or Locale.get_default().language_code
    try:
        return Locale.objects.get(language_code=code)
    except Locale.DoesNotExist:
        raise Http404(f"No locale “{code}”: use one of vi, en, fr, zh-hans, ja, ko.") from None


@require_GET
def collection_jsonld(request):
    locale = _locale(request)
    data = export.collection_jsonld(locale, request)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="collection-{locale.language_code}.jsonld"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def collection_csv(request):
    locale = _locale(request)
    body = export.collection_csv(locale, request)
    # A byte-order mark lets spreadsheet programs read the Vietnamese diacritics as UTF-8.
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="collection-{locale.language_code}.csv"'
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
