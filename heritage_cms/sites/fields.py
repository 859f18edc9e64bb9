"""The link from a row to the monument it belongs to, declared once for every app that keeps
things per monument (gates, tills, clerks, accounts, visitor reports)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


def monument_link(
    related_name: str, *, optional: bool = False, on_delete=models.PROTECT
) -> models.ForeignKey:
    """A foreign key to the monument (``Site``), named "monument" in the admin.

    A monument that still has such rows cannot be deleted unless ``on_delete`` says otherwise;
    ``optional`` rows may belong to no monument (NULL, and left empty in forms).
    """
    return models.ForeignKey(
        "heritage_sites.Site",
        null=optional,
        blank=optional,
        on_delete=on_delete,
        related_name=related_name,
        verbose_name=_("monument"),
    )
