from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FieldReportsConfig(AppConfig):
    """What visitors report from the field (phản ánh hiện trường): a damaged relic, litter, a
    broken sign, crowding. Private records with a public reference and status page, triaged by
    the Operations group in the Wagtail admin."""

    name = "heritage_cms.fieldreports"
    label = "fieldreports"
    verbose_name = _("Visitor reports")

    def ready(self) -> None:
        from . import permissions, roles

        permissions.register()
        # The data migration made the group; a flush (transactional tests) empties it, and
        # only post_migrate runs again.
        post_migrate.connect(roles.on_post_migrate, sender=self)
