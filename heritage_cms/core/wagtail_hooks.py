from django.urls import path
from wagtail import hooks

from .moderated_translations import ModeratedUpdateTranslationsView


@hooks.register("register_admin_urls")
def moderated_update_translations():
    """Same address as wagtail-localize's view; our app comes first, so this one answers."""
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            ModeratedUpdateTranslationsView.as_view(),
            name="moderated_update_translations",
        )
    ]
