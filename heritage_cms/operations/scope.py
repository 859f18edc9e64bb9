"""Who sees which monuments on the board, and who sees money.

Operations members see the monuments of their :class:`OperatorScope` (all of them for the
province's duty officers); Finance sees every monument and is the only group that sees revenue.
A user with neither sees nothing: the default is the narrowest view, never the widest.
"""

from __future__ import annotations

from django.db.models import QuerySet

from heritage_cms.sites.models import Site

from .models import OperatorScope

BOARD_PERMISSION = "operations.view_board"
ACKNOWLEDGE_PERMISSION = "operations.acknowledge_alert"
FINANCE_PERMISSION = "payments.view_finance"


def may_see_board(user) -> bool:
    return bool(user.is_active and user.has_perm(BOARD_PERMISSION))


def sees_revenue(user) -> bool:
    return bool(user.is_active and user.has_perm(FINANCE_PERMISSION))


def _scope_of(user) -> OperatorScope | None:
    """The user's scope, looked up once per user object (that is, once per request: the board's
    data, its panels and its alerts all ask)."""
    if not hasattr(user, "_operations_scope"):
        user._operations_scope = OperatorScope.objects.filter(user=user).first()
    return user._operations_scope


def visible_sites(user) -> QuerySet[Site]:
    if not may_see_board(user):
        return Site.objects.none()
    if user.is_superuser or sees_revenue(user):
        return Site.objects.all()
    scope = _scope_of(user)
    if scope is None:
        return Site.objects.none()
    if scope.all_sites:
        return Site.objects.all()
    return scope.sites.all()


def sees_every_site(user) -> bool:
    """Province-wide alerts (a failed audio job, a waiting queue) go to whoever sees every site."""
    if user.is_superuser or sees_revenue(user):
        return True
    scope = _scope_of(user)
    return scope is not None and scope.all_sites
