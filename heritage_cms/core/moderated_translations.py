"""wagtail-localize's "Update translations", without a way round moderation.

Its "Publish immediately" box publishes every translation of the source with no check of the
user's right to publish: a translator's text went live, logged as their publish. Here a user who
may publish every translated page still publishes; anyone else's "publish" becomes a draft of
each translated page submitted to that page's workflow, so a moderator approves it first.

wagtail-localize's own draft path (``save_target(publish=False)``) writes the draft into the page
row, which is what visitors see; so the draft is made inside a savepoint that is rolled back, and
only its content is kept, as a revision, the way Wagtail's editor saves a draft.
"""

import contextlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import ngettext
from wagtail.models import Page
from wagtail_localize.views.update_translations import UpdateTranslationsView


def _target_page(translation) -> Page | None:
    with contextlib.suppress(Exception):  # not created yet: nothing live to protect
        target = translation.source.get_translated_instance(translation.target_locale)
        return target.specific if isinstance(target, Page) else None
    return None


def _draft_content(translation, user) -> dict | None:
    """What wagtail-localize would save as the target page's draft, without saving anything."""
    savepoint = transaction.savepoint_create()
    try:
        translation.save_target(user=user, publish=False)
        page = _target_page(translation)
        return page.get_latest_revision().content if page else None
    except ValidationError:
        return None
    finally:
        transaction.savepoint_rollback(savepoint)


class ModeratedUpdateTranslationsView(UpdateTranslationsView):
    def enabled_translations(self):
        return self.object.translations.filter(enabled=True).select_related(
            "source", "target_locale"
        )

    def may_publish_translations(self) -> bool:
        user = self.request.user
        for translation in self.enabled_translations():
            page = _target_page(translation)
            if page is not None and not page.permissions_for_user(user).can_publish():
                return False
        return True

    @transaction.atomic
    def form_valid(self, form):
        if not form.cleaned_data.get("publish_translations") or self.may_publish_translations():
            return super().form_valid(form)
        form.cleaned_data["publish_translations"] = False
        response = super().form_valid(form)  # refreshes the source, publishes nothing
        submitted = sum(self.submit_for_moderation(t) for t in self.enabled_translations())
        messages.info(
            self.request,
            ngettext(
                "Nothing was published: %(count)d translation submitted for moderation.",
                "Nothing was published: %(count)d translations submitted for moderation.",
                submitted,
            )
            % {"count": submitted},
        )
        return response

    def submit_for_moderation(self, translation) -> bool:
        """Save the updated translation as a draft revision and start the page's workflow."""
        user = self.request.user
        content = _draft_content(translation, user)
        page = _target_page(translation)
        if content is None or page is None:
            return False
        draft = page.with_content_json(content)
        try:
            draft.save_revision(user=user, log_action=True)
        except ValidationError:
            return False
        workflow = draft.get_workflow()
        if workflow is not None and not draft.workflow_in_progress:
            workflow.start(draft, user)
        return True
