"""The home page: the top of the hub, which may import every app."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from showcase.base import HubPage
from showcase.home import home_context
from showcase.information import InformationPage

__all__ = ["HomePage", "InformationPage"]


class HomePage(HubPage):
    body = RichTextField(_("body"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = HubPage.content_panels + [FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "regions.RegionIndexPage",
        "products.ProductIndexPage",
        "events.EventIndexPage",
        "regions.SalesPointIndexPage",
        "showcase.InformationPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self))
        return context
