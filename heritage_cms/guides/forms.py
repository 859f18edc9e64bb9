from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import AudioGuide
from .services import request_processing


class AudioGuideForm(WagtailAdminModelForm):
    """Curators upload a recording or ask for a fresh synthesis; the rest is the task's output."""

    reprocess = forms.BooleanField(
        label=_("Regenerate now"),
        required=False,
        help_text=_("Make the audio again even though the text has not changed."),
    )

    def save(self, commit=True):
        guide = super().save(commit=commit)
        if commit:
            request_processing(guide.page, reprocess=self.cleaned_data.get("reprocess", False))
        return guide


class AudioGuideCreateForm(AudioGuideForm):
    """A guide for a page that has none yet: the page must speak (a monument or a relic), be one
    the curator may edit, and have a text to read or come with a recording."""

    def clean_page(self):
        page = self.cleaned_data.get("page")
        if page is None:
            return page
        if not hasattr(page.specific, "guide_text"):
            raise forms.ValidationError(
                _("Only monuments and relics have audio guides."), code="not_spoken"
            )
        if self.for_user is None or not page.permissions_for_user(self.for_user).can_edit():
            raise forms.ValidationError(
                _("You may not edit this page, so not its guide either."), code="page_refused"
            )
        if AudioGuide.objects.filter(page=page).exists():
            raise forms.ValidationError(
                _("This page already has an audio guide: open it from the list to change it."),
                code="has_guide",
            )
        return page

    def clean(self):
        cleaned = super().clean()
        page = cleaned.get("page")
        text = (getattr(page.specific, "guide_text", "") or "") if page is not None else ""
        if page is not None and not cleaned.get("recording") and not text.strip():
            raise forms.ValidationError(
                _("The page has no guide text: write one on the page, or upload a recording."),
                code="no_text",
            )
        return cleaned
