"""The catalogue's text index of one language, held by each process and rebuilt when the
content changes (the content generation of showcase/page_cache.py).

Why not the database's full-text search alone: SQLite's FTS5 and PostgreSQL's tsvector
match words differently and neither corrects typos, relates "avocados" to "avocado" the
same way on both, nor tells a phrase in the name from syllables scattered through a
description. The catalogue is small enough to hold: 20,000 products of one language are
about 50 MB and 3 s to build (bench/search_latency.py prints both). The database keeps
the filters and facets (search/query.py); a search cluster, when one is configured,
matches the text instead (search/cluster.py), the vocabulary still comes from here.

For each product: the folded words of its name, in order, and of all its searchable text
(ProductPage.search_text: description, packaging, commodity, producer and places), its
HS code's digits, and how complete its listing is. For the language: which products hold
each word (under its key, the English stem), and how often each written word occurs,
the vocabulary that spelling correction works against (search/spelling.py).
"""

import gc
import re
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django.db.models import Count
from django.utils.translation import override
from wagtail.models import Locale

from products.models import (
    Commodity,
    Producer,
    ProductCategory,
    ProductPage,
    province_names,
    search_text,
)
from regions.models import ProvincePage
from search.words import key, words
from showcase.base import visible
from showcase.page_cache import generation


@dataclass(frozen=True)
class Entry:
    pk: int
    title: str
    folded_title: str
    # Keys of the words (search/words.py) in their order, between spaces, to find phrases:
    # " tan cuong green tea thai nguyen ".
    name: str
    text: str  # all its searchable text, the same way
    name_keys: frozenset
    hs: str  # the HS code's digits
    completeness: int  # how much of what a buyer needs the listing gives (0–5)
    stars: int


@dataclass
class CatalogueIndex:
    language: str
    entries: dict = field(default_factory=dict)  # pk → Entry
    postings: dict = field(default_factory=dict)  # key → tuple of pks
    vocabulary: Counter = field(default_factory=Counter)  # written word → products holding it
    best_listed: list = field(default_factory=list)  # pks, the order with no words typed
    hs_headings: frozenset = frozenset()  # the HS codes' first four digits, for the query
    # Written words side by side in product names ("ho tieu"): which correction of a typo
    # fits its neighbour ("ho tiu" is "ho tieu").
    name_pairs: frozenset = frozenset()
    # How product names write a folded word ("tieu" → "tiêu"), to show a correction.
    spellings: dict = field(default_factory=dict)

    def holding(self, word_key):
        return frozenset(self.postings.get(word_key, ()))


def completeness(row):
    """One point each for a photo, a supply capacity, a minimum order, a certification and
    a description a buyer can judge by."""
    return sum(
        (
            row["image_id"] is not None,
            row["supply_capacity"] is not None,
            bool(row["min_order"]),
            row["certification_count"] > 0,
            len(row["description"] or "") >= 200,
        )
    )


def base_products(locale):
    """The products of one language anyone may read; translation aliases are not products
    of their own."""
    return visible(ProductPage.objects).filter(locale=locale, alias_of__isnull=True)


PRODUCT_COLUMNS = ("pk", "title", "description", "packaging", "hs_code", "ocop_stars",
                   "image_id", "supply_capacity", "min_order", "category_id", "commodity_id",
                   "producer_id", "province_id")  # fmt: skip


def build(language):
    """The index of `language`'s public products (expired certificates too: the query's
    filters decide what is shown), from rows rather than pages: 20,000 page objects took
    10 s to make."""
    locale = Locale.objects.get(language_code=language)
    rows = (
        base_products(locale)
        .annotate(certification_count=Count("certifications", distinct=True))
        .order_by()
        .values(*PRODUCT_COLUMNS, "certification_count")
    )
    names = linked_names(locale)
    index = CatalogueIndex(language)
    postings = defaultdict(list)
    pairs = set()
    for row in rows.iterator(chunk_size=2000):
        entry, written = entry_for(row, names, language)
        index.entries[entry.pk] = entry
        index.vocabulary.update(written)
        for word in written:
            postings[key(word, language)].append(entry.pk)
        name = entry.folded_title.split()
        pairs.update(zip(name, name[1:], strict=False))
        for written_word in re.findall(r"\w+", row["title"]):
            folded = words(written_word)
            if len(folded) == 1 and folded[0] != written_word.lower():
                index.spellings.setdefault(folded[0], written_word.lower())
    index.name_pairs = frozenset(pairs)
    # Tuples: a third of the memory of sets; a query makes sets of the few it needs.
    index.postings = {word_key: tuple(set(pks)) for word_key, pks in postings.items()}
    index.hs_headings = frozenset(entry.hs[:4] for entry in index.entries.values() if entry.hs)
    index.best_listed = [
        entry.pk
        for entry in sorted(
            index.entries.values(), key=lambda e: (-e.completeness, -e.stars, e.folded_title)
        )
    ]
    return index


