from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToursConfig(AppConfig):
    name = "heritage_cms.tours"
    verbose_name = _("Tours")
