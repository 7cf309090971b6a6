"""The catalogue's filters, facet counts and orders over one compact table per language.

Counting eight facets with grouped SQL over every matching product cost 240 ms of a 300 ms
catalogue page at 20,000 products per language (bench/pages.py), and grew with the
catalogue. Instead each process keeps, per language and content generation, one row per
public product with what a filter or facet reads — region, province, category, commodity,
stars, harvest months, export readiness, certifications, certificate date, HS code — as
numpy columns. A query is then a few vectorised masks and `bincount`s: a few milliseconds
for 20,000 products, whatever the filters.

The table is rebuilt (one query, ~0.1 s at national scale) whenever the content generation
changes (showcase/page_cache.py: every publication, unpublication, move and privacy
change), never on a timer, so a page unpublished or made private leaves the results at
once. The page of products is read from the database as before.
"""

import threading
from dataclasses import dataclass

import numpy as np
from wagtail.models import Locale

from products.models import ProductPage, certificate_cutoff
from products.terms import Currency, Incoterm
from search.index import base_products
from search.understanding import hs_written
from showcase.page_cache import generation

NONE = -1
INCOTERMS = Incoterm.values  # the bit of a code is 1 << its index


@dataclass
class Column:
    """Codes per product into `labels` (NONE for none), the facet's values."""

    codes: np.ndarray
    labels: list


@dataclass
class FacetTable:
    pks: np.ndarray
    row_of: dict  # pk → row
    columns: dict  # facet → Column (region, province, category, commodity, certification)
    stars: np.ndarray
    months: np.ndarray  # harvest month bits
    exported: np.ndarray
    certified_on: np.ndarray  # the date's ordinal, 0 when not given
    hs: list  # the HS code as written, per row
    by_stars: np.ndarray  # rows ordered by stars, then title
    by_update: np.ndarray  # rows ordered by last publication, then title
    certification_bits: np.ndarray  # each row's certifications, one bit per label
    # The commercial terms (products/terms.py): the Incoterms offered, one bit per
    # INCOTERMS code; whether a price is given; the rows by lowest price, unpriced last.
    incoterm_bits: np.ndarray = None
    priced: np.ndarray = None
    by_price: np.ndarray = None

    def listed_rows(self, listed):
        """The rows of `listed` (the index's best-listed pks), kept while it is the same."""
        held = getattr(self, "_listed", None)
        if held is None or held[0] is not listed:
            held = self._listed = (listed, self.rows(listed))
        return held[1]

    def rows(self, pks):
        """The rows of `pks` that are in the table, in their order."""
        return np.fromiter((self.row_of[pk] for pk in pks if pk in self.row_of), dtype=np.int64)


_held = {}
_lock = threading.Lock()
COLUMNS = {
    "region": "province__region__key",
    "province": "province__slug",
    "category": "category__slug",
    "commodity": "commodity__slug",
}


def facet_table(language):
    """The table of `language` for the current content generation."""
    current = generation()
    held = _held.get(language)
    if held and held[0] == current:
        return held[1]
    with _lock:
        held = _held.get(language)
        if held and held[0] == current:
            return held[1]
        table = build(Locale.objects.get(language_code=language))
        _held[language] = (current, table)
    return table


def forget():
    """Drop the tables held (tests: each test's database is its own)."""
    _held.clear()


def build(locale):
    products = base_products(locale).order_by()
    rows = list(
        products.values_list(
            "pk", *COLUMNS.values(), "ocop_stars", "harvest_month_bits", "export_markets",
            "ocop_certified_on", "hs_code", "title", "last_published_at",
            "incoterms", "price_min", "price_max", "price_currency",
        )
    )  # fmt: skip
    count = len(rows)
    pks = np.fromiter((row[0] for row in rows), dtype=np.int64, count=count)
    row_of = {int(pk): index for index, pk in enumerate(pks)}
    columns = {
        name: _coded([row[place] for row in rows]) for place, name in enumerate(COLUMNS, start=1)
    }
    certifications = _certifications(products, row_of, count)
    return FacetTable(
        pks=pks,
        row_of=row_of,
        columns=columns | {"certification": certifications[0]},
        certification_bits=certifications[1],
        stars=np.fromiter((row[5] or 0 for row in rows), dtype=np.int8, count=count),
        months=np.fromiter((row[6] or 0 for row in rows), dtype=np.int32, count=count),
        exported=np.fromiter((bool(row[7]) for row in rows), dtype=bool, count=count),
        certified_on=np.fromiter(
            (row[8].toordinal() if row[8] else 0 for row in rows), dtype=np.int32, count=count
        ),
        hs=[row[9] or "" for row in rows],
        **_orders(rows),
        **_terms(rows),
    )


