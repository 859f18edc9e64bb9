from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "heritage_cms.sites"
    label = "heritage_sites"  # 'sites' belongs to django.contrib.sites
    verbose_name = _("Monuments")  # the app of Site and MonumentPage: one concept, one name
