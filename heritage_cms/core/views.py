from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from wagtail.models import Locale, Page

from . import readiness
from .inputguard import search_problem
from .text import fold


def search(request):
    """Site search in the visitor's language, forgiving missing Vietnamese diacritics."""
    query = request.GET.get("q", "").strip()
    results = Page.objects.none()
    if problem := search_problem(query):
        page = Paginator(results, 20).get_page(1)
        context = {"query": "", "results": page, "problem": problem}
        return render(request, "core/search.html", context, status=400)
    if query:
        results = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .exclude(depth__lte=1)
            .specific()
            .search(fold(query), operator="and")
        )
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(request, "core/search.html", {"query": query, "results": page})


def offline(request):
    """What the service worker shows, in the visitor's language, for a page the phone does not
    hold: a way on to what it does hold (home, downloaded tours, pages already visited), listed
    by main.js from the phone's caches. Precached by the worker for every language."""
    response = render(request, "core/offline.html")
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def health(request):
    """For the load balancer and docker-compose: the process is up and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    """For the load balancer: 200 when every dependency answers, else 503 naming which failed."""
    failed = readiness.failed_checks()
    if failed:
        return JsonResponse({"status": "unavailable", "failed": failed}, status=503)
    return JsonResponse({"status": "ok"})
