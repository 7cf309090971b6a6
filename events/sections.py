"""What the events app shows on the pages below it: the fairs a region, a province or a
sales point's province takes part in, where a product is exhibited, and the events
index's own listing. Registered as page sections (showcase/base.py)."""

from django.utils import timezone

from events.listing import event_index_context
from events.models import EventExhibitor, EventPage, events_index_url
from regions.models import ProvincePage
from showcase.base import page_section, visible


def upcoming_events(locale, provinces, limit):
    """The next `limit` events that `provinces` take part in, in `locale`."""
    return (
        visible(EventPage.objects)
        .filter(locale=locale)
        .concerning(provinces)
        .upcoming()
        .for_listing()[:limit]
    )


@page_section("events.EventIndexPage")
def event_index(index_page, request):
    return event_index_context(index_page, request)


@page_section("regions.RegionPage")
def region_events(region, request):
    return {
        "events": upcoming_events(region.locale, ProvincePage.objects.filter(region=region), 6),
        "events_url": events_index_url(region.locale, request, region=region.key),
    }


@page_section("regions.ProvincePage")
def province_events(province, request):
    return {
        "events": upcoming_events(province.locale, ProvincePage.objects.filter(pk=province.pk), 6),
        "events_url": events_index_url(province.locale, request, province=province.slug),
    }


@page_section("regions.SalesPointPage")
def sales_point_events(sales_point, request):
    provinces = ProvincePage.objects.filter(pk=sales_point.province_id)
    return {"upcoming_events": upcoming_events(sales_point.locale, provinces, 3)}


@page_section("products.ProductPage")
def product_exhibits(product, request):
    """The upcoming events that exhibit the product, with their booths. Their rows point at
    the Vietnamese product, so they match on its translation key."""
    exhibits = (
        visible(EventExhibitor.objects, through="event__")
        .filter(
            product__translation_key=product.translation_key,
            event__locale=product.locale,
            event__end__gte=timezone.now(),
        )
        .select_related("event")
        .order_by("event__start")
    )
    return {"exhibits": list(exhibits)}
