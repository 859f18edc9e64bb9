"""wagtail-localize's "Update translations", without a way round moderation.

Its "Publish immediately" box publishes every translation of the source with no check of the
user's right to publish: a translator's text went live, logged as their publish. Here the box is
offered, and honoured, only to a user who may publish every translated page. Anyone else's update
refreshes the source and publishes nothing; they then translate the new text in the translation
editor and submit it for moderation there, like any other change.

(Saving localize drafts here instead is no option: ``save_target(publish=False)`` writes the
draft into the live page's row, so visitors would see it before any moderator did.)
"""

import contextlib

from django.contrib import messages
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail_localize.views.update_translations import UpdateTranslationsView


class ModeratedUpdateTranslationsView(UpdateTranslationsView):
    def may_publish_translations(self) -> bool:
        user = self.request.user
        for translation in self.object.translations.filter(enabled=True).select_related(
            "source", "target_locale"
        ):
            target = None
            with contextlib.suppress(Exception):  # not created yet: nothing live to protect
                target = translation.source.get_translated_instance(translation.target_locale)
            if isinstance(target, Page) and not target.permissions_for_user(user).can_publish():
                return False
        return True

    def get_form(self):
        form = super().get_form()
        if not self.may_publish_translations():
            form.fields.pop("publish_translations", None)
        return form

    def form_valid(self, form):
        if "publish_translations" not in form.fields:
            form.cleaned_data["publish_translations"] = False
            messages.info(
                self.request,
                _(
                    "Nothing was published: translate the new text in the translation editor "
                    "and submit it for moderation."
                ),
            )
        return super().form_valid(form)
