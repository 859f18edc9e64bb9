"""The visitor's form and the staff's triage form."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import MAX_CONTACT, MAX_TEXT, Category
from .photos import PhotoRefused, clean_photo

TRIAGE_PERMISSION = "fieldreports.triage_visitorreport"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"  # axes is the other backend


class ReportForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is the problem?"), choices=Category.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Tell us what you saw"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    photo = forms.FileField(
        label=_("A photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    share_place = forms.BooleanField(
        label=_("Share where the photo was taken"),
        required=False,
        help_text=_("Otherwise its location and camera details are removed before it is kept."),
    )
    contact = forms.CharField(
        label=_("Email or phone, if you would like an answer (optional)"),
        max_length=MAX_CONTACT,
        required=False,
    )
    page = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    # The honeypot: hidden from people by CSS, filled in by form-filling robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return upload or None

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("photo")
        if upload is not None:
            try:
                cleaned["clean_photo"] = clean_photo(upload, bool(cleaned.get("share_place")))
            except PhotoRefused as refusal:
                self.add_error("photo", str(refusal))
        return cleaned

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class TriageForm(WagtailAdminModelForm):
    """Assignees are the people who may triage, not every staff account."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = (
                get_user_model()
                .objects.with_perm(
                    TRIAGE_PERMISSION, include_superusers=False, backend=MODEL_BACKEND
                )
                .filter(is_active=True)
                .order_by("username")
            )
