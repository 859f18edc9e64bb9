"""The visitor's side: "Report a problem" and the status page behind the reference.

Neither page is cached or indexed, and neither sends a Referer to another site: the reference
in the status page's address is the visitor's only key to their report. (Not "no-referrer":
Chromium then sends ``Origin: null`` with the form, which CSRF rightly refuses.)
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import services
from .forms import ReportForm
from .models import REFERENCE_ALPHABET, REFERENCE_LENGTH, VisitorReport


def _private(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page_id(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 19 else None


@never_cache
def new_report(request):
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if form.is_robot:
            # Whatever filled the hidden field is not a visitor; tell it nothing useful.
            return _private(render(request, "fieldreports/report_refused.html", status=400))
        try:
            services.check_limit(request)
        except services.TooManyReports as refusal:
            response = render(
                request,
                "fieldreports/report_refused.html",
                {"minutes": -(-refusal.retry_after // 60)},
                status=429,
            )
            response["Retry-After"] = str(refusal.retry_after)
            return _private(response)
        if form.is_valid():
            data = form.cleaned_data
            report = services.submit(
                category=data["category"],
                text=data["text"],
                contact=data["contact"],
                language=get_language(),
                page=services.origin_page(data["page"]),
                photo=data.get("clean_photo"),
            )
            return redirect("fieldreports:status", reference=report.reference)
        page = services.origin_page(form.cleaned_data.get("page"))
        status = 400
    else:
        page = services.origin_page(_page_id(request.GET.get("page")))
        form = ReportForm(initial={"page": page.pk if page else None})
        status = 200
    return _private(
        render(
            request,
            "fieldreports/report_form.html",
            {"form": form, "origin": page.specific if page else None},
            status=status,
        )
    )


@never_cache
def report_status(request, reference: str):
    if len(reference) != REFERENCE_LENGTH or set(reference) - set(REFERENCE_ALPHABET):
        raise Http404(_("No report has this reference."))
    report = VisitorReport.objects.select_related("page").filter(reference=reference).first()
    if report is None:
        raise Http404(_("No report has this reference."))
    return _private(render(request, "fieldreports/report_status.html", {"report": report}))
