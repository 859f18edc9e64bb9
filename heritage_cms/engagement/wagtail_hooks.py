"""The report's admin URL and its menu item, shown to whoever may see engagement counts
(Curators and Moderators, see ``core.roles``)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_engagement_urls():
    return [path("engagement/", views.report, name="engagement_report")]


class ReportItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.VIEW_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_engagement_report():
    return ReportItem(
        _("Stops heard and seen"), reverse("engagement_report"), icon_name="media", order=700
    )
