from django.utils.functional import SimpleLazyObject
from wagtail.models import Locale

from showcase.information import information_pages
from showcase.navigation import main_menu


def site_navigation(request):
    """The main menu of the visitor's locale and its About page and privacy notice (the
    footer's); each queried only if a template shows it."""

    # The router (showcase/routing.py) has the page's locale at hand; a view's is looked up
    # once for both lists.
    found = []

    def locale():
        if not found:
            found.append(getattr(request, "hub_locale", None) or Locale.get_active())
        return found[0]

    return {
        "main_menu": SimpleLazyObject(lambda: main_menu(locale())),
        "information_pages": SimpleLazyObject(lambda: information_pages(locale())),
    }
