"""Receiving a report: where it was sent from, and the per-client limit on sending."""

from __future__ import annotations

from wagtail.models import Page

from heritage_cms.core.clientip import over_client_limit
from heritage_cms.sites.models import MonumentPage

from .models import VisitorReport
from .photos import CleanPhoto

PER_CLIENT = "10/h"  # reports one client may send; a family sharing a phone stays well below


class TooManyReports(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = max(1, retry_after)


def check_limit(request) -> None:
    """Counts this attempt; raises :class:`TooManyReports` once the client is over its limit."""
    retry_after = over_client_limit(request, "fieldreports:submit", PER_CLIENT)
    if retry_after is not None:
        raise TooManyReports(retry_after)


def origin_page(page_id: int | None) -> Page | None:
    """The live page the visitor pressed "Report a problem" on, if it is one."""
    if not page_id:
        return None
    return Page.objects.live().filter(pk=page_id, depth__gt=1).first()


def monument_of(page: Page | None):
    """The monument (as gates know it) a page belongs to: its own, or its ancestor's."""
    if page is None:
        return None
    monument = MonumentPage.objects.ancestor_of(page, inclusive=True).exclude(site=None).first()
    return monument.site if monument else None


def submit(
    *,
    category: str,
    text: str,
    contact: str,
    language: str,
    page: Page | None,
    photo: CleanPhoto | None,
) -> VisitorReport:
    report = VisitorReport(
        category=category,
        text=text.strip(),
        contact=contact.strip(),
        language=language,
        page=page,
        site=monument_of(page),
    )
    if photo is not None:
        report.photo.save(photo.file.name, photo.file, save=False)
        report.photo_latitude, report.photo_longitude = photo.latitude, photo.longitude
    report.save()
    return report
