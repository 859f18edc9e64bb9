from django.urls import path
from wagtail import hooks
from wagtail_localize.models import Translation
from wagtail_localize.views.edit_translation import edit_translation

from .moderated_translations import (
    ModeratedSubmitPageTranslationView,
    ModeratedUpdateTranslationsView,
    submit_for_moderation_view,
)
from .snippet_api import PermittedSnippetViewSet


@hooks.register("register_admin_urls")
def moderated_translations():
    """Same addresses as wagtail-localize's views; our app comes first, so these answer (the
    moderated translation workflow, and its snippet API closed to who may not see the model)."""
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            ModeratedUpdateTranslationsView.as_view(),
            name="moderated_update_translations",
        ),
        path(
            "localize/submit/page/<int:page_id>/",
            ModeratedSubmitPageTranslationView.as_view(),
            name="moderated_submit_page_translation",
        ),
        path(
            "localize/translate/<int:translation_id>/submit-for-moderation/",
            submit_for_moderation_view,
            name="submit_translation_for_moderation",
        ),
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/",
            PermittedSnippetViewSet.as_view({"get": "list"}),
            name="permitted_snippets_api_listing",
        ),
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
            PermittedSnippetViewSet.as_view({"get": "retrieve"}),
            name="permitted_snippets_api_detail",
        ),
    ]


@hooks.register("before_edit_page", order=-1)
def edit_a_mirror_being_translated(request, page):
    """A mirror whose translation is under way opens in the translation editor.

    The mirror stays a mirror for visitors until its translation is approved (see
    ``moderated_translations``); wagtail-localize would only offer to translate it again.
    """
    if not page.alias_of_id:
        return None
    translation = (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .exclude(source__locale_id=page.locale_id)
        .select_related("source", "target_locale")
        .first()
    )
    if translation is None:
        return None
    return edit_translation(request, translation, page.specific)
