from django import template
from django.conf import settings
from django.utils.dates import MONTHS
from django.utils.translation import get_language
from wagtail.models import Page

register = template.Library()

LANGUAGE_NAMES = dict(settings.LANGUAGES)


@register.simple_tag(takes_context=True)
def page_translations(context, page=None):
    """Every locale's version of this page (for hreflang and the language switcher).

    Falls back to each locale's home page where the page has no live translation, so the
    switcher always offers both languages. `url` is relative to this site (for links),
    `full_url` absolute (for hreflang).
    """
    request = context.get("request")
    current = get_language()
    urls = {}
    if isinstance(page, Page):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            urls[translation.locale.language_code] = translation.get_url(request)
    missing = [code for code, _name in settings.LANGUAGES if code not in urls]
    if missing:
        for home in (
            Page.objects.live()
            .filter(depth=2, locale__language_code__in=missing)
            .select_related("locale")
        ):
            urls.setdefault(home.locale.language_code, home.get_url(request))
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES[code],
            "url": urls[code],
            "full_url": request.build_absolute_uri(urls[code]) if request else urls[code],
            "is_current": code == current,
        }
        for code, _name in settings.LANGUAGES
        if code in urls
    ]


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
def get_item(mapping, key):
    return mapping.get(key, [])


@register.simple_tag
def month_choices():
    return [(number, str(name)) for number, name in MONTHS.items()]
