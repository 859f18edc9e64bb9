from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList, PageChooserPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView

from heritage_cms.core.adminui import CodeColumn, DateColumn, SnippetViewSet
from heritage_cms.core.spreadsheet import SafeExportIndexView

from .forms import AudioGuideCreateForm, AudioGuideForm
from .models import AudioGuide


class AudioGuidePermissionPolicy(ModelPermissionPolicy):
    """A guide speaks its page: changing it (a recording, a regeneration) also needs the right
    to edit that page, so a curator's reach over guides is their reach over pages."""

    def user_has_permission_for_instance(self, user, action, instance):
        allowed = super().user_has_permission_for_instance(user, action, instance)
        if not allowed or action == "view":
            return allowed
        return instance.page.permissions_for_user(user).can_edit()


register_permission_policy(AudioGuide, AudioGuidePermissionPolicy(AudioGuide))


class AudioGuideEditView(EditView):
    """Wagtail's edit view checks the model permission only; this adds the guide's page."""

    def get_object(self, queryset=None):
        guide = super().get_object(queryset)
        if not self.user_has_permission_for_instance("change", guide):
            raise PermissionDenied
        return guide


class AudioGuideViewSet(SnippetViewSet):
    model = AudioGuide
    icon = "media"
    menu_label = _("Audio guides")
    add_to_admin_menu = True
    list_display = [
        "page",
        CodeColumn("language", lambda: dict(settings.LANGUAGES), label=_("Language")),
        "status",
        "reason",
        "engine",
        "duration_s",
        DateColumn("requested_at", label=_("Requested"), sort_key="requested_at"),
    ]
    list_filter = ["status", "page__locale"]
    search_fields = ["transcript"]
    index_view_class = SafeExportIndexView
    edit_view_class = AudioGuideEditView
    list_export = ["page", "language", "status", "reason", "engine", "duration_s", "bytes"]
    edit_handler = ObjectList(
        [
            HelpPanel(template="guides/admin/guide_status.html", heading=_("Status")),
            FieldPanel("recording"),
            FieldPanel("reprocess"),
        ],
        base_form_class=AudioGuideForm,
    )
    # Adding names the page (which then cannot change: the guide speaks that page).
    add_handler = ObjectList(
        [
            PageChooserPanel("page", ["collection.RelicPage", "heritage_sites.MonumentPage"]),
            FieldPanel("recording"),
            FieldPanel("reprocess"),
        ],
        base_form_class=AudioGuideCreateForm,
    )

    def get_add_view_kwargs(self, **kwargs):
        panel = self.add_handler.bind_to_model(self.model)
        return super().get_add_view_kwargs(panel=panel, form_class=panel.get_form_class(), **kwargs)


register_snippet(AudioGuideViewSet)
