"""What the places add to their own listing pages: the sales points directory with its
map (registered as a page section, so the page model stays what the page *is*)."""

from django.conf import settings
from django.utils.translation import gettext as _

from regions.filters import place, place_options
from regions.models import SalesPointPage
from showcase.base import page_section, visible
from showcase.params import ParameterError, choice


@page_section("regions.SalesPointIndexPage")
def sales_point_directory(index_page, request):
    """The sales points of a locale that match the visitor's filters, with map markers."""
    locale = index_page.locale
    try:
        region, province = place(request.GET, locale)
        kind = choice(
            request.GET,
            "kind",
            SalesPointPage.Kind.values,
            _("There is no kind of sales point “%(value)s”."),
        )
        error = None
    except ParameterError as problem:
        region = province = kind = ""
        error = str(problem)
    points = visible(SalesPointPage.objects).filter(locale=locale)
    if region:
        points = points.filter(province__region__key=region)
    if province:
        points = points.filter(province__slug=province)
    if kind:
        points = points.filter(kind=kind)
    points = list(
        points.select_related("province", "province__region").order_by("province__title", "title")
    )
    markers = [
        {
            "name": point.title,
            "url": point.get_url(request),
            "kind": point.get_kind_display(),
            "province": point.province.title if point.province else "",
            "address": point.address,
            "lat": float(point.latitude),
            "lng": float(point.longitude),
        }
        for point in points
        if point.latitude is not None and point.longitude is not None
    ]
    return {
        "sales_points": points,
        "markers": markers,
        "filter_options": {**place_options(locale), "kinds": SalesPointPage.Kind.choices},
        "selected": {"region": region, "province": province, "kind": kind},
        "filter_error": error,
        "map_tiles": {
            "url": settings.HUB_MAP_TILES_URL,
            "attribution": settings.HUB_MAP_ATTRIBUTION,
        },
    }


@page_section("regions.ProvincePage")
def province_sales_points(province, request):
    return {"sales_points": visible(SalesPointPage.objects.child_of(province))}