def _coded(values):
    labels = sorted({value for value in values if value})
    code = {label: index for index, label in enumerate(labels)}
    codes = np.fromiter((code.get(value, NONE) for value in values), dtype=np.int16)
    return Column(codes, labels)


def _certifications(products, row_of, count):
    """(the certification slugs as a Column of labels, a bit set per row)."""
    through = ProductPage.certifications.through.objects.filter(
        productpage__in=products.values("pk")
    ).values_list("productpage_id", "certification__slug")
    pairs = list(through)
    labels = sorted({slug for _pk, slug in pairs})
    bit = {slug: 1 << index for index, slug in enumerate(labels)}
    bits = np.zeros(count, dtype=np.int64)
    for pk, slug in pairs:
        bits[row_of[pk]] |= bit[slug]
    return Column(np.zeros(0, dtype=np.int16), labels), bits


def _orders(rows):
    """The rows by stars, then title; and by last publication (latest first), then title."""
    titles = np.array([row[10] for row in rows], dtype=str)
    stars = np.fromiter((row[5] or 0 for row in rows), dtype=np.int64, count=len(rows))
    published = np.fromiter(
        (row[11].timestamp() if row[11] else 0.0 for row in rows), dtype=float, count=len(rows)
    )
    # np.lexsort sorts by its last key first.
    return {
        "by_stars": np.lexsort((titles, -stars)),
        "by_update": np.lexsort((titles, -published)),
    }


def _terms(rows):
    """The Incoterm bits, whether priced, and the rows by lowest price (then title; the
    rows without a price last, by title). Prices are compared within their currency, the
    currencies in the order of `Currency` (US dollars first): 20,000 đồng is not dearer
    than 3 dollars, and the hub keeps no exchange rate to say which is."""
    bit = {code: 1 << index for index, code in enumerate(INCOTERMS)}
    incoterms = np.fromiter(
        (sum(bit.get(code, 0) for code in (row[12] or "").split()) for row in rows),
        dtype=np.int32,
        count=len(rows),
    )
    lowest = (row[13] if row[13] is not None else row[14] for row in rows)
    prices = np.fromiter(
        (np.inf if price is None else float(price) for price in lowest),
        dtype=float,
        count=len(rows),
    )
    titles = np.array([row[10] for row in rows], dtype=str)
    rank = {code: index for index, code in enumerate(Currency.values)}
    currencies = np.fromiter(
        (rank.get(row[15], len(rank)) for row in rows), dtype=np.int32, count=len(rows)
    )
    currencies[~np.isfinite(prices)] = len(rank)  # no price: after every currency
    return {
        "incoterm_bits": incoterms,
        "priced": np.isfinite(prices),
        "by_price": np.lexsort((titles, prices, currencies)),
    }


# Queries ------------------------------------------------------------------------------


