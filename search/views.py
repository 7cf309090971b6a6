"""The catalogue on paper: a search result, a region's or a province's products, or a
fair's exhibitors as a PDF a buyer can carry to a meeting (products/printing.py renders)."""

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from events.models import EventPage
from products.printing import MAX_PRODUCTS, catalogue_pdf
from products.supply import pooled_products
from regions.models import ProvincePage, RegionPage
from search.catalogue import facet_labels, filter_label
from search.query import CatalogueQuery, run
from showcase.base import in_locale
from showcase.params import ParameterError


def print_products(request):
    """The catalogue's result for the same parameters as the catalogue page."""
    language = Locale.get_active().language_code
    try:
        query = CatalogueQuery.from_params(request.GET, lang=language)
        query = CatalogueQuery(**{**query.__dict__, "page": 1, "page_size": 100})
    except ParameterError as problem:
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
