from wagtail.models import Locale, Page


def main_menu(locale: Locale):
    """The pages directly under the locale's home page that are shown in menus (one query)."""
    return list(
        Page.objects.live().filter(locale=locale, depth=3, show_in_menus=True).order_by("path")
    )