def condition_masks(table, query):
    """{facet: the rows its active values let through}, one per active facet."""
    masks = {}
    for name in COLUMNS:
        wanted = getattr(query, name)
        if wanted:
            column = table.columns[name]
            codes = [index for index, label in enumerate(column.labels) if label in wanted]
            masks[name] = np.isin(column.codes, codes)
    if query.certification:
        labels = table.columns["certification"].labels
        wanted = sum(1 << index for index, slug in enumerate(labels) if slug in query.certification)
        masks["certification"] = (table.certification_bits & wanted) != 0
    if query.stars:
        masks["stars"] = np.isin(table.stars, list(query.stars))
    if query.month:
        masks["month"] = (table.months & sum(1 << month for month in query.month)) != 0
    if query.export_ready is not None:
        masks["export_ready"] = table.exported == query.export_ready
    if query.incoterm:
        wanted = sum(1 << INCOTERMS.index(code) for code in query.incoterm)
        masks["incoterm"] = (table.incoterm_bits & wanted) != 0
    if query.price_given is not None:
        masks["price_given"] = table.priced == query.price_given
    if query.hs:
        prefixes = _hs_prefixes(query.hs)  # str.startswith takes them all at once
        masks["hs"] = np.fromiter(
            (code.startswith(prefixes) for code in table.hs), dtype=bool, count=len(table.hs)
        )
    return masks


def _hs_prefixes(codes):
    # Codes are printed "0904.11", but an editor may have typed "090411".
    return tuple({prefix for code in codes for prefix in (hs_written(code), code)})


def valid_mask(table, today=None):
    """Rows whose OCOP certificate has not expired, or has no date to judge by."""
    cutoff = certificate_cutoff(today).toordinal()
    return (table.certified_on == 0) | (table.certified_on >= cutoff)


def combined(masks, base, leave_out=None):
    result = base.copy()
    for name, mask in masks.items():
        if name != leave_out:
            result &= mask
    return result


def count(table, masks, shown, everything):
    """Every facet's counts over `shown` (each without its own condition) and the expired
    certificates among `everything` that match every condition, as search/query.py
    reports them: {facet: {value: count}}."""
    facets = {}
    for name in (*COLUMNS, "certification"):
        rows = combined(masks, shown, leave_out=name)
        column = table.columns[name]
        if name == "certification":
            bits = table.certification_bits[rows]
            counts = [int(np.count_nonzero(bits & (1 << index))) for index in range(len(column.labels))]  # fmt: skip
        else:
            codes = column.codes[rows]
            counts = np.bincount(codes[codes >= 0], minlength=len(column.labels)).tolist()
        facets[name] = {label: n for label, n in zip(column.labels, counts, strict=True) if n}
    stars = table.stars[combined(masks, shown, leave_out="stars")]
    facets["stars"] = {str(value): int(np.count_nonzero(stars == value)) for value in (3, 4, 5)}
    months = table.months[combined(masks, shown, leave_out="month")]
    facets["month"] = {
        str(month): int(np.count_nonzero(months & (1 << month))) for month in range(1, 13)
    }
    exported = table.exported[combined(masks, shown, leave_out="export_ready")]
    ready = int(np.count_nonzero(exported))
    facets["export_ready"] = {"true": ready, "false": len(exported) - ready}
    incoterms = table.incoterm_bits[combined(masks, shown, leave_out="incoterm")]
    facets["incoterm"] = {
        code: n
        for index, code in enumerate(INCOTERMS)
        if (n := int(np.count_nonzero(incoterms & (1 << index))))
    }
    priced = table.priced[combined(masks, shown, leave_out="price_given")]
    given = int(np.count_nonzero(priced))
    facets["price_given"] = {"true": given, "false": len(priced) - given}
    expired = combined(masks, everything) & ~valid_mask(table)
    facets["expired"] = {"": int(np.count_nonzero(expired))}
    return facets


def ordered_pks(table, matching, sort, ranked=None, listed=None):
    """The pks of the `matching` rows in the query's order: by stars or last update, else
    by the text match's rank (`ranked` pks), else as `listed` (the index's best listed
    first, search/index.py), then what was published since the index was built."""
    if sort in ("stars", "updated", "price"):
        order = {"stars": table.by_stars, "updated": table.by_update, "price": table.by_price}[sort]
        return table.pks[order[matching[order]]].tolist()
    if ranked is not None:
        row_of = table.row_of
        return [pk for pk in ranked if (row := row_of.get(pk)) is not None and matching[row]]
    rows = table.listed_rows(listed)
    unlisted = matching.copy()
    unlisted[rows] = False
    return [*table.pks[rows[matching[rows]]].tolist(), *table.pks[unlisted].tolist()]
