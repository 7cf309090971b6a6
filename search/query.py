"""The one catalogue query, shared by the catalogue page and the JSON search API.

parse → `CatalogueQuery` (or `ParameterError` with a message a person can act on, in the
        active language: showcase/params.py)
run   → `CatalogueResult`: the page of products and the facet counts.

Facets follow drill-down semantics: each facet is counted with every filter but its own,
so a buyer who ticked one region still sees how many products the other regions have.
Filters, facets and orders are computed on the language's compact table of the current
content generation (search/facets.py), with no query; the result page costs one query
plus the prefetches of a product card, whatever its size.

Products whose OCOP certificate has expired (36 months after certification) are left out
of results and facets alike unless `include_expired` asks for them; the result says how
many there are either way.
"""

from dataclasses import dataclass, field, replace

import numpy as np
from django.core.paginator import EmptyPage, Paginator
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from products.models import Certification, Commodity, ProductCategory, ProductPage
from products.terms import Incoterm
from regions.filters import place_options
from search.cluster import cluster_configured, cluster_match
from search.facets import combined, condition_masks, count, facet_table, ordered_pks, valid_mask
from search.index import catalogue_index
from search.matching import match
from search.reading import read
from showcase.page_cache import cached_content
from showcase.params import ParameterError, boolean, number, numbers, one, values

MAX_QUERY_LENGTH = 1000  # longer queries are refused (Wagtail CVE-2024-39317, search ReDoS)
# As many values as there are provinces: a buyer ticks a few, a crafted address thousands
# (each a chip linking to the query without it: a page that grew with the square).
MAX_FILTER_VALUES = 34
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 24
LANGUAGES = ("en", "vi")
SORTS = ("relevance", "stars", "updated", "price")
LIST_FILTERS = ("region", "province", "category", "commodity", "certification")


