"""Who may see and handle visitor reports: whoever holds ``triage_visitorreport`` (the
Operations group). Nobody adds or deletes a report in the admin — visitors send them, and a
rejected report stays as the record of what was answered."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import VisitorReport

TRIAGE = "fieldreports.triage_visitorreport"
ACTIONS = {"view", "change"}


class TriagePermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        return action in ACTIONS and user.is_active and user.has_perm(TRIAGE)

    def users_with_any_permission(self, actions):
        if not ACTIONS.intersection(actions):
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.with_perm(TRIAGE, backend="django.contrib.auth.backends.ModelBackend")
            .filter(is_active=True)
        )


triage_policy = TriagePermissionPolicy(VisitorReport)


def register() -> None:
    """Called from ``FieldReportsConfig.ready``, before the viewset is built."""
    register_permission_policy(VisitorReport, triage_policy, exact_class=True)
