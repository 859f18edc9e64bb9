from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

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
