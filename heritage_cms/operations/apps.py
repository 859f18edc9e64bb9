from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """The operations centre: the live board of sites and gates, alerts and their thresholds.

    It reads the hourly tap counts that ``cards`` keeps as taps are ingested (``TapRollup``) and
    the gates' heartbeats; it never scans taps for a figure on the board."""

    name = "heritage_cms.operations"
    verbose_name = _("Operations")
