"""Translations go live only when a moderator approves them; until then visitors see the mirror.

wagtail-localize publishes a translation as soon as it is created ("Translate this page"), lets
only publishers send a finished one anywhere, and writes even a draft into the page row, which is
what visitors see. Here a translation is *staged*: wagtail-localize builds the translated page
inside a savepoint that is rolled back, and only its content is kept, as a revision of the page in
the target locale, the way Wagtail's editor saves a draft. That page stays what it was for
visitors (the mirror of English or of the Vietnamese source, see ``locale_trees``) until a
moderator approves the revision in the page's workflow; approving it turns the mirror into the
translated page.

A user who may publish every translated page still publishes directly.
"""

import contextlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.log_actions import log
from wagtail.models import Locale, Page, WorkflowState
from wagtail_localize.models import LocaleSynchronization, Translation, TranslationSource
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

from .locale_trees import source_page


def _target_page(translation) -> Page | None:
    with contextlib.suppress(Exception):  # not created yet: nothing live to protect
        target = translation.source.get_translated_instance(translation.target_locale)
        return target.specific if isinstance(target, Page) else None
    return None


def _mirror_target(translation) -> Page:
    """Make the target locale's mirror of the source now, as the scheduler would within a minute."""
    source = translation.source.get_source_instance()
    sync = LocaleSynchronization.objects.filter(locale=translation.target_locale).first()
    mirrored = source
    if sync is not None:
        mirrored = source.get_translation_or_none(sync.sync_from) or source
    return mirrored.copy_for_translation(translation.target_locale, copy_parents=True, alias=True)


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


@transaction.atomic
def stage_translation(translation, user) -> Page | None:
    """Save the translation as a draft revision of its target page; visitors see no change.

    Returns the page (with the draft as its content), or None when wagtail-localize cannot build
    it (a validation error it has marked on the segment concerned).
    """
    if _target_page(translation) is None:
        _mirror_target(translation)
    content = _draft_content(translation, user)
    page = _target_page(translation)
    if content is None or page is None:
        return None
    draft = page.with_content_json(content)
    # A mirror keeps mirroring for visitors; the draft it holds is the translation that replaces
    # it once approved (see ``convert_approved_mirror``). Wagtail refuses revisions of a mirror.
    draft.alias_of_id = None
    try:
        draft.save_revision(user=user, log_action=True)
    except ValidationError:
        return None
    return draft


@transaction.atomic
def submit_translation_for_moderation(translation, user) -> Page | None:
    """Stage the translation and put it in its page's workflow, where a moderator approves it."""
    draft = stage_translation(translation, user)
    if draft is None:
        return None
    state = draft.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    elif state is None:
        workflow = draft.get_workflow()
        if workflow is None:  # nobody moderates here: staged, as a draft, and nothing else
            return draft
        workflow.start(draft, user)
    return draft


def convert_approved_mirror(sender, instance, alias=False, **kwargs) -> None:
    """A mirror's translation was published (approved): it is a translated page from now on.

    Connected ahead of the other ``page_published`` receivers, so they see a page, not a mirror.
    """
    if alias or not instance.alias_of_id:
        return
    Page.objects.filter(pk=instance.pk).update(alias_of=None)
    instance.alias_of_id = None
    log(
        instance=instance,
        action="wagtail.convert_alias",
        data={"page": {"id": instance.pk, "title": instance.get_admin_display_title()}},
    )


def refresh_translation_source(sender, instance, alias=False, **kwargs) -> None:
    """The source changed: its translators see the changed segments at once, no "Sync" by hand."""
    if alias or instance.alias_of_id:
        return
    source = TranslationSource.objects.get_for_instance_or_none(instance)
    if source is None or source.locale_id != instance.locale_id:
        return
    transaction.on_commit(lambda: TranslationSource.update_or_create_from_instance(instance))


class ModeratedSubmitPageTranslationView(SubmitPageTranslationView):
    """ "Translate this page": creates the translations as drafts; nothing goes live."""

    def get_object(self):
        # Vietnamese is the source language: "Translate this page" on a mirror or a translation
        # translates the Vietnamese page, so every language's translation shares one source.
        page = super().get_object()
        vietnamese = Locale.objects.get_for_language(settings.LANGUAGE_CODE)
        original = page.get_translation_or_none(vietnamese)
        return (original or source_page(page)).specific

    @transaction.atomic
    def form_valid(self, form):
        locales = list(form.cleaned_data["locales"])
        pages = [self.object]
        if form.cleaned_data.get("include_subtree"):
            pages += [page.specific for page in self.object.get_descendants()]
        for page in pages:
            source, _created = TranslationSource.update_or_create_from_instance(page)
            for locale in locales:
                if locale.pk == source.locale_id:
                    continue
                translation, _created = Translation.objects.update_or_create(
                    source=source, target_locale=locale, defaults={"enabled": True}
                )
                with contextlib.suppress(ValidationError):
                    stage_translation(translation, self.request.user)
        single = self.object.get_translation_or_none(locales[0]) if len(locales) == 1 else None
        names = (
            locales[0].get_display_name()
            if single
            else ngettext("%(count)d language", "%(count)d languages", len(locales))
            % {"count": len(locales)}
        )
        messages.success(self.request, self.get_success_message(names))
        return redirect(self.get_success_url() or self.get_default_success_url(single))


@require_POST
@permission_required("wagtail_localize.submit_translation", raise_exception=True)
def submit_for_moderation_view(request, translation_id: int):
    """The translation editor's "Submit for moderation" button."""
    translation = get_object_or_404(Translation, pk=translation_id, enabled=True)
    page = _target_page(translation)
    if page is None or not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    draft = submit_translation_for_moderation(translation, request.user)
    if draft is None:
        messages.error(
            request,
            _("This translation could not be saved: correct the segments marked in red first."),
        )
    else:
        messages.success(
            request,
            _("“%(title)s” in %(language)s was submitted for moderation.")
            % {"title": draft.title, "language": translation.target_locale.get_display_name()},
        )
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


class ModeratedUpdateTranslationsView(UpdateTranslationsView):
    """ "Sync translated pages": a non-publisher's "publish" is submitted for moderation."""

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
        submitted = sum(
            submit_translation_for_moderation(t, self.request.user) is not None
            for t in self.enabled_translations()
        )
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
