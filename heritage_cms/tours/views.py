from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import get_language
from wagtail.models import Locale

from .models import TourStop


def stop_by_code(request, code: str):
    """The keypad and QR target: a visitor types the number on the sign and lands on that stop."""
    locale = Locale.get_active() if get_language() else Locale.get_default()
    stop = (
        TourStop.objects.filter(stop_code=code, tour__locale=locale, tour__live=True)
        .select_related("target")
        .first()
    )
    if stop is None:
        raise Http404(f"No stop has the code {code}.")
    target = stop.target.get_translation_or_none(locale) or stop.target
    return redirect(target.specific.get_url(request))
