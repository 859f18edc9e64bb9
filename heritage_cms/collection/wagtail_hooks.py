from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms import Model3DForm
from .models import Model3D


class Model3DViewSet(SnippetViewSet):
    model = Model3D
    icon = "cube"
    menu_label = _("3D models")
    add_to_admin_menu = True
    list_display = ["title", "status", "reason", "processed_at"]
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
