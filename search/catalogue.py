"""The catalogue query: filters from the request, the product list and the choices offered.

The foundation lists and filters with the ORM; the faceted, diacritic-folding search
builds on the same entry point.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator

from products.models import ProductCategory, ProductPage
from regions.models import ProvincePage, RegionPage
from search.text import fold

PAGE_SIZE = 24


def catalogue_context(index_page, request):
    locale = index_page.locale
    products = ProductPage.objects.live().filter(locale=locale)
    selected = {
        "category": request.GET.get("category", ""),
        "region": request.GET.get("region", ""),
        "stars": request.GET.get("stars", ""),
        "q": request.GET.get("q", "").strip()[:200],
    }
    # Lookups on the search index's filter fields only, so a text query can follow.
    if selected["category"]:
        category = ProductCategory.objects.filter(slug=selected["category"]).first()
        products = products.filter(category=category) if category else products.none()
    if selected["region"]:
        provinces = ProvincePage.objects.filter(locale=locale, region__key=selected["region"])
        products = products.filter(province__in=list(provinces.values_list("pk", flat=True)))
    if selected["stars"] in {"3", "4", "5"}:
        products = products.filter(ocop_stars=int(selected["stars"]))
    products = products.for_listing().order_by("-ocop_stars", "title")
    words = fold(selected["q"])
    if words:  # a query of punctuation alone filters nothing
        products = products.search(words, operator="and", order_by_relevance=False)

    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    category_counts = ProductPage.objects.live().filter(locale=locale).count_by("category")
    categories = list(ProductCategory.objects.all())
    for category in categories:
        category.product_count = category_counts.get(category.pk, 0)
    filters = {name: value for name, value in selected.items() if value}
    return {
        "products": page,
        "query_prefix": urlencode(filters) + "&" if filters else "",
        "selected": selected,
        "categories": categories,
        "regions": RegionPage.objects.live().filter(locale=locale).order_by("path"),
        "star_choices": ProductPage.Stars.choices,
    }
