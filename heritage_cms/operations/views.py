"""The operations board in the Wagtail admin: the page, its data (polled every 15 s) and the
acknowledgement of an alert. Every view needs ``operations.view_board``; the data is cut to the
user's monuments and carries revenue only for Finance (``scope``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail import hooks

from . import alerts, board, scope
from .models import Alert

POLL_SECONDS = 15
# Other apps add panels to the board (visitor reports, engagement counts) with this hook: each
# function takes the request and returns HTML (or "" to show nothing for that user).
PANELS_HOOK = "register_operations_board_panel"


def board_text() -> dict:
    """The words the board's script writes, translated here like every other string."""
    return {
        "updated": _("Updated at"),
        "stale": _("The board could not update: the figures shown may be out of date."),
        "alerts": _("Open alerts"),
        "no_alerts": _("No open alerts."),
        "since": _("since"),
        "note": _("Note"),
        "acknowledge": _("Acknowledge"),
        "acknowledged_by": _("Acknowledged by"),
        "inside": _("People inside now"),
        "entries_today": _("Entries today"),
        "exits_today": _("Exits today"),
        "revenue_today": _("Revenue today"),
        "gates_caption": _("Gates"),
        "gate": _("Gate"),
        "direction": _("Direction"),
        "state": _("State"),
        "pending": _("Taps waiting in journal"),
        "last_sync": _("Last heartbeat"),
        "trouble": _("Reader trouble"),
        "hours_caption": _("Entries per hour today, against the same weekday over four weeks"),
        "refusals_caption": _("Refusals today by reason, against the usual by this hour"),
        "hour": _("Hour"),
        "today": _("Today"),
        "usual": _("Usual"),
        "reason": _("Reason"),
        "unusual": _("Unusual"),
        "spike": _("unusual spike"),
        "show_table": _("Show the figures as a table"),
        "states": {"online": _("online"), "silent": _("silent"), "offline": _("offline")},
        "directions": {"entry": _("Entry"), "exit": _("Exit")},
    }


def _require_board(request) -> None:
    if not scope.may_see_board(request.user):
        raise PermissionDenied


def panels(request) -> list[str]:
    """The other apps' panels as this user may see them (each hook applies the user's scope)."""
    return [html for hook in hooks.get_hooks(PANELS_HOOK) if (html := hook(request))]


def _data(request) -> dict:
    """The board's figures and its panels: the page renders both, and each poll refreshes both."""
    data = board.board_data(
        scope.visible_sites(request.user),
        revenue=scope.sees_revenue(request.user),
        global_alerts=scope.sees_every_site(request.user),
    )
    data["panels"] = panels(request)
    return data


@require_GET
def board_page(request):
    _require_board(request)
    data = _data(request)
    return render(
        request,
        "operations/admin/board.html",
        {
            "data": data,
            "text": board_text(),
            "panels": data["panels"],
            "poll_seconds": POLL_SECONDS,
            "may_acknowledge": request.user.has_perm(scope.ACKNOWLEDGE_PERMISSION),
        },
    )


@require_GET
def board_json(request):
    _require_board(request)
    response = JsonResponse(_data(request))
    response["Cache-Control"] = "no-store"
    return response


class AcknowledgeForm(forms.Form):
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)


@require_POST
def acknowledge(request, pk: int):
    if not request.user.has_perm(scope.ACKNOWLEDGE_PERMISSION):
        raise PermissionDenied
    visible = Q(site__in=scope.visible_sites(request.user))
    if scope.sees_every_site(request.user):
        visible |= Q(site__isnull=True)
    alert = get_object_or_404(Alert.objects.filter(visible), pk=pk)
    form = AcknowledgeForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    done = alerts.acknowledge(alert, request.user, note)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if wants_json:
        alert.refresh_from_db()
        return JsonResponse({"acknowledged": done, "alert": board.alert_data(alert)})
    if done:
        messages.success(request, _("Alert acknowledged."))
    else:
        messages.warning(request, _("Someone acknowledged this alert already."))
    return redirect("operations:board")
