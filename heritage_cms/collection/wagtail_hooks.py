from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, ObjectList
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser

from heritage_cms.core.adminui import DateColumn, SnippetViewSet

from .forms import Model3DForm, Model3DUploadForm
from .models import Model3D


class StaffOfModelsOnly:
    """Wagtail opens snippet choosers to every admin user; 3D models are for those who may
    view, add or change them (curators and moderators)."""

    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(Model3D)
        if not policy.user_has_any_permission(request.user, ["add", "change", "view"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class Model3DChooserViewSet(chooser.SnippetChooserViewSet):
    """The relic editor's model chooser, with an upload tab for those who may add models."""

    choose_view_class = type("ChooseView", (StaffOfModelsOnly, chooser.ChooseView), {})
    choose_results_view_class = type(
        "ChooseResultsView", (StaffOfModelsOnly, chooser.ChooseResultsView), {}
    )
    chosen_view_class = type("ChosenView", (StaffOfModelsOnly, chooser.SnippetChosenView), {})
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
