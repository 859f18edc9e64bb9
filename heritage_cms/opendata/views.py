import json
from collections.abc import Callable
from datetime import date
from functools import wraps

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


def _shared(response: HttpResponse) -> HttpResponse:
    """Open data: any web page may fetch it."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json(data, content_type: str) -> HttpResponse:
    return HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type=content_type)


def _csv(body: str, filename: str) -> HttpResponse:
    # A byte-order mark lets spreadsheet programs read the Vietnamese diacritics as UTF-8.
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _daily(export_period: Callable[[date, date], HttpResponse]):
    """A view of the daily entries for the ?from=&to= period, which names their licence.

    A period it cannot read is a 400 that says why.
    """

    @require_GET
    @wraps(export_period)
    def view(request):
        try:
            first, last = statistics.period(request.GET.get("from"), request.GET.get("to"))
        except statistics.PeriodError as error:
            return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
        response = _shared(export_period(first, last))
        response["Link"] = f'<{statistics.LICENCE.url}>; rel="license"'
        return response

    return view


@require_GET
def collection_jsonld(request):
    locale = _locale(request)
    response = _json(
        export.collection_jsonld(locale, request), "application/ld+json; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="collection-{locale.language_code}.jsonld"'
    return _shared(response)


@require_GET
def collection_csv(request):
    locale = _locale(request)
    body = export.collection_csv(locale, request)
    return _shared(_csv(body, f"collection-{locale.language_code}.csv"))


@_daily
def daily_entries_json(first: date, last: date) -> HttpResponse:
    return _json(statistics.as_json(first, last), "application/json; charset=utf-8")


@_daily
def daily_entries_csv(first: date, last: date) -> HttpResponse:
    filename = f"daily-entries-{first.isoformat()}-{last.isoformat()}.csv"
    return _csv(statistics.as_csv(first, last), filename)
