"""Read-only Wagtail API v2 for pages, images and documents."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from search.text import fold


class FoldedSearchMixin:
    """`?search=` reaches the search backend folded to plain words.

    Wagtail passes the text on as typed, and SQLite's full-text syntax rejects some of it
    (`?search="` answered 500); folded text holds only letters, digits and spaces. Folding
    also makes "Đà Nẵng" find "Da Nang".
    """

    def listing_view(self, request):
        if "search" in request.GET:
            query = request._request.GET.copy()
            query["search"] = fold(query["search"])[:1000]
            request._request.GET = query
        return super().listing_view(request)


class PagesAPI(FoldedSearchMixin, PagesAPIViewSet):
    pass


class ImagesAPI(FoldedSearchMixin, ImagesAPIViewSet):
    pass


class DocumentsAPI(FoldedSearchMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPI)
api_router.register_endpoint("images", ImagesAPI)
api_router.register_endpoint("documents", DocumentsAPI)
