from wagtail.models import Locale, Page

from showcase.base import visible
from showcase.page_cache import cached_content


def main_menu(locale: Locale):
    """The pages directly under the locale's home page that are shown in menus (one query,
    then kept until the content changes)."""
    return cached_content(
        "main-menu",
        lambda: list(
            visible(Page.objects)
            .filter(locale=locale, depth=3, show_in_menus=True)
            .order_by("path")
        ),
        locale.language_code,
    )
