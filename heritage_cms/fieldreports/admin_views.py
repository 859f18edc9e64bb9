"""The report's photo for the staff who triage, streamed from the private storage."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from .models import VisitorReport
from .permissions import triage_policy


def photo(request, pk: int):
    if not triage_policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    report = get_object_or_404(VisitorReport, pk=pk)
    if not report.photo:
        raise Http404
    response = FileResponse(report.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
