from wagtail.snippets.models import register_snippet

from heritage_cms.core.adminui import SnippetViewSet

from .models import Site


class SiteViewSet(SnippetViewSet):
    """Monuments as gates know them: code and capacity. Their names come from their pages."""

    model = Site
    icon = "site"
    add_to_admin_menu = True
    list_display = ["name", "code", "capacity"]
    panels = ["code", "capacity"]


register_snippet(SiteViewSet)
