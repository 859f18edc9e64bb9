"""The triage queue in the Wagtail admin: filters, search, pagination, the edit form and its
permission checks come from ``ModelViewSet``; the policy (``permissions``) lets the Operations
group view and change reports, and nobody add or delete one."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from .forms import TriageForm
from .models import VisitorReport


class PhotoPanel(Panel):
    """The photo, fetched from the private storage through a view only triagers reach."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "fieldreports/admin/photo_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["report"] = self.instance
            return context


def _duration(value) -> str:
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}


class DurationColumn(Column):
    def get_value(self, instance):
        return _duration(super().get_value(instance))


class VisitorReportViewSet(ModelViewSet):
    model = VisitorReport
    name = "visitor_reports"
    url_prefix = "visitor-reports"
    icon = "warning"
    menu_label = _("Visitor reports")
    menu_order = 850
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "category",
        Column("site", label=_("Monument")),
        "status",
        "assignee",
        "created_at",
        DurationColumn("time_to_first_response", label=_("First response after")),
        DurationColumn("time_to_resolution", label=_("Closed after")),
    ]
    list_filter = ["status", "category", "site", "assignee", "language"]
    search_fields = ["reference", "text", "contact"]
    search_backend_name = None  # plain icontains: reports are private, never in the search index
    list_per_page = 50
    ordering = ["-created_at"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("category", read_only=True),
                            FieldPanel("language", read_only=True),
                            FieldPanel("created_at", read_only=True),
                        ]
                    ),
                    FieldPanel("text", read_only=True),
                    FieldRowPanel(
                        [
                            FieldPanel("page", read_only=True),
                            FieldPanel("site", read_only=True),
                            FieldPanel("contact", read_only=True),
                        ]
                    ),
                    FieldPanel("reference", read_only=True),
                ],
                heading=_("What the visitor sent"),
            ),
            PhotoPanel(heading=_("Photo")),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("status"), FieldPanel("assignee")]),
                    FieldPanel("staff_reply"),
                ],
                heading=_("Handling"),
            ),
        ],
        base_form_class=TriageForm,
    )
