from django.dispatch import receiver
from wagtail.signals import post_page_move

from showcase.models import HubPage


@receiver(post_page_move)
def refresh_place_link(sender, instance, **kwargs):
    """Wagtail saves a moved page as a plain Page, so HubPage.save never runs: refresh the
    moved page's link to its new province or region here."""
    page = instance.specific
    if isinstance(page, HubPage) and page.place_link:
        page.refresh_from_db(fields=["path", "depth"])
        page.save(update_fields=[f"{page.place_link}"])
