from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, ObjectList
from wagtail.snippets.models import register_snippet

from heritage_cms.core.adminui import DateColumn, SnippetChooserViewSet, SnippetViewSet

from .forms import Model3DForm, Model3DUploadForm
from .models import Model3D


class Model3DChooserViewSet(SnippetChooserViewSet):
    """The relic editor's model chooser, with an upload tab for those who may add models; like
    every snippet chooser here, only for those who hold a permission on 3D models."""

    creation_form_class = Model3DUploadForm
    create_action_label = _("Upload")
    create_action_clicked_label = _("Uploading…")


class Model3DViewSet(SnippetViewSet):
    model = Model3D
    icon = "cube"
    menu_label = _("3D models")
    add_to_admin_menu = True
    chooser_viewset_class = Model3DChooserViewSet
    list_display = [
        "title",
        "status",
        "reason",
        DateColumn("processed_at", label=_("Processed"), sort_key="processed_at"),
    ]
    list_filter = ["status"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("source"),
            FieldRowPanel([FieldPanel("units"), FieldPanel("up_axis")]),
            FieldPanel("reprocess"),
            HelpPanel(template="collection/admin/model_status.html", heading=_("Processing")),
        ],
        base_form_class=Model3DForm,
    )


register_snippet(Model3DViewSet)
