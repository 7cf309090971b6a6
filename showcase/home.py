from events.models import EventPage
from products.models import ProductCategory, ProductIndexPage, ProductPage
from regions.models import ProvincePage, RegionPage


def home_context(home):
    """What the home page shows: the hub in figures, regions, featured products and fairs."""
    locale = home.locale
    # The figures and featured products are what the catalogue lists: no expired certificates.
    products = ProductPage.objects.live().filter(locale=locale).certificate_valid()
    region_counts = products.count_by("province__region")
    regions = list(
        RegionPage.objects.live()
        .filter(locale=locale)
        .select_related("hero_image")
        .order_by("path")
    )
    for region in regions:
        region.product_count = region_counts.get(region.pk, 0)
    category_counts = products.count_by("category")
    categories = list(ProductCategory.objects.all())
    for category in categories:
        category.product_count = category_counts.get(category.pk, 0)
    return {
        "stats": {
            "products": sum(region_counts.values()),
            "provinces": ProvincePage.objects.live().filter(locale=locale).count(),
            "producers": products.exclude(producer=None).values("producer").distinct().count(),
        },
        "regions": regions,
        "categories": categories,
        "featured_products": products.filter(ocop_stars=5)
        .for_listing()
        .order_by("-last_published_at")[:8],
        "upcoming_events": EventPage.objects.live()
        .filter(locale=locale)
        .upcoming()
        .select_related("province")[:4],
        "catalogue": ProductIndexPage.objects.live().child_of(home).first(),
    }
