"""The link from an app's per-staff-member row (a ticket-office clerk, an operator's scope) to
its user, declared once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def one_per_user(related_name: str) -> models.OneToOneField:
    """At most one such row per user, deleted with the user; named "user" in the admin."""
    return models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=_("user"),
    )
