"""The place filters several listings share (a region key, a province slug), checked
against the places that exist, and the choices of a place filter in the page's language."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from regions.models import ProvincePage, RegionPage
from showcase.base import visible
from showcase.page_cache import cached_content
from showcase.params import ParameterError, one
from showcase.text import fold


def place(params, locale):
    """(region key, province slug) from the parameters, each checked to name a place."""
    region = one(params, "region")
    if region and not RegionPage.objects.filter(locale=locale, key=region).exists():
        raise ParameterError(_("There is no region “%(value)s”.") % {"value": region})
    province = one(params, "province")
    if province and not ProvincePage.objects.filter(locale=locale, slug=province).exists():
        raise ParameterError(_("There is no province or city “%(value)s”.") % {"value": province})
    return region, province


def region_or_404(locale, key):
    """The region with this key in `locale` that anyone may read, or a 404."""
    if "\x00" in key:  # no region has one, and PostgreSQL refuses it in a query
        raise Http404("no such region")
    return get_object_or_404(visible(RegionPage.objects).filter(locale=locale), key=key)


def place_options(locale):
    """The region and province choices of a filter form, in the page's language (kept
    until the content changes)."""

    def options():
        regions = visible(RegionPage.objects).filter(locale=locale).order_by("path")
        provinces = visible(ProvincePage.objects).filter(locale=locale).values_list("slug", "title")
        return {
            "regions": list(regions.values_list("key", "title")),
            # Đ with D, as people sort
            "provinces": sorted(provinces, key=lambda pair: fold(pair[1])),
        }

    return cached_content("place-options", options, locale.language_code)
