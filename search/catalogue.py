"""The catalogue page's context: the shared query (search/query.py) plus what a person
needs to read it: facet values with their names in the page's language, removable chips,
links that keep the query."""

from dataclasses import replace
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from products.terms import Incoterm
from regions.filters import place_options
from search.index import catalogue_index
from search.query import CatalogueQuery, known_values, run, taxonomy
from search.reading import as_written
from search.understanding import hs_written
from showcase.base import page_section
from showcase.page_cache import not_for_the_cache
from showcase.params import ParameterError
from showcase.text import fold


@page_section("products.ProductIndexPage")
def catalogue_context(index_page, request):
    """The catalogue page: a bad parameter shows its message (and the page answers 400,
    HubIndexPage.serve) over the unfiltered catalogue for the same words. Filter values
    that name nothing are left out before the search, with a note, and that page is not
    kept in the page cache (each made-up value would be an entry of its own)."""
    locale = index_page.locale
    language = locale.language_code
    error = notice = None
    try:
        query = CatalogueQuery.from_params(request.GET, lang=language)
    except ParameterError as problem:  # keep the words; drop the filters that could not be read
        words = request.GET.get("q", "")[:1000].replace("\x00", "")
        query, error = CatalogueQuery(q=words, lang=language), str(problem)
    query, dropped = query.known_only(known_values(locale))
    if dropped:
        notice = _("Filters that name nothing on the hub were left out.")
        not_for_the_cache(request)
    typed = query
    result = run(query, locale=locale)
    query = result.query  # what the words named are filters now (search/reading.py)

    labels = facet_labels(locale)
    facets = []
    for name, heading in (
        ("region", _("Region")),
        ("province", _("Province or city")),
        ("category", _("Product group")),
        ("commodity", _("Commodity")),
        ("certification", _("Certification")),
        ("stars", _("OCOP rating")),
        ("month", _("Available in")),
        ("incoterm", _("Incoterm offered")),
    ):
        selected = {str(value) for value in getattr(query, name)}
        options = [
            {"value": value, "label": label, "count": result.facets[name].get(value, 0),
             "selected": value in selected}
            for value, label in labels[name]
        ]  # fmt: skip
        options = [option for option in options if option["count"] or option["selected"]]
        facets.append({"name": name, "heading": heading, "options": options,
                       "open": bool(selected) or name in ("region", "category", "stars")})  # fmt: skip

    names = {name: dict(pairs) for name, pairs in labels.items()}
    chips = [
        {
            "label": filter_label(name, value, names),
            "url": "?" + urlencode(query.without(name, value).params()),
        }
        for name, value in query.active_filters
    ]
    return {
        "query": query,
        "result": result,
        "page_of_products": result.page,
        "facets": facets,
        "export_ready": result.facets["export_ready"],
        "price_given": result.facets["price_given"],
        "chips": chips,
        "clear_url": "?" + urlencode([("q", query.q)] if query.q else []),
        "query_prefix": urlencode([p for p in query.params()]) + "&" if query.params() else "",
        "sort_choices": [
            ("relevance", _("Best match")),
            ("stars", _("OCOP stars")),
            ("updated", _("Recently updated")),
            ("price", _("Price (low to high)")),
        ],
        "filter_error": error,
        "filter_notice": notice,
        "reading": reading_context(typed, result),
        # The box keeps the words as the buyer typed them: searched again, they are read
        # again; a new search keeps the filters the buyer ticked, not those read from them.
        "search_words": typed.q,
        "search_form_params": [
            (name, value) for name, value in typed.params() if name not in ("q", "as_typed", "page")
        ],
        "sourcing_url": sourcing_url(result, typed),
    }


def reading_context(typed, result):
    """What the page says of how it read the words: the correction it searched for, what
    it understood, whether only part of the words matched; links back to the words as
    typed. None when there is nothing to say."""
    reading, text = result.reading, result.text
    if reading is None:
        return None
    as_typed = replace(typed, as_typed=True, page=1)
    understood = [item.label for item in reading.understood]
    index = catalogue_index(typed.lang)
    unmatched = (
        [as_written(words.split(), typed.q, index) for words in text.unmatched] if text else []
    )
    return {
        "corrected": reading.corrected,
        "typed": typed.q,
        "as_typed_url": "?" + urlencode(as_typed.params()),
        "understood": understood,
        "words": reading.shown,
        "partial": bool(text and text.partial),
        "unmatched": ", ".join(unmatched) if text and text.partial else "",
    }


def sourcing_url(result, typed):
    """The sourcing request for what was searched: its commodity when the words name one."""
    address = reverse("inquiry_new")
    words = set(fold(result.query.q).split()) or set(fold(typed.q).split())
    for slug, name in taxonomy(result.query.lang)["commodity"]:
        if words and set(fold(name).split()) <= words:
            return f"{address}?{urlencode([('commodity', slug)])}"
    return address


def filter_label(name, value, names):
    """How an active filter reads to a person, with `names` {facet: {value: label}}."""
    if name == "export_ready":
        return _("Export-ready") if value else _("Not yet exporting")
    if name == "price_given":
        return _("With an indicative price") if value else _("Price on request")
    if name == "include_expired":
        return _("Including expired OCOP certificates")
    if name == "hs":
        return _("HS code %(code)s") % {"code": hs_written(value)}
    return names.get(name, {}).get(str(value), str(value))


def facet_labels(locale):
    """(value, label) pairs for each facet, in display order and the page's language."""
    places = place_options(locale)
    return {
        "region": places["regions"],
        "province": places["provinces"],
        **taxonomy(locale.language_code),
        "stars": [(str(n), _("%(n)s stars") % {"n": n}) for n in (5, 4, 3)],
        "month": [(str(n), str(MONTHS[n])) for n in range(1, 13)],
        "incoterm": [(code, code) for code in Incoterm.values],
    }  # fmt: skip
