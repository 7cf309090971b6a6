import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils import dateformat, timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext_lazy
from wagtail.models import Page

from products import units
from showcase.base import visible
from showcase.page_cache import PAGE_PARAMETERS
from showcase.structured_data import image_url

register = template.Library()

LANGUAGE_NAMES = dict(settings.LANGUAGES)


@register.simple_tag(takes_context=True)
def page_translations(context, page=None):
    """Every locale's version of this page (for hreflang and the language switcher).

    Falls back to each locale's home page where the page has no translation anyone may read
    (unpublished or private), so the switcher always offers both languages. `url` is relative to this site (for links),
    `full_url` absolute (for hreflang).
    """
    request = context.get("request")
    current = get_language()
    urls = {}
    query = ""
    if isinstance(page, Page):
        twins = visible(page.get_translations(inclusive=True)).select_related("locale")
        for translation in twins:
            urls[translation.locale.language_code] = translation.get_url(request)
        query = kept_query(request)
    elif request is not None and request.resolver_match:
        # A view of its own (the shortlist, the inquiry form): the same address in each
        # language, or in those it exists in (`available_languages`: a producer's profile).
        available = context.get("available_languages")
        for code, _name in settings.LANGUAGES:
            if available is None or code in available:
                urls[code] = translate_url(request.get_full_path(), code)
    missing = [code for code, _name in settings.LANGUAGES if code not in urls]
    if missing:
        for home in (
            visible(Page.objects)
            .filter(depth=2, locale__language_code__in=missing)
            .select_related("locale")
        ):
            urls.setdefault(home.locale.language_code, home.get_url(request))
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES[code],
            "url": urls[code] + query,
            "full_url": request.build_absolute_uri(urls[code]) if request else urls[code],
            "is_current": code == current,
        }
        for code, _name in settings.LANGUAGES
        if code in urls
    ]


def kept_query(request):
    """The search and filters of a listing ("?q=tea&stars=5"), for its twin in the other
    language: the values are slugs, numbers and the buyer's words, the same in both. Only
    what a page reads (PAGE_PARAMETERS), as in the page cache's key, so that a cached page's
    switcher is the one of the address it was stored for."""
    if request is None or not request.GET:
        return ""
    kept = [
        (name, value)
        for name, values in sorted(request.GET.lists())
        if name in PAGE_PARAMETERS
        for value in values
    ]
    return "?" + urlencode(kept) if kept else ""


@register.filter
def country_names(countries):
    return sorted(str(country.name) for country in countries or [])


@register.inclusion_tag("components/stars.html")
def ocop_stars(stars):
    return {"stars": stars, "range": range(5)}


@register.filter
def contains_page(section, page):
    """True when `page` is the menu `section` or lies below it."""
    return isinstance(page, Page) and page.url_path.startswith(section.url_path)


@register.filter
def unit_label(unit, amount):
    """ "tonne" after 1, "tonnes" after 2 (products/units.py); "" for no known unit."""
    return units.unit_label(unit, amount)


@register.filter
def is_past(moment):
    """True for a moment (a deadline) before now; False for None."""
    return moment is not None and moment < timezone.now()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, [])


@register.filter
def month_names(months):
    """[3, 4, 5] -> the months' names in the active language."""
    return [str(MONTHS[month]) for month in sorted(months or []) if month in MONTHS]


@register.simple_tag
def month_choices():
    return [(number, str(name)) for number, name in MONTHS.items()]


# What a month strip or a calendar's column shows, where twelve must fit a phone's width;
# the full name goes to screen readers and the tooltip. Django's own abbreviations are
# lowercase in English ("jan") and not abbreviated in Vietnamese ("Tháng 1").
SHORT_MONTHS = {
    1: pgettext_lazy("abbreviated month", "Jan"),
    2: pgettext_lazy("abbreviated month", "Feb"),
    3: pgettext_lazy("abbreviated month", "Mar"),
    4: pgettext_lazy("abbreviated month", "Apr"),
    5: pgettext_lazy("abbreviated month", "May"),
    6: pgettext_lazy("abbreviated month", "Jun"),
    7: pgettext_lazy("abbreviated month", "Jul"),
    8: pgettext_lazy("abbreviated month", "Aug"),
    9: pgettext_lazy("abbreviated month", "Sep"),
    10: pgettext_lazy("abbreviated month", "Oct"),
    11: pgettext_lazy("abbreviated month", "Nov"),
    12: pgettext_lazy("abbreviated month", "Dec"),
}


@register.simple_tag
def month_labels():
    """[(1, "January", "Jan"), …] in the active language: number, full and short name."""
    return [(number, str(name), str(SHORT_MONTHS[number])) for number, name in MONTHS.items()]


# As django.utils.html.json_script: the JSON cannot close the script element.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def json_ld(context, page):
    """The page's schema.org description as a JSON-LD script element (nothing if none)."""
    data = page.json_ld(context["request"]) if hasattr(page, "json_ld") else None
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def social_image_url(context, page):
    image = getattr(page, "social_image", None)
    return image_url(image, context["request"]) if image else ""


@register.simple_tag
def date_range(start, end):
    """An event's dates as people write them, in the dates' own time zone: "3–7 Dec 2026",
    "28 Nov – 2 Dec 2026" (English), "3–7/12/2026", "28/11 – 2/12/2026" (Vietnamese)."""
    first, last = start.date(), end.date()
    if (get_language() or "vi").startswith("vi"):
        day, day_month, full = "j", "j/n", "j/n/Y"
    else:
        day, day_month, full = "j", "j M", "j M Y"
    if first == last:
        return dateformat.format(first, full)
    if first.year != last.year:
        return f"{dateformat.format(first, full)} – {dateformat.format(last, full)}"
    if first.month != last.month:
        return f"{dateformat.format(first, day_month)} – {dateformat.format(last, full)}"
    return f"{dateformat.format(first, day)}–{dateformat.format(last, full)}"


@register.filter
def utc_offset(moment):
    """ "UTC+07:00" for a time-zone-aware datetime."""
    offset = moment.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"