@dataclass(frozen=True)
class CatalogueQuery:
    q: str = ""
    lang: str = "en"
    region: tuple[str, ...] = ()
    province: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    commodity: tuple[str, ...] = ()
    certification: tuple[str, ...] = ()
    stars: tuple[int, ...] = ()
    month: tuple[int, ...] = ()
    hs: tuple[str, ...] = ()  # HS code prefixes, digits only: "0904", "090411"
    export_ready: bool | None = None
    incoterm: tuple[str, ...] = ()  # Incoterms offered (products/terms.py), any of them
    price_given: bool | None = None  # with an indicative price, or without
    # Expired OCOP certificates are left out unless a buyer asks for them.
    include_expired: bool = False
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    # The words as typed: no spelling correction, nothing read as a filter.
    as_typed: bool = False

    @classmethod
    def from_params(cls, params, lang=None):
        """Read and check request parameters (a QueryDict or a dict of lists)."""
        q = one(params, "q")
        if len(q) > MAX_QUERY_LENGTH:
            raise ParameterError(
                _("“q” is longer than %(limit)s characters.") % {"limit": MAX_QUERY_LENGTH}
            )
        lang = lang or one(params, "lang", "en")
        if lang not in LANGUAGES:
            raise ParameterError(_("“lang” must be “en” or “vi”."))
        sort = one(params, "sort", "relevance")
        if sort not in SORTS:
            raise ParameterError(
                _("“sort” must be one of %(sorts)s.") % {"sorts": ", ".join(SORTS)}
            )
        listed = {
            name: values(params, name)
            for name in (*LIST_FILTERS, "stars", "month", "hs", "incoterm")
        }
        for name, found in listed.items():
            if len(found) > MAX_FILTER_VALUES:
                raise ParameterError(
                    _("“%(name)s” takes at most %(limit)s values.")
                    % {"name": name, "limit": MAX_FILTER_VALUES}
                )
        return cls(
            q=q,
            lang=lang,
            **{name: listed[name] for name in LIST_FILTERS},
            stars=numbers(listed["stars"], "stars", {3, 4, 5}),
            month=numbers(listed["month"], "month", set(range(1, 13))),
            hs=hs_codes(listed["hs"]),
            export_ready=boolean(one(params, "export_ready"), "export_ready"),
            incoterm=incoterm_codes(listed["incoterm"]),
            price_given=boolean(one(params, "price_given"), "price_given"),
            include_expired=boolean(one(params, "include_expired"), "include_expired") or False,
            sort=sort,
            page=number(one(params, "page", "1"), "page", minimum=1),
            page_size=number(
                one(params, "page_size", str(DEFAULT_PAGE_SIZE)), "page_size", 1, MAX_PAGE_SIZE
            ),
            as_typed=boolean(one(params, "as_typed"), "as_typed") or False,
        )

    def known_only(self, known):
        """This query without the filter values that name nothing (`known`: {facet: the
        values that exist}), and whether any was left out."""
        kept = {
            name: tuple(value for value in getattr(self, name) if value in known[name])
            for name in LIST_FILTERS
        }
        dropped = any(len(kept[name]) < len(getattr(self, name)) for name in LIST_FILTERS)
        return replace(self, **kept), dropped

    def without(self, facet, value=None):
        """This query with one filter value (or the whole facet) removed, from page 1."""
        current = getattr(self, facet)
        if facet in ("include_expired", "as_typed"):
            cleared = False
        elif facet in ("export_ready", "price_given") or value is None:
            cleared = None if facet in ("export_ready", "price_given") else ()
        else:
            cleared = tuple(v for v in current if v != value)
        return replace(self, page=1, **{facet: cleared})

    def params(self):
        """The query as URL parameters (for links that keep it)."""
        pairs = [("q", self.q)] if self.q else []
        for name in (*LIST_FILTERS, "stars", "month", "hs", "incoterm"):
            pairs += [(name, str(value)) for value in getattr(self, name)]
        if self.export_ready is not None:
            pairs.append(("export_ready", "true" if self.export_ready else "false"))
        if self.price_given is not None:
            pairs.append(("price_given", "true" if self.price_given else "false"))
        if self.include_expired:
            pairs.append(("include_expired", "true"))
        if self.sort != "relevance":
            pairs.append(("sort", self.sort))
        if self.page_size != DEFAULT_PAGE_SIZE:
            pairs.append(("page_size", str(self.page_size)))
        if self.as_typed:
            pairs.append(("as_typed", "true"))
        return pairs

    @property
    def active_filters(self):
        found = [
            (name, value)
            for name in (*LIST_FILTERS, "stars", "month", "hs", "incoterm")
            for value in getattr(self, name)
        ]
        if self.export_ready is not None:
            found.append(("export_ready", self.export_ready))
        if self.price_given is not None:
            found.append(("price_given", self.price_given))
        if self.include_expired:
            found.append(("include_expired", True))
        return found


def incoterm_codes(given):
    """The Incoterm codes asked for ("fob" is FOB); an unknown one is a ParameterError."""
    codes = tuple(dict.fromkeys(code.strip().upper() for code in given if code.strip()))
    unknown = [code for code in codes if code not in Incoterm.values]
    if unknown:
        raise ParameterError(
            _("“incoterm” must be one of %(codes)s, not %(value)s.")
            % {"codes": ", ".join(Incoterm.values), "value": unknown[0][:10]}
        )
    return codes


def hs_codes(given):
    """HS code prefixes as digits ("0904.11" → "090411"), each 4 to 10 digits."""
    codes = tuple(dict.fromkeys("".join(ch for ch in code if ch not in ". ") for code in given))
    for code in codes:
        if not (code.isdigit() and 4 <= len(code) <= 10):
            raise ParameterError(
                _("“hs” must be an HS code of 4 to 10 digits, such as 0904 or 0904.11.")
            )
    return codes


@dataclass
class CatalogueResult:
    query: CatalogueQuery
    count: int
    page: object  # a Paginator page whose object_list is the page's products
    facets: dict = field(default_factory=dict)
    # Products matching the query whose certificate has expired, shown or not.
    expired_count: int = 0
    reading: object = None  # how the words were read (search/reading.py), if any
    text: object = None  # what they found (search/matching.py TextMatch), if any

    @property
    def products(self):
        return self.page.object_list


