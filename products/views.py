"""Views of their own (not pages): pooled supply by commodity, and printable catalogues."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from inquiries.shortlist import Shortlist
from products.models import Commodity
from products.printing import MAX_PRODUCTS, catalogue_pdf
from products.supply import pool, pooled_products
from regions.models import ProvincePage, RegionPage
from search.catalogue import facet_labels, filter_label
from search.query import CatalogueQuery, QueryError, run
from showcase.filters import place_options, region_or_404
from showcase.models import in_locale


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


def print_shortlist(request):
    products = Shortlist(request.session).products(Locale.get_active())
    return catalogue_pdf(
        request,
        title=_("Shortlist"),
        subtitle=_("Products chosen on the OCOP Vietnam Hub"),
        products=products,
        shareable=False,
    )


def print_products(request):
    """The catalogue's result for the same parameters as the catalogue page."""
    language = Locale.get_active().language_code
    try:
        query = CatalogueQuery.from_params(request.GET, lang=language)
        query = CatalogueQuery(**{**query.__dict__, "page": 1, "page_size": 100})
    except QueryError as problem:
        return HttpResponseBadRequest(str(problem), content_type="text/plain; charset=utf-8")
    result = run(query)
    labels = {name: dict(pairs) for name, pairs in facet_labels(Locale.get_active()).items()}
    described = [f"“{query.q}”"] if query.q else []
    described += [filter_label(name, value, labels) for name, value in query.active_filters]
    return catalogue_pdf(
        request,
        title=_("Catalogue"),
        subtitle=", ".join(described) or _("All OCOP products"),
        products=list(result.products),
        total=result.count,
    )


def print_page(request, page_id):
    """A region's or a province's products, or a fair's or delegation's exhibitors."""
    from events.models import EventPage

    page = in_locale(get_object_or_404(Page.objects.live(), pk=page_id), Locale.get_active())
    page = page.specific
    notes = {}
    if isinstance(page, RegionPage):
        products = pooled_products(page.locale, region=page)
        subtitle = _("OCOP products of the region")
    elif isinstance(page, ProvincePage):
        products = pooled_products(page.locale).filter(province=page)
        subtitle = _("OCOP products of the province")
    elif isinstance(page, EventPage):
        rows = [row for row in page.exhibitor_rows() if row.page]
        products = [row.page for row in rows]
        notes = {
            row.page.pk: _("Booth %(booth)s") % {"booth": row.booth} for row in rows if row.booth
        }
        subtitle = ", ".join(
            part
            for part in [
                date_format(page.local_start, "DATE_FORMAT"),
                page.venue,
                page.city,
                str(page.country.name) if page.country else "",
            ]
            if part
        )
    else:
        raise Http404
    total = len(products) if isinstance(products, list) else products.count()
    return catalogue_pdf(
        request, title=page.title, subtitle=subtitle, products=list(products[:MAX_PRODUCTS]),
        notes=notes, total=total,
    )  # fmt: skip


def _region(request, locale):
    key = request.GET.get("region")
    return region_or_404(locale, key) if key else None
