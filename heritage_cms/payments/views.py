"""Stripe's webhook endpoint and the status the card's return page polls until it has landed."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import webhooks
from .checkout import payment_state
from .models import Payment


@never_cache
def payment_status(request, reference):
    """What the return page polls until the webhook has landed, in the page's language
    (``?lang=``: the endpoint itself is language-neutral)."""
    payment = get_object_or_404(Payment, reference=reference)
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = get_language()
    with translation.override(language):
        return JsonResponse(payment_state(payment))


@csrf_exempt
@require_POST
def stripe_webhook(request):
    outcome = webhooks.receive(request.body, request.headers.get("Stripe-Signature"))
    return HttpResponse(outcome.message, status=outcome.status, content_type="text/plain")
