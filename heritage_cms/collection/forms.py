from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class Model3DForm(WagtailAdminModelForm):
    reprocess = forms.BooleanField(
        label=_("Process again"),
        required=False,
        help_text=_("Run the pipeline again even though the scan has not changed."),
    )

    def save(self, commit=True):
        model = super().save(commit=commit)
        if commit:
            model.request_processing(force=self.cleaned_data.get("reprocess", False))
        return model
