from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldReportsConfig(AppConfig):
    """What visitors report from the field (phản ánh hiện trường): a damaged relic, litter, a
    broken sign, crowding. Private records with a public reference and status page, triaged by
    the Operations group in the Wagtail admin."""

    name = "heritage_cms.fieldreports"
    verbose_name = _("Visitor reports")

    def ready(self) -> None:
        from . import permissions

        permissions.register()
        # Who triages is core.roles' to say (Operations), kept in step on every migrate.
