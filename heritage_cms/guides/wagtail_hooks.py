from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from heritage_cms.core.spreadsheet import SafeExportIndexView

from .forms import AudioGuideForm
from .models import AudioGuide


class AudioGuideViewSet(SnippetViewSet):
    model = AudioGuide
    icon = "media"
    menu_label = _("Audio guides")
    add_to_admin_menu = True
    list_display = ["page", "language", "status", "reason", "engine", "duration_s", "requested_at"]
    list_filter = ["status", "page__locale"]
    search_fields = ["transcript"]
    index_view_class = SafeExportIndexView
    list_export = ["page", "language", "status", "reason", "engine", "duration_s", "bytes"]
    edit_handler = ObjectList(
        [
            HelpPanel(template="guides/admin/guide_status.html", heading=_("Status")),
            FieldPanel("recording"),
            FieldPanel("reprocess"),
        ],
        base_form_class=AudioGuideForm,
    )


register_snippet(AudioGuideViewSet)
