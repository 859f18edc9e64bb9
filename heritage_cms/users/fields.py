"""How the apps' rows link to staff users, declared once: an app's own row per staff member (a
ticket-office clerk, an operator's scope) and the person who did something to a row (opened a
shift, reviewed an anomaly)."""

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


def staff_user(
    verbose_name: str,
    *,
    optional: bool = False,
    on_delete=models.PROTECT,
    related_name: str = "+",
) -> models.ForeignKey:
    """The staff user who did something to the row, named ``verbose_name`` in the admin;
    ``optional`` until someone has (NULL, and left empty in forms)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=optional,
        blank=optional,
        on_delete=on_delete,
        related_name=related_name,
        verbose_name=verbose_name,
    )
