"""Who may do what in the Finance area, as a Wagtail permission policy.

Payments and refunds are written by Stripe and the ledger, never by a form, so the finance
listings are read-only for everyone: ``view`` is ``payments.view_finance``; ``refund`` and
``move_value`` are the Finance group's two powers. Wagtail's views check the policy, and refuse
(redirect to the dashboard with a message) as they do everywhere else in the admin.
"""

from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from heritage_cms.payments.models import Payment, Refund

PERMISSIONS = {
    "view": "payments.view_finance",
    "refund": "payments.refund_payment",
    "move_value": "payments.move_card_value",
}


class FinancePermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        permission = PERMISSIONS.get(action)
        return bool(permission) and user.is_active and user.has_perm(permission)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.none()
        for action in actions:
            if permission := PERMISSIONS.get(action):
                users = users | get_user_model().objects.with_perm(permission)
        return users.distinct()


finance_policy = FinancePermissionPolicy(Payment)


def register() -> None:
    """Called from ``FinanceConfig.ready``, before the viewsets are built."""
    register_permission_policy(Payment, finance_policy, exact_class=True)
    register_permission_policy(Refund, FinancePermissionPolicy(Refund), exact_class=True)
