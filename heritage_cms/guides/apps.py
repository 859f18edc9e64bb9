from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "heritage_cms.guides"
    verbose_name = _("Audio guides")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers once the models are loaded
