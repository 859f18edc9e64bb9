from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models3d import Model3D
from .services import request_processing


class Model3DForm(WagtailAdminModelForm):
    """The curator's upload; saving queues the pipeline when the geometry's inputs changed."""

    reprocess = forms.BooleanField(
        label=_("Process again"),
        required=False,
        help_text=_("Run the pipeline again even though the scan has not changed."),
    )

    # What changes the geometry; a new title alone does not (and hashing a 2 GB scan is slow).
    PROCESSING_INPUTS = {"source", "units", "up_axis"}

    def save(self, commit=True):
        model = super().save(commit=commit)
        wanted = self.cleaned_data.get("reprocess") or (
            self.PROCESSING_INPUTS & set(self.changed_data)
        )
        if commit and wanted:
            request_processing(model)
        return model


class Model3DUploadForm(Model3DForm):
    """The upload offered inside the relic editor's 3D model chooser: a new scan, no reprocess."""

    reprocess = None

    class Meta:
        model = Model3D
        fields = ["title", "source", "units", "up_axis"]
