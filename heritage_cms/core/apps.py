from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "heritage_cms.core"
    verbose_name = _("Heritage core")

    def ready(self) -> None:
        # Imported here, as Django asks: these modules import models, loaded only by now.
        from wagtail.signals import page_published

        from . import generation, siteaddress
        from .models import ProcessingJob
        from .moderated_translations import convert_approved_mirror, refresh_translation_source
        from .roles import on_post_migrate
        from .slugs import use_readable_slugs

        use_readable_slugs()
        # Publishing (and the like) bumps the content generation: page cache, fragments, memo.
        generation.connect_signals(ProcessingJob)

        post_migrate.connect(on_post_migrate, dispatch_uid="core.roles")
        post_migrate.connect(siteaddress.on_post_migrate, dispatch_uid="core.siteaddress")
        # Ahead of the apps' receivers (core is ready first): they see a translation, not a mirror.
        page_published.connect(convert_approved_mirror, dispatch_uid="core.approved_mirror")
        page_published.connect(refresh_translation_source, dispatch_uid="core.translation_source")
