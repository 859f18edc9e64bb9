from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    """Which stops visitors hear and open in 3D, per language and hour: counters only, no
    cookies, no addresses, no visitor identifiers kept."""

    name = "heritage_cms.engagement"
    verbose_name = _("Engagement per stop")
