"""Wagtail API v2: the public, read-only content API (filter by ``locale`` and ``type``)."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from heritage_cms.core.inputguard import search_problem

MAX_OFFSET = 1_000_000
SEARCH_OPERATORS = {"and", "or"}


class BoundedQueryMixin:
    """A 400 for parameters Wagtail would pass on to the database or search engine unchecked."""

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        params = self.request.GET
        if params.get("search_operator", "and") not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        if problem := search_problem(params.get("search", "")):
            raise BadRequestError(problem)
        offset = params.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")

    def find_object(self, queryset, request):
        if not request.GET.get("id", "0").isdigit():
            raise BadRequestError("id must be a positive integer")
        return super().find_object(queryset, request)


class BoundedPagesAPIViewSet(BoundedQueryMixin, PagesAPIViewSet):
    pass


class BoundedImagesAPIViewSet(BoundedQueryMixin, ImagesAPIViewSet):
    pass


class BoundedDocumentsAPIViewSet(BoundedQueryMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", BoundedPagesAPIViewSet)
api_router.register_endpoint("images", BoundedImagesAPIViewSet)
api_router.register_endpoint("documents", BoundedDocumentsAPIViewSet)