def linked_names(locale):
    """{(column, id): [names]} of what products link to, in `locale`'s language."""
    names = {}
    with override(locale.language_code):
        for model, column in ((ProductCategory, "category_id"), (Commodity, "commodity_id")):
            names.update({(column, item.pk): [item.name] for item in model.objects.all()})
    for pk, name, name_en in Producer.objects.live().values_list("pk", "name", "name_en"):
        names[("producer_id", pk)] = [name, name_en]
    provinces = (
        ProvincePage.objects.filter(locale=locale)
        .select_related("region")
        .prefetch_related("former_names")
    )
    names.update({("province_id", p.pk): province_names(p) for p in provinces})
    return names


def entry_for(row, names, language):
    """The product's entry, and the written words of its text (for the vocabulary)."""
    linked = [
        name
        for column in ("category_id", "commodity_id", "producer_id", "province_id")
        for name in names.get((column, row[column]), ())
    ]
    text = search_text(row["title"], row["description"], row["packaging"], linked)
    written = text.split() + words(row["hs_code"])
    title = words(row["title"])
    name = [key(word, language) for word in title]
    entry = Entry(
        pk=row["pk"],
        title=row["title"],
        folded_title=" ".join(title),
        name=f" {' '.join(name)} ",
        text=f" {' '.join(key(word, language) for word in written)} ",
        name_keys=frozenset(name),
        hs="".join(ch for ch in row["hs_code"] if ch.isdigit()),
        completeness=completeness(row),
        stars=row["ocop_stars"],
    )
    return entry, set(written)


# Each language's index with the generation it was built for and when: {language: (...)}.
_held = {}
_lock = threading.Lock()


def catalogue_index(language):
    """The index of `language` for the current content generation, built on first use.

    When the content changes, the index held goes on answering while a thread builds the
    new one (HUB_SEARCH_REBUILD_IN_BACKGROUND; 3.5 s at national scale, which the first
    buyer after every publication waited for). It only ranks: the catalogue's facet table
    (search/facets.py), always of the current generation, decides what may be shown, so a
    page unpublished or made private meanwhile is still left out; one published meanwhile
    is listed after the others until the new index is in."""
    current = generation()
    held = _held.get(language)
    # A new generation is built at most every HUB_SEARCH_REBUILD_SECONDS: an import
    # publishes row after row, each a new generation.
    fresh = time.monotonic() - held[1] < settings.HUB_SEARCH_REBUILD_SECONDS if held else False
    if held and (held[0] == current or fresh):
        return held[2]
    if held and settings.HUB_SEARCH_REBUILD_IN_BACKGROUND:
        _build_in_background(language, current)
        return held[2]
    with _lock:  # one build per process, however many threads ask
        held = _held.get(language)
        if held and held[0] == current:
            return held[2]
        return _build_and_hold(language, current)


def _build_and_hold(language, current):
    index = build(language)
    _held[language] = (current, time.monotonic(), index)
    # Out of the cyclic collector's sight: it walked the index's hundreds of thousands
    # of objects on each full collection (a 400 ms pause). What is garbage now is
    # collected first, or it would be kept for good.
    gc.collect()
    gc.freeze()
    return index


_building = set()


def _build_in_background(language, current):
    with _lock:
        if language in _building:
            return
        _building.add(language)

    def work():
        try:
            _build_and_hold(language, current)
        finally:
            _building.discard(language)
            connections.close_all()  # this thread's own database connection

    threading.Thread(target=work, name=f"catalogue-index-{language}", daemon=True).start()


def forget():
    """Drop the indexes held (tests: each test's database is its own)."""
    _held.clear()
