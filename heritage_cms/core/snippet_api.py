"""wagtail-localize's snippet API, answering only those who may see the snippet model.

Its own view lists any registered snippet to anyone who reaches the admin, so a translator read
every card number at /admin/localize/api/snippets/cards/card/. Here it asks the model's
permission policy, as Wagtail's snippet listing and chooser do (cards refuse what only the
server's code may do; a view-only permission is enough to list).
"""

from rest_framework.permissions import BasePermission
from rest_framework.settings import api_settings
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import get_snippet_model_from_url_params
from wagtail_localize.views.snippets_api import SnippetViewSet

SEE_ACTIONS = ["add", "change", "delete", "view"]


class MaySeeSnippetModel(BasePermission):
    def has_permission(self, request, view) -> bool:
        model = get_snippet_model_from_url_params(
            view.kwargs["app_label"], view.kwargs["model_name"]
        )
        policy = policy_registry.get_by_type(model)
        return policy.user_has_any_permission(request.user, SEE_ACTIONS)


class PermittedSnippetViewSet(SnippetViewSet):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, MaySeeSnippetModel]
