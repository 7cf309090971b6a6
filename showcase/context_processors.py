from django.utils.functional import SimpleLazyObject
from wagtail.models import Locale

from showcase.navigation import main_menu


def site_navigation(request):
    """The main menu of the visitor's locale; queried only if a template shows it."""
    # The router (showcase/routing.py) has the page's locale at hand.
    return {
        "main_menu": SimpleLazyObject(
            lambda: main_menu(getattr(request, "hub_locale", None) or Locale.get_active())
        )
    }
