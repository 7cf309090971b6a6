"""The catalogue on paper: a search result, a region's or a province's products, or a
fair's exhibitors as a PDF a buyer can carry to a meeting (products/printing.py renders).

Each is the same for everyone who asks: rendered once per content generation for its
address — the path and the catalogue parameters, checked and in one order; any other
parameter is ignored — and refused with 503 or 429 while the render slots are taken."""

from dataclasses import replace

from django.http import Http404, HttpResponseBadRequest, QueryDict
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from events.models import EventPage
from products.printing import MAX_PRODUCTS, catalogue_pdf, shared_pdf
from products.supply import pooled_products
from regions.models import ProvincePage, RegionPage
from search.catalogue import facet_labels, filter_label
from search.query import CatalogueQuery, known_values, run
from showcase.base import visible_in_locale
from showcase.page_cache import page_query
from showcase.params import ParameterError


def print_products(request):
    """The catalogue's result for the same parameters as the catalogue page (filter values
    that name nothing left out), its first MAX_PRODUCTS products."""
    locale = Locale.get_active()
    try:
        query = CatalogueQuery.from_params(
            QueryDict(page_query(request)), lang=locale.language_code
        )
    except ParameterError as problem:
        return HttpResponseBadRequest(str(problem), content_type="text/plain; charset=utf-8")
    query = query.known_only(known_values(locale))[0]
    shown = [(name, value) for name, value in query.params() if name != "page_size"]
    address = f"{request.path}?{urlencode(shown)}" if shown else request.path
    query = replace(query, page=1, page_size=MAX_PRODUCTS)

    def render():
        result = run(query)
        read = result.query  # with what the words named as filters
        labels = {name: dict(pairs) for name, pairs in facet_labels(locale).items()}
        described = [f"“{read.q}”"] if read.q else []
        described += [filter_label(name, value, labels) for name, value in read.active_filters]
        return catalogue_pdf(
            request,
            title=_("Catalogue"),
            subtitle=", ".join(described) or _("All OCOP products"),
            products=list(result.products),
            total=result.count,
            address=address,
        )

    return shared_pdf(request, address, render)


def print_page(request, page_id):
    """A region's or a province's products, or a fair's or delegation's exhibitors."""
    return shared_pdf(request, request.path, lambda: page_catalogue(request, page_id))


def page_catalogue(request, page_id):
    page = visible_in_locale(Page.objects, page_id, Locale.get_active())
    if page is None:
        raise Http404
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
        notes=notes, total=total, address=request.path,
    )  # fmt: skip