def known_values(locale):
    """{facet: the values that name something} for the list filters of `locale`, from the
    lists kept until the content changes (no query on a warm cache)."""
    places = place_options(locale)
    return {
        "region": {key for key, _title in places["regions"]},
        "province": {slug for slug, _title in places["provinces"]},
        **{name: {slug for slug, _name in pairs}
           for name, pairs in taxonomy(locale.language_code).items()},
    }  # fmt: skip


def taxonomy(language):
    """(slug, name) pairs of the taxonomy facets in `language`, kept until the content changes."""

    def labels():  # names in `language`, whichever is active where the cache is filled
        with translation.override(language):
            return {
                "category": [(c.slug, c.name) for c in ProductCategory.objects.all()],
                "commodity": sorted(((c.slug, c.name) for c in Commodity.objects.all()),
                                    key=lambda p: p[1]),
                "certification": [(c.slug, c.name) for c in Certification.objects.all()],
            }  # fmt: skip

    return cached_content("taxonomy-labels", labels, language)


def run(query: CatalogueQuery, locale=None, clamp_page=True) -> CatalogueResult:
    """The query's page of products and its facets. A page past the last one is the last
    page (`clamp_page`, for people following links) or a ParameterError (for the API).

    The words are read first (search/reading.py): what they name becomes filters of the
    query returned in the result, the rest is searched for."""
    locale = locale or Locale.objects.get(language_code=query.lang)
    # The table first: after a publication reading the words starts the search index's
    # rebuild in a thread (search/index.py), which would slow this build down sevenfold.
    table = facet_table(locale.language_code)
    reading = read(query.q, locale.language_code, query.as_typed) if query.q.strip() else None
    if reading is not None:
        query = with_understood(query, reading)
    found = None
    if reading and reading.words:
        if cluster_configured():
            found = cluster_match(reading.words, locale.language_code, locale.pk)
        else:
            found = match(reading.words, locale.language_code)
    if found is not None and found.found_nothing and reading.understood:
        found = None  # "HS 0904": the words found nothing, what they named is the search
    everything = np.ones(len(table.pks), dtype=bool)
    if found is not None:
        everything = np.zeros(len(table.pks), dtype=bool)
        everything[table.rows(found.ranked)] = True
    # Expired certificates are left out unless asked for; the facets count the same rows.
    shown = everything if query.include_expired else everything & valid_mask(table)
    masks = condition_masks(table, query)
    matching = combined(masks, shown)
    listed = None if found is not None else catalogue_index(query.lang).best_listed
    pks = ordered_pks(table, matching, query.sort, found.ranked if found else None, listed)

    paginator = Paginator(pks, query.page_size)
    try:
        page = paginator.page(query.page)
    except EmptyPage:
        if not clamp_page:
            raise ParameterError(
                _("“page” %(page)s is past the last page (%(last)s).")
                % {"page": query.page, "last": paginator.num_pages}
            ) from None
        page = paginator.page(paginator.num_pages)
    page_products = {
        product.pk: product
        for product in ProductPage.objects.filter(pk__in=page.object_list)
        .for_listing()
        .prefetch_related("certifications")
    }
    page.object_list = [page_products[pk] for pk in page.object_list if pk in page_products]
    # Expired certificates are counted whether shown or not, so a buyer knows what ticking
    # "include" would add.
    facets = count(table, masks, shown, everything)
    return CatalogueResult(
        query=query,
        count=paginator.count,
        page=page,
        facets=facets,
        expired_count=facets.pop("expired")[""],
        reading=reading,
        text=found,
    )


def with_understood(query, reading):
    """`query` with what its words named as filters, and only the other words as words."""
    added = {}
    for item in reading.understood:
        added.setdefault(item.facet, [])
        added[item.facet].append(item.value)
    merged = {
        facet: tuple(dict.fromkeys((*getattr(query, facet), *values)))
        for facet, values in added.items()
    }
    q = reading.shown if reading.understood or reading.corrected else query.q
    return replace(query, q=q, **merged)
