from django.utils.functional import SimpleLazyObject
from wagtail.models import Locale

from showcase.navigation import main_menu


def site_navigation(request):
    """The main menu of the visitor's locale; queried only if a template shows it."""
    return {"main_menu": SimpleLazyObject(lambda: main_menu(Locale.get_active()))}
