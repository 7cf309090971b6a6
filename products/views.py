"""Pooled supply by commodity, nationally or in one region: views of their own, not pages."""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from wagtail.models import Locale

from products.models import Commodity
from products.supply import pool, pooled_products
from regions.filters import place_options, region_or_404


def supply_index(request):
    """Every commodity's pooled supply, nationally or in one region."""
    locale = Locale.get_active()
    region = _region(request, locale)
    commodities = [
        group
        for group in pool(pooled_products(locale, region=region)).by("commodity")
        if group.key is not None
    ]
    return render(
        request,
        "products/supply_index.html",
        {
            "region": region,
            "regions": place_options(locale)["regions"],
            "commodities": commodities,
            "region_query": f"?region={region.key}" if region else "",
        },
    )


def commodity_supply(request, slug):
    """What all producers of one commodity can supply together, and when."""
    locale = Locale.get_active()
    commodity = get_object_or_404(Commodity, slug=slug)
    region = _region(request, locale)
    supply = pool(pooled_products(locale, commodity, region), commodity.pk, commodity.name)
    query = {"commodity": commodity.slug} | ({"region": region.key} if region else {})
    return render(
        request,
        "products/commodity_supply.html",
        {
            "commodity": commodity,
            "region": region,
            "regions": place_options(locale)["regions"],
            "supply": supply,
            "calendar": supply.calendar(),
            "headline": supply.headline(region.title if region else _("Vietnam")),
            "inquiry_query": urlencode(query),
            "catalogue_query": urlencode(query),
        },
    )


def _region(request, locale):
    key = request.GET.get("region")
    return region_or_404(locale, key) if key else None
