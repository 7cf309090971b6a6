"""Read-only Wagtail API v2 for pages.

Pages only, as DESIGN.md's public interfaces say. Wagtail's image and document endpoints
listed every upload, used on a live page or not, and the title of every document, private
ones included (an internal price list): they are not registered.
"""

from django.http import JsonResponse
from django.utils import translation
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from showcase.params import MAX_ID, ParameterError, number
from showcase.text import fold


class FoldedSearchMixin:
    """`?search=` reaches the search backend folded to plain words.

    Wagtail passes the text on as typed, and SQLite's full-text syntax rejects some of it
    (`?search="` answered 500); folded text holds only letters, digits and spaces. Folding
    also makes "Đà Nẵng" find "Da Nang".
    """

    def listing_view(self, request):
        if "search" in request.GET:
            query = request._request.GET.copy()
            # At most 1000 characters (CVE-2024-39317) and 32 words: PostgreSQL's backend
            # nests one expression per word, and hundreds of them exceed Python's recursion
            # limit (a 500).
            query["search"] = " ".join(fold(query["search"])[:1000].split()[:32])
            request._request.GET = query
        return super().listing_view(request)


class RefuseNulMixin:
    """A parameter holding a NUL character is a 400: Wagtail passes filters such as
    `?locale=` and `?html_path=` to the database, and PostgreSQL refuses NUL in any text
    (a 500 otherwise; SQLite takes it)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if any("\x00" in value for _name, values in request.GET.lists() for value in values):
            raise BadRequestError("query parameters must not contain a NUL character")


class BoundedNumbersMixin:
    """`?offset=`, `?limit=` and `?id=` are whole numbers a database takes, or a 400.

    Wagtail passes an offset beyond 64 bits to the database (SQLite cannot be sent it,
    PostgreSQL's bigint overflows: a 500), and `find/?id=` straight to a query, where
    `?id=abc` was a 500 too."""

    NUMBERS = ("offset", "limit", "id")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        try:
            with translation.override("en"):  # the language of Wagtail's own messages
                for name in self.NUMBERS:
                    for value in request.GET.getlist(name):
                        number(value, name, minimum=0, maximum=MAX_ID)
        except ParameterError as problem:
            raise BadRequestError(str(problem)) from None


class PagesAPI(RefuseNulMixin, BoundedNumbersMixin, FoldedSearchMixin, PagesAPIViewSet):
    pass


def unknown_api_address(request):
    """Any other address under /api/: a JSON 404 in the shape of the API it is under
    (Wagtail's `{"message": …}` under /api/v2/, `{"error": …}` elsewhere, as /api/v1/)."""
    key = "message" if request.path_info.startswith("/api/v2/") else "error"
    return JsonResponse({key: "no such API address"}, status=404)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPI)
