import json

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from . import export, statistics


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


def _bad_period(error: statistics.PeriodError) -> HttpResponse:
    return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")


@require_GET
def daily_entries_json(request):
    try:
        first, last = statistics.period(request.GET.get("from"), request.GET.get("to"))
    except statistics.PeriodError as error:
        return _bad_period(error)
    response = HttpResponse(
        json.dumps(statistics.as_json(first, last), ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = f'<{statistics.LICENCE.url}>; rel="license"'
    return response


@require_GET
def daily_entries_csv(request):
    try:
        first, last = statistics.period(request.GET.get("from"), request.GET.get("to"))
    except statistics.PeriodError as error:
        return _bad_period(error)
    response = HttpResponse(
        "\ufeff" + statistics.as_csv(first, last), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="daily-entries-{first.isoformat()}-{last.isoformat()}.csv"'
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = f'<{statistics.LICENCE.url}>; rel="license"'
    return response
