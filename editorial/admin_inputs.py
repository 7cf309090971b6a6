"""Two of Wagtail's own admin addresses that answer 500, served here first (showcase/urls.py
puts them ahead of Wagtail's, which come before any hook's).

- `/admin/failwhale/` raises on purpose, to test error reporting: for superusers only;
  anyone else gets the admin's 404.
- The page chooser's "chosen multiple" view passes its `id` parameters to the database
  unchecked, so `?id=abc` was a 500: a bad id is now a 400.
"""

from django.core.exceptions import BadRequest
from django.http import Http404
from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.admin.views.home import error_test

from showcase.params import ParameterError, database_id


@require_admin_access
def failwhale(request):
    if not request.user.is_superuser:
        raise Http404
    return error_test(request)


class CheckedChosenMultipleView(ChosenMultipleView):
    def get(self, request):
        try:
            for value in request.GET.getlist("id"):
                database_id(value, "id")
        except ParameterError as error:
            raise BadRequest(str(error)) from error
        return super().get(request)


def urlpatterns():
    return [
        path("admin/failwhale/", failwhale),
        path(
            "admin/choose-page/chosen-multiple/",
            require_admin_access(CheckedChosenMultipleView.as_view()),
        ),
    ]
