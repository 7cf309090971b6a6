"""Reading the place filters that several listings share (region key, province slug) and
single-valued parameters, with messages a visitor can act on."""

from django.utils.translation import gettext as _

from search.query import QueryError
from search.text import fold
from showcase.page_cache import cached_content


def one(params, name):
    """The one value of parameter `name` ("" when absent); two different values are an error."""
    values = [value.strip() for value in params.getlist(name) if value.strip()]
    if any("\x00" in value for value in values):  # PostgreSQL refuses it in any text
        raise QueryError(_("“%(name)s” must not contain a NUL character.") % {"name": name})
    if len(set(values)) > 1:
        raise QueryError(_("“%(name)s” takes one value.") % {"name": name})
    return values[0] if values else ""


def choice(params, name, choices, message):
    value = one(params, name)
    if value and value not in choices:
        raise QueryError(message % {"value": value})
    return value


def place(params, locale):
    """(region key, province slug) from the parameters, each checked to name a place."""
    from regions.models import ProvincePage, RegionPage

    region = one(params, "region")
    if region and not RegionPage.objects.filter(locale=locale, key=region).exists():
        raise QueryError(_("There is no region “%(value)s”.") % {"value": region})
    province = one(params, "province")
    if province and not ProvincePage.objects.filter(locale=locale, slug=province).exists():
        raise QueryError(_("There is no province or city “%(value)s”.") % {"value": province})
    return region, province


def region_or_404(locale, key):
    """The live region with this key in `locale`, or a 404."""
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    from regions.models import RegionPage

    if "\x00" in key:  # no region has one, and PostgreSQL refuses it in a query
        raise Http404("no such region")
    return get_object_or_404(RegionPage.objects.live().filter(locale=locale), key=key)


def place_options(locale):
    """The region and province choices of a filter form, in the page's language (kept
    until the content changes)."""
    from regions.models import ProvincePage, RegionPage

    def options():
        regions = RegionPage.objects.live().filter(locale=locale).order_by("path")
        provinces = ProvincePage.objects.live().filter(locale=locale).values_list("slug", "title")
        return {
            "regions": list(regions.values_list("key", "title")),
            # Đ with D, as people sort
            "provinces": sorted(provinces, key=lambda pair: fold(pair[1])),
        }

    return cached_content("place-options", options, locale.language_code)
