"""Pooled supply by commodity, nationally or in one region: views of their own, not pages."""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from wagtail.models import Locale

from products.models import Commodity
from products.sections import catalogue_address
from products.supply import pooled, pooled_products
from regions.filters import place_options, region_or_404

# Product cards on a commodity's page: its best, then the catalogue filtered to it.
COMMODITY_CARDS = 24


def supply_index(request):
    """Every commodity's pooled supply, nationally or in one region."""
    locale = Locale.get_active()
    region = _region(request, locale)
    return render(
        request,
        "products/supply_index.html",
        {
            "region": region,
            "regions": place_options(locale)["regions"],
            "commodities": pooled(locale, None, region)["commodities"],
            "region_query": f"?region={region.key}" if region else "",
        },
    )


def commodity_supply(request, slug):
    """What all producers of one commodity can supply together, and when; its best
    products, and the catalogue for the rest."""
    locale = Locale.get_active()
    commodity = get_object_or_404(Commodity, slug=slug)
    region = _region(request, locale)
    query = {"commodity": commodity.slug} | ({"region": region.key} if region else {})
    products = pooled_products(locale, commodity, region).order_by("-ocop_stars", "title")
    return render(
        request,
        "products/commodity_supply.html",
        {
            "commodity": commodity,
            "region": region,
            "regions": place_options(locale)["regions"],
            "supply": pooled(locale, commodity, region),
            "products": products[:COMMODITY_CARDS],
            "inquiry_query": urlencode(query),
            "catalogue_query": urlencode(query),
            "catalogue_address": catalogue_address(locale),
        },
    )


def _region(request, locale):
    key = request.GET.get("region")
    return region_or_404(locale, key) if key else None
