"""The counter's pages in the Wagtail admin, and the JSON the desk page posts.

A clerk (Ticket office group, ``ticketoffice.sell``, a ``Clerk`` row) sees and sells only at
their own monument's tills: another site's till or shift is a 404, as if it did not exist.
Finance (``ticketoffice.view_all_shifts``) sees every shift, read-only.
"""

from __future__ import annotations

import json
import re
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from heritage_cms.cards.models import Product
from heritage_cms.core.csp import staff_policy
from heritage_cms.core.money import VND

from . import services, zreport
from .models import Sale, Shift, Till

MAX_JSON_BODY = 4096
_DIGITS = re.compile(r"^[0-9]{1,19}$")
_UID = re.compile(r"^[0-9A-Fa-f]{14}$")


def _can_sell(user) -> bool:
    return user.is_active and user.has_perm("ticketoffice.sell")


def _sees_all(user) -> bool:
    return user.is_active and user.has_perm("ticketoffice.view_all_shifts")


def _selling_site_id(user) -> int | None:
    """The monument this user sells at, or None for anyone who does not sell."""
    return services.clerk_site_id(user) if _can_sell(user) else None


def _visible_shifts(user):
    shifts = Shift.objects.select_related("till__site", "opened_by", "closed_by")
    if _sees_all(user):
        return shifts
    site_id = _selling_site_id(user)
    if site_id is None:
        raise PermissionDenied
    return shifts.filter(till__site_id=site_id)


def _at_selling_site(user, rows, site_field: str, pk: int):
    """Row ``pk`` of ``rows`` if it stands at the clerk's own monument; refused otherwise."""
    site_id = _selling_site_id(user)
    row = rows.filter(pk=pk, **{site_field: site_id}).first()
    if site_id is None or row is None:
        raise PermissionDenied
    return row


def _selling_shift(user, pk: int) -> Shift:
    """The shift, if this clerk may sell on it (their own site); refused otherwise."""
    return _at_selling_site(user, Shift.objects.select_related("till__site"), "till__site_id", pk)


def _clerk_till(user, pk: int) -> Till:
    return _at_selling_site(user, Till.objects.select_related("site"), "site_id", pk)


def _json_body(request) -> dict:
    if len(request.body) > MAX_JSON_BODY:
        raise services.OfficeError(_("The request is too large."))
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        raise services.OfficeError(_("The request is not JSON: reload the page.")) from None
    if not isinstance(body, dict):
        raise services.OfficeError(_("The request is not JSON: reload the page."))
    return body


def _int(value, what: str) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 12:
        return int(value.strip())
    raise services.OfficeError(_("%(what)s must be a whole number of đồng.") % {"what": what})


def _sale_request(body: dict, kind: str) -> services.SaleRequest:
    products = body.get("products") or []
    if not isinstance(products, list) or not all(
        isinstance(p, int) or (isinstance(p, str) and p.isdigit() and len(p) < 12) for p in products
    ):
        raise services.OfficeError(_("Choose passes from the list."))
    languages = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    language = body.get("language") if body.get("language") in languages else "vi"
    card_number = "".join(str(body.get("card_number") or "").split())
    if kind != Sale.Kind.NEW_CARD and not _DIGITS.match(card_number):
        raise services.OfficeError(_("Type the card number as printed on the card (digits)."))
    return services.SaleRequest(
        kind=kind,
        method=str(body.get("method") or ""),
        idempotency_key=str(body.get("idempotency_key") or "")[:100],
        language=language,
        card_number=card_number if kind != Sale.Kind.NEW_CARD else "",
        top_up=_int(body.get("top_up"), _("The top-up")),
        product_ids=tuple(int(p) for p in products),
    )


def _refusal(error: services.OfficeError) -> JsonResponse:
    return JsonResponse({"error": str(error)}, status=error.status)


def _json_view(view):
    """JSON in and out: a till or shift of another monument is a 403 with one line, not the
    admin's redirect to the dashboard (which a ``fetch`` would follow)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            message = _("This till is not yours: sell only at your monument's tills.")
            return JsonResponse({"error": message}, status=403)

    return require_POST(wrapped)


def _receipt_html(request, sale: Sale, access_code: str | None = None) -> str:
    with translation.override(sale.language):
        return render_to_string(
            "ticketoffice/_receipt.html",
            {"sale": sale, "shift": sale.shift, "access_code": access_code},
            request=request,
        )


def _sale_answer(
    request, sale: Sale, created: bool, access_code: str | None = None
) -> JsonResponse:
    return JsonResponse(
        {
            "sale": sale.pk,
            "created": created,
            "status": sale.status,
            "card_number": sale.card_number,
            "total": sale.total.amount,
            "receipt_url": reverse("ticketoffice:receipt", args=[sale.pk]),
            "receipt_html": _receipt_html(request, sale, access_code)
            if sale.status == "done"
            else "",
            "access_code": access_code,
        },
        status=201 if created else 200,
    )


def index(request):
    """The clerk's tills with their open shift; Finance goes to the list of every shift."""
    if not _can_sell(request.user):
        if _sees_all(request.user):
            return redirect("ticketoffice:shifts")
        raise PermissionDenied
    site_id = services.clerk_site_id(request.user)
    tills = Till.objects.filter(site_id=site_id).select_related("site") if site_id else []
    rows = [(till, till.shifts.filter(closed_at__isnull=True).first()) for till in tills]
    return render(
        request,
        "ticketoffice/index.html",
        {"rows": rows, "no_site": site_id is None, "title": _("Ticket office")},
    )


