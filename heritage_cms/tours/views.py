from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect
from wagtail.models import Locale

from .models import TourStop


def stop_by_code(request, code: str):
    """The keypad and QR target: a visitor types the number on the sign and lands on that stop.

    The code is the same in every language, so a stop is found even when its tour has not been
    translated yet; the visitor lands on the stop's page in their language where it exists.
    """
    locale = Locale.get_active()
    stop = (
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
    if stop is None:
        raise Http404(f"No stop has the code {code}.")
    target = stop.target.get_translation_or_none(locale) or stop.target
    return redirect(target.specific.get_url(request))
