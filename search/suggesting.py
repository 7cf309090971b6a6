"""Suggestions as a buyer types: commodities, provinces and products whose words begin
as typed ("ba b" → Ba Bể squash, "drag" → Dragon fruit), diacritics optional, with one
slip forgiven in the last word from its third letter ("avca" → avocado), on the same
index and vocabulary as the catalogue's search (search/index.py)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from rapidfuzz import process
from rapidfuzz.distance import OSA
from wagtail.models import Locale

from regions.filters import place_options
from search.index import base_products, catalogue_index
from search.query import LANGUAGES, taxonomy
from search.words import key
from showcase.params import ParameterError
from showcase.text import fold

MAX_SUGGESTIONS = 8
MAX_SUGGESTION_LENGTH = 100
MAX_NAMES = 2  # commodities, and provinces, before products
FORGIVING_FROM = 3  # letters typed before a slip is forgiven
# Words the last typed letters may begin, the commonest first: "c" begins thousands.
MAX_COMPLETIONS = 50


@dataclass(frozen=True)
class Suggestion:
    kind: str  # product, commodity or province
    title: str
    detail: str  # the product's province, or what kind of name it is
    product: object = None  # the ProductPage, for a product
    value: str = ""  # the commodity's or province's slug


def suggestions(q, lang):
    """Up to MAX_SUGGESTIONS suggestions for what has been typed (see the module)."""
    if len(q) > MAX_SUGGESTION_LENGTH:
        raise ParameterError(
            _("“q” is longer than %(limit)s characters.") % {"limit": MAX_SUGGESTION_LENGTH}
        )
    if lang not in LANGUAGES:
        raise ParameterError(_("“lang” must be “en” or “vi”."))
    typed = fold(q).split()
    if len(" ".join(typed)) < 2:
        return []
    index = catalogue_index(lang)
    prefixes = completions(typed[-1], index)
    names = named(typed, prefixes, lang)
    products = suggested_products(typed, prefixes, index, lang, MAX_SUGGESTIONS - len(names))
    return names + products


def completions(prefix, index):
    """Words of the vocabulary the last typed word may be the start of; the start of some
    within one slip when none begins with it exactly."""
    found = [word for word in index.vocabulary if word.startswith(prefix)]
    if not found and len(prefix) >= FORGIVING_FROM:
        # A slip may have dropped or added a letter: starts one letter shorter or longer too.
        lengths = (len(prefix) - 1, len(prefix), len(prefix) + 1)
        starts = {word[:n] for word in index.vocabulary for n in lengths if len(word) >= n}
        near = {hit[0] for hit in process.extract(prefix, starts, scorer=OSA.distance,
                                                  score_cutoff=1, limit=None)}  # fmt: skip
        found = [word for word in index.vocabulary if any(word[:n] in near for n in lengths)]
    return sorted(found, key=lambda word: -index.vocabulary[word])[:MAX_COMPLETIONS]


def begins(name_words, typed, prefixes):
    """Whether a name's folded words hold every typed word, the last one as a prefix."""
    complete = set(typed[:-1])
    last = set(prefixes) | {typed[-1]}
    return complete <= set(name_words) and any(
        word in last or word.startswith(typed[-1]) for word in name_words
    )


def named(typed, prefixes, lang):
    """Commodities, then provinces, whose names begin as typed."""
    locale = Locale.objects.get(language_code=lang)
    found = []
    for kind, pairs, detail in (
        ("commodity", taxonomy(lang)["commodity"], _("Commodity")),
        ("province", place_options(locale)["provinces"], _("Province or city")),
    ):
        matching = [(v, t) for v, t in pairs if begins(fold(t).split(), typed, prefixes)]
        found += [Suggestion(kind, t, detail, value=v) for v, t in matching[:MAX_NAMES]]
    return found


def suggested_products(typed, prefixes, index, lang, limit):
    """Products whose text holds the typed words, names beginning as typed first. Only
    valid certificates: suggestions lead to the default catalogue."""
    if limit <= 0:
        return []
    held = [index.holding(key(word, lang)) for word in typed[:-1]]
    last = frozenset().union(*(index.holding(key(word, lang)) for word in prefixes))
    candidates = frozenset.intersection(last, *held)
    typed_text = " ".join(typed)

    def order(pk):
        entry = index.entries[pk]
        name = entry.folded_title
        return (
            not name.startswith(typed_text),
            f" {typed_text}" not in f" {name}",
            not begins(name.split(), typed, prefixes),
            -entry.completeness,
            name,
        )

    ranked = sorted(candidates, key=order)[: limit * 3]  # some may have expired
    locale = Locale.objects.get(language_code=lang)
    products = base_products(locale).filter(pk__in=ranked).certificate_valid().for_listing()
    by_pk = {product.pk: product for product in products}
    return [
        Suggestion("product", by_pk[pk].title, by_pk[pk].province.title, product=by_pk[pk])
        for pk in ranked
        if pk in by_pk
    ][:limit]