@require_POST
def open_shift(request, till_pk: int):
    till = _clerk_till(request.user, till_pk)
    try:
        opening_float = VND(_int(request.POST.get("opening_float"), _("The float")))
        shift = services.open_shift(till, request.user, opening_float)
    except services.OfficeError as error:
        messages.error(request, str(error))
        return redirect("ticketoffice:index")
    return redirect("ticketoffice:shift", shift.pk)


@_json_view
def pair(request, till_pk: int):
    till = _clerk_till(request.user, till_pk)
    return JsonResponse({"token": services.pair_till(till, request.user)})


def shifts(request):
    rows = _visible_shifts(request.user)[:200]
    return render(request, "ticketoffice/shifts.html", {"shifts": rows, "title": _("Shifts")})


def shift_detail(request, pk: int):
    shift = _visible_shifts(request.user).filter(pk=pk).first()
    if shift is None:
        raise PermissionDenied
    selling = (
        shift.is_open
        and _can_sell(request.user)
        and (services.clerk_site_id(request.user) == shift.till.site_id)
    )
    context = {
        "shift": shift,
        "title": str(shift),
        "selling": selling,
        "totals": services.shift_totals(shift),
        "sales": shift.sales.select_related("sold_by").order_by("-created_at")[:100],
        "expected": services.expected_cash(shift) if shift.is_open else shift.expected,
    }
    response = None
    if selling:
        agent = settings.TICKET_OFFICE_DESK_AGENT_URL
        context.update(
            products=Product.objects.filter(is_active=True, sites=shift.till.site_id).distinct(),
            languages=settings.WAGTAIL_CONTENT_LANGUAGES,
            agent_url=agent,
            admin_origin=request.build_absolute_uri("/").rstrip("/"),
        )
        response = render(request, "ticketoffice/desk.html", context)
        # The page talks to the desk agent on this PC, and to nothing else.
        policy = staff_policy()
        parts = urlsplit(agent)
        policy.setdefault("connect-src", ["'self'"])
        policy["connect-src"] = [*policy["connect-src"], f"{parts.scheme}://{parts.netloc}"]
        response._csp_config = policy
        return response
    return render(request, "ticketoffice/shift.html", context)


@_json_view
def sale(request, pk: int):
    """A top-up, passes or a refund on an existing card (JSON in, JSON out)."""
    shift = _selling_shift(request.user, pk)
    try:
        body = _json_body(request)
        kind = body.get("kind")
        if kind not in (Sale.Kind.TOP_UP, Sale.Kind.PASSES, Sale.Kind.REFUND):
            raise services.OfficeError(_("Unknown operation."))
        made, created = services.sell(shift, request.user, _sale_request(body, kind))
    except services.OfficeError as error:
        return _refusal(error)
    return _sale_answer(request, made, created)


@_json_view
def start_card(request, pk: int):
    """Reserve a card number for the blank card on the desk reader."""
    shift = _selling_shift(request.user, pk)
    try:
        made, created = services.start_card_sale(
            shift, request.user, _sale_request(_json_body(request), Sale.Kind.NEW_CARD)
        )
    except services.OfficeError as error:
        return _refusal(error)
    return JsonResponse(
        {
            "sale": made.pk,
            "status": made.status,
            "card_number": made.card_number,
            "issued_on": int(made.created_at.strftime("%Y%m%d")),
            "complete_url": reverse("ticketoffice:complete", args=[made.pk]),
            # A retry of a sale already completed: its receipt again (without the access code).
            "receipt_html": _receipt_html(request, made) if made.status == "done" else "",
        },
        status=201 if created else 200,
    )


@_json_view
def complete_card(request, sale_pk: int):
    """The desk agent wrote the card: register it and post the sale."""
    found = Sale.objects.select_related("shift").filter(pk=sale_pk).first()
    _selling_shift(request.user, found.shift_id if found else 0)
    try:
        body = _json_body(request)
        uid, key_version = str(body.get("uid") or ""), body.get("key_version")
        if not _UID.match(uid) or not isinstance(key_version, int) or not 0 <= key_version <= 255:
            raise services.OfficeError(_("The desk agent's answer is incomplete: try again."))
        made, code = services.complete_card_sale(found, request.user, uid, key_version)
    except services.OfficeError as error:
        return _refusal(error)
    return _sale_answer(request, made, code is not None, code)


def receipt(request, sale_pk: int):
    """A reprint: the number and what was sold; the access code was printed only the first time."""
    found = Sale.objects.select_related("shift__till__site").filter(pk=sale_pk).first()
    if found is None or not _visible_shifts(request.user).filter(pk=found.shift_id).exists():
        raise PermissionDenied
    html = _receipt_html(request, found)
    with translation.override(found.language):
        return render(request, "ticketoffice/receipt_page.html", {"receipt": html, "sale": found})


@require_POST
def close(request, pk: int):
    shift = _selling_shift(request.user, pk)
    try:
        counted = VND(_int(request.POST.get("counted"), _("The counted cash")))
        services.close_shift(shift, request.user, counted)
    except services.OfficeError as error:
        messages.error(request, str(error))
        return redirect("ticketoffice:shift", shift.pk)
    messages.success(request, _("Shift closed. Download the Z-report below."))
    return redirect("ticketoffice:shift", shift.pk)


def z_report(request, pk: int):
    shift = _visible_shifts(request.user).filter(pk=pk).first()
    if shift is None or shift.is_open:
        raise PermissionDenied  # a Z-report is made when the shift is closed
    pdf = zreport.render(shift, services.shift_totals(shift))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"z-report-{shift.till.site.code}-{shift.till.pk}-{shift.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
