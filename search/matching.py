"""Which products the words of a query find, best first, on the index of one language
(search/index.py).

Each word (or synonym) is a group a product must hold; a word is held under its key, so
"longans" finds "longan". A synonym's group holds the typed words or any of its terms
searched in that language ("pitaya" → "dragon fruit"; "thanh long" only in Vietnamese).
When no product holds every group, the products holding most of them are returned, the
rarest words weighing most, and the result says so: never an empty page when some
product matches part of the query.

Best first: the words side by side in the name, then side by side anywhere (a Vietnamese
two-syllable word such as "chè xanh" is not "Bí xanh … chè"), then all in the name, then
the most groups in the name; among equals the most complete listing, then OCOP stars.
"""

from dataclasses import dataclass, field
from itertools import islice, product

from search.index import catalogue_index
from search.models import SearchSynonym
from search.words import key
from showcase.page_cache import cached_content

MAX_SYNONYM_WORDS = 4
MAX_PHRASES = 8


@dataclass(frozen=True)
class Group:
    typed: str
    # Tuples of keys; a product holds the group if it holds one. The first is the typed
    # words (anywhere in the text) unless they are not searched in this language; the
    # others are a synonym's terms, held only as whole terms (side by side).
    alternatives: tuple
    typed_first: bool = True


@dataclass
class TextMatch:
    ranked: list  # pks, best first
    partial: bool = False  # no product holds every word: these hold most of them
    unmatched: list = field(default_factory=list)  # words no product holds

    @property
    def found_nothing(self):
        return not self.ranked


def match(words, language):
    """The products of `language` the folded `words` find (see the module's docstring).
    Words no product holds are left out of the search and named in `unmatched`."""
    index = catalogue_index(language)
    groups = synonym_groups(words, language)
    held = [holders(index, group) for group in groups]
    result = TextMatch(ranked=[])
    result.unmatched = [group.typed for group, pks in zip(groups, held, strict=True) if not pks]
    kept = [(group, pks) for group, pks in zip(groups, held, strict=True) if pks]
    if not kept:
        return result
    groups, held = [group for group, _pks in kept], [pks for _group, pks in kept]
    found = frozenset.intersection(*held)
    result.partial = bool(result.unmatched)
    if not found:
        found, result.partial = most_groups(index, held), True
    result.ranked = rank(index, found, groups, held)
    return result


def holders(index, group):
    """The products holding the group: the typed words anywhere; a synonym's term as a
    whole, and a Vietnamese term of one syllable only in a product's name ("trà" for
    "chè": the syllable is also "kiểm tra", "cá tra", "Trà Vinh" in descriptions)."""
    found = frozenset()
    for i, alternative in enumerate(group.alternatives):
        holding = frozenset.intersection(*(index.holding(k) for k in alternative))
        if i or not group.typed_first:
            holding = frozenset(pk for pk in holding if whole(index, pk, alternative))
        found |= holding
    return found


def whole(index, pk, alternative):
    entry = index.entries[pk]
    if len(alternative) > 1:
        return f" {' '.join(alternative)} " in entry.text
    return index.language != "vi" or alternative[0] in entry.name_keys


def most_groups(index, held):
    """The products holding the most groups; rarer groups weigh more among them."""
    counts = {}
    for pks in held:
        for pk in pks:
            counts[pk] = counts.get(pk, 0) + 1
    if not counts:
        return frozenset()
    best = max(counts.values())
    return frozenset(pk for pk, n in counts.items() if n == best)


def rank(index, found, groups, held):
    phrases = [
        f" {' '.join(k for alternative in combination for k in alternative)} "
        for combination in islice(product(*(g.alternatives for g in groups)), MAX_PHRASES)
    ]
    weights = [1.0 - len(pks) / (len(index.entries) + 1) for pks in held]

    def order(pk):
        entry = index.entries[pk]
        in_name = [
            any(set(alternative) <= entry.name_keys for alternative in group.alternatives)
            for group in groups
        ]
        return (
            not any(phrase in entry.name for phrase in phrases),
            not any(phrase in entry.text for phrase in phrases),
            not all(in_name),
            -sum(weight for weight, pks in zip(weights, held, strict=True) if pk in pks),
            -sum(in_name),
            -entry.completeness,
            -entry.stars,
            entry.title,
        )

    return sorted(found, key=order)


def synonym_groups(words, language):
    """The words as groups, a synonym's words (the longest first) as one group. A term not
    searched for in `language` ("thanh long" in English) is replaced by the terms that are."""
    synonyms = searched_synonyms(language)
    groups, i = [], 0
    while i < len(words):
        for used in range(min(MAX_SYNONYM_WORDS, len(words) - i), 0, -1):
            typed = " ".join(words[i : i + used])
            if typed in synonyms:
                break
        else:
            used, typed = 1, words[i]
        searched_here, others = synonyms.get(typed, (True, []))
        terms = ([typed] if searched_here else []) + others
        alternatives = tuple(
            dict.fromkeys(tuple(key(word, language) for word in term.split()) for term in terms)
        )
        groups.append(Group(typed, alternatives, typed_first=searched_here))
        i += used
    return groups


def searched_synonyms(language):
    """{folded term a query may hold: (whether it is searched for in `language`, the other
    terms that are)}, kept until the content changes (saving a synonym changes it)."""

    def compute():
        found = {}
        for synonym in SearchSynonym.objects.all():
            searched = synonym.searched_terms(language)
            for term in synonym.folded_terms:
                here, others = found.get(term, (False, []))
                others = others + [other for other in searched if other != term]
                found[term] = (here or term in searched, list(dict.fromkeys(others)))
        return found

    return cached_content("synonyms", compute, language)
