from django.utils import timezone

from events.models import EventPage
from products.models import ProductCategory, ProductIndexPage, ProductPage
from regions.filters import place_options
from regions.models import RegionPage
from showcase.base import visible
from showcase.navigation import main_menu
from showcase.page_cache import cached_content


def home_context(home):
    """What the home page shows: the hub in figures, regions, featured products and fairs."""
    locale = home.locale
    # The figures and featured products are what the catalogue lists: no expired certificates.
    products = visible(ProductPage.objects).filter(locale=locale).certificate_valid()
    # The figures change with the content and the date (certificates expire), not per visit.
    figures = cached_content(
        "home-figures", lambda: home_figures(products), locale.language_code, timezone.localdate()
    )
    regions = list(
        visible(RegionPage.objects)
        .filter(locale=locale)
        .select_related("hero_image")
        .order_by("path")
    )
    for region in regions:
        region.product_count = figures["regions"].get(region.pk, 0)
    categories = [
        (category, figures["categories"].get(category.pk, 0))
        for category in cached_content("categories", lambda: list(ProductCategory.objects.all()))
    ]
    for category, count in categories:
        category.product_count = count
    return {
        "stats": {
            "products": sum(figures["regions"].values()),
            "provinces": len(place_options(locale)["provinces"]),
            "producers": figures["producers"],
        },
        "regions": regions,
        "categories": [category for category, _count in categories],
        "featured_products": products.filter(ocop_stars=5)
        .for_listing()
        .order_by("-last_published_at")[:8],
        "upcoming_events": visible(EventPage.objects)
        .filter(locale=locale)
        .upcoming()
        .select_related("province")[:4],
        "catalogue": catalogue_page(home),
    }


def home_figures(products):
    return {
        "regions": products.count_by("province__region"),
        "categories": products.count_by("category"),
        "producers": products.filter(producer__live=True).values("producer").distinct().count(),
    }


def catalogue_page(home):
    """The catalogue under `home`: from the main menu (kept in the cache) when it is there."""
    for page in main_menu(home.locale):
        if page.specific_class is ProductIndexPage:
            return page
    return visible(ProductIndexPage.objects.child_of(home)).first()
