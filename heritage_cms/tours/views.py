from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from wagtail.models import Locale

from . import posters
from .models import TourStop


def _find_stop(code: str, locale: Locale) -> TourStop | None:
    return (
        TourStop.objects.filter(stop_code=code, tour__live=True)
        .annotate(
            preference=Case(
                When(tour__locale=locale, then=Value(0)),
                When(tour__locale=Locale.get_default(), then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("preference")
        .select_related("target")
        .first()
    )


def stop_by_code(request, code: str):
    """The keypad and QR target: a visitor types the number on the sign and lands on that stop.

    The code is the same in every language, so a stop is found even when its tour has not been
    translated yet; the visitor lands on the stop's page in their language where it exists.
    """
    locale = Locale.get_active()
    stop = _find_stop(code, locale)
    if stop is None:
        raise Http404(f"No stop has the code {code}.")
    target = stop.target.get_translation_or_none(locale) or stop.target
    return redirect(target.specific.get_url(request))


def stop_poster(request, code: str, fmt: str):
    """A printable sign for a stop: PNG for screens and signage, PDF for the print shop."""
    stop = _find_stop(code, Locale.get_default())
    if stop is None:
        raise Http404(f"No stop has the code {code}.")
    names = [
        stop.target.get_translation_or_none(Locale.objects.get(language_code=lang))
        for lang in ("vi", "en")
    ]
    titles = list(dict.fromkeys(page.title for page in names if page))
    url = request.build_absolute_uri(f"/stops/{code}/")
    body = posters.poster_bytes(posters.render_poster(code, url, titles), fmt)
    response = HttpResponse(body, content_type="application/pdf" if fmt == "pdf" else "image/png")
    response["Content-Disposition"] = f'inline; filename="stop-{code}.{fmt}"'
    return response
