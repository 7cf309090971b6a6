"""Pooled supply by commodity, nationally or in one region: views of their own, not pages."""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from wagtail.models import Locale

from products.models import Commodity
from products.sections import catalogue_address
from products.supply import pool, pooled_products, supply_rows
from regions.filters import place_options, region_or_404
from showcase.page_cache import cached_content

# Product cards on a commodity's page: its best, then the catalogue filtered to it.
COMMODITY_CARDS = 24


def supply_index(request):
    """Every commodity's pooled supply, nationally or in one region."""
    locale = Locale.get_active()
    region = _region(request, locale)
    commodities = cached_content(
        "supply-index",
        lambda: _commodity_rows(locale, region),
        locale.language_code,
        region.key if region else "",
    )
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


def _commodity_rows(locale, region):
    """The index's table: plain figures, kept per content generation."""
    groups = pool(supply_rows(locale, region=region)).by("commodity")
    return [
        {
            "slug": group.products[0].commodity.slug,
            "label": group.label,
            "totals": group.totals,
            "producers": group.producers,
            "provinces_count": group.provinces_count,
        }
        for group in groups
        if group.key is not None
    ]


def commodity_supply(request, slug):
    """What all producers of one commodity can supply together, and when; its best
    products, and the catalogue for the rest."""
    locale = Locale.get_active()
    commodity = get_object_or_404(Commodity, slug=slug)
    region = _region(request, locale)
    supply = pool(supply_rows(locale, commodity, region), commodity.pk, commodity.name)
    query = {"commodity": commodity.slug} | ({"region": region.key} if region else {})
    products = pooled_products(locale, commodity, region).order_by("-ocop_stars", "title")
    return render(
        request,
        "products/commodity_supply.html",
        {
            "commodity": commodity,
            "region": region,
            "regions": place_options(locale)["regions"],
            "supply": supply,
            "products": products[:COMMODITY_CARDS],
            "calendar": supply.calendar(),
            "headline": supply.headline(region.title if region else _("Vietnam")),
            "inquiry_query": urlencode(query),
            "catalogue_query": urlencode(query),
            "catalogue_address": catalogue_address(locale),
        },
    )


def _region(request, locale):
    key = request.GET.get("region")
    return region_or_404(locale, key) if key else None
