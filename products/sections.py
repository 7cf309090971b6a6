"""What the products app shows on the pages of the places: a region's provinces with their
product counts, its best products and pooled supply; a province's products; what a sales
point carries. Registered as page sections (showcase/base.py), since the places cannot
import the products."""

from urllib.parse import urlencode

from django.db import models

from products.models import ProductIndexPage, ProductPage
from products.supply import pooled
from regions.models import ProvincePage
from showcase.base import localized, page_section, visible
from showcase.page_cache import cached_content

REGION_PRODUCTS = 8
REGION_COMMODITIES = 10
PROVINCE_PRODUCTS = 24


def with_product_counts(provinces):
    """`provinces` with `product_count`: the live products with a valid certificate, the
    count a buyer finds in the catalogue, in one query with the provinces."""
    counts = models.Subquery(
        visible(ProductPage.objects)
        .certificate_valid()
        .filter(province=models.OuterRef("pk"))
        .order_by()
        .values("province")
        .annotate(n=models.Count("pk"))
        .values("n")[:1]
    )
    return provinces.annotate(product_count=models.functions.Coalesce(counts, 0))


@page_section("regions.RegionPage")
def region_products(region, request):
    provinces = visible(ProvincePage.objects.child_of(region)).prefetch_related("former_names")
    supply = pooled(region.locale, None, region)
    return {
        "provinces": with_product_counts(provinces).order_by("title"),
        "products": visible(ProductPage.objects)
        .certificate_valid()
        .filter(province__region=region)
        .order_by("-ocop_stars", "title")
        .for_listing()[:REGION_PRODUCTS],
        "products_count": supply["count"],
        "catalogue_query": urlencode({"region": region.key}),
        "catalogue_address": catalogue_address(region.locale),
        "supply": supply["commodities"][:REGION_COMMODITIES],
        "calendar": supply["calendar"],
    }


@page_section("regions.ProvincePage")
def province_products(province, request):
    """A province's best products (Hà Nội has evaluated ~2,700): the rest are a click away,
    in the catalogue filtered to the province, which counts as this page does (products
    whose OCOP certificate is in force)."""
    products = visible(ProductPage.objects.child_of(province)).certificate_valid()
    return {
        "products": products.order_by("-ocop_stars", "title").for_listing()[:PROVINCE_PRODUCTS],
        "products_count": products.count(),
        "catalogue_query": urlencode({"province": province.slug}),
        "catalogue_address": catalogue_address(province.locale),
    }


def catalogue_address(locale):
    """The catalogue page's address in `locale` ("/en/products/"), kept per generation."""

    def address():
        page = visible(ProductIndexPage.objects).filter(locale=locale).first()
        return page.url if page else ""

    return cached_content("catalogue-address", address, locale.language_code)


@page_section("regions.SalesPointPage")
def products_on_sale(sales_point, request):
    # The relation is copied from the Vietnamese source; show the visitor's locale.
    products = localized(
        visible(ProductPage.objects).for_listing(), sales_point.products.all(), sales_point.locale
    )
    return {"products": sorted(products.values(), key=lambda product: product.title)}
