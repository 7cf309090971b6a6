"""Two of Wagtail's own admin addresses that answer 500, served here first (showcase/urls.py
puts them ahead of Wagtail's, which come before any hook's).

- `/admin/failwhale/` raises on purpose, to test error reporting: for superusers only;
  anyone else gets the admin's 404.
- The page chooser's "chosen multiple" view passes its `id` parameters to the database
  unchecked, so `?id=abc` was a 500: a bad id is now a 400. It also answers for any page,
  with its address (whose slug spells a draft's title): only pages the user may see
  (editorial/draft_guard.py) are answered.
"""

from django.core.exceptions import BadRequest
from django.http import Http404
from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.admin.views.home import error_test
from wagtail.models import Page

from editorial import draft_guard
from showcase.params import ParameterError, database_id


@require_admin_access
def failwhale(request):
    if not request.user.is_superuser:
        raise Http404
    return error_test(request)


class CheckedChosenMultipleView(ChosenMultipleView):
    def get(self, request):
        try:
            ids = [database_id(value, "id") for value in request.GET.getlist("id")]
        except ParameterError as error:
            raise BadRequest(str(error)) from error
        seen = draft_guard.seen_pages(Page.objects.filter(pk__in=ids), request.user)
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in seen.values_list("pk", flat=True)])
        return super().get(request)


def urlpatterns():
    return [
        path("admin/failwhale/", failwhale),
        path(
            "admin/choose-page/chosen-multiple/",
            require_admin_access(CheckedChosenMultipleView.as_view()),
        ),
    ]
