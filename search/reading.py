"""How the hub reads what a buyer typed, before searching: folded, each unknown word
split or corrected (search/spelling.py), the certifications, ratings, places and HS codes
it names understood as filters (search/understanding.py), and the words that select
nothing dropped (search/words.py). What is left is searched (search/matching.py).

`as_typed` reads the words as they are: the buyer's way back from a correction.
"""

import re
from dataclasses import dataclass, field

from search.index import catalogue_index
from search.matching import searched_synonyms
from search.spelling import Vocabulary, read_as_meant
from search.understanding import recognised_names, reserved_words, understand
from search.words import NOTHING_WORDS, query_words, words

# The database backends nested one expression per word (SQLite's raised RecursionError
# from ~460 one-letter words); only the first 32 distinct words of a query are read.
MAX_SEARCH_WORDS = 32


@dataclass
class Reading:
    words: list  # what is left to find, folded
    understood: list = field(default_factory=list)  # [Understood]
    corrected: str = ""  # the query as read, when spelling was corrected
    shown: str = ""  # the words left as the buyer wrote them ("chè", not "che")


def read(q, language, as_typed=False):
    index = catalogue_index(language)
    typed = list(dict.fromkeys(words(q)))[:MAX_SEARCH_WORDS]
    if as_typed:
        left = query_words(" ".join(typed), language)
        return Reading(words=left, shown=as_written(left, q, index))
    reserved = NOTHING_WORDS[language] | reserved_words()
    meant = read_as_meant(typed, spelling_vocabulary(index), index, reserved)
    meant = [word for parts in meant for word in parts]
    corrected = as_written(meant, q, index) if meant != typed else ""
    if language == "vi":
        meant = without_classifiers(meant, index)  # dropped, as "vietnam" is: not a correction
    left, understood = understand(meant, language, index.hs_headings, index.vocabulary)
    # Words that select nothing are kept only when nothing else is searched for: with a
    # filter understood ("4 star products"), the filter is the search.
    left = query_words(" ".join(left), language, keep=not understood) if left else []
    return Reading(
        words=left, understood=understood, corrected=corrected, shown=as_written(left, q, index)
    )


def as_written(folded, q, index):
    """The folded words as `q` wrote them where it did ("che" → "chè"), else as product
    names write them (a correction: "ho tiu" → "hồ tiêu")."""
    written = {}
    for token in re.findall(r"\w+", q):
        written.setdefault(" ".join(words(token)), token)
    return " ".join(written.get(word) or index.spellings.get(word, word) for word in folded)


# Vietnamese classifiers buyers put before a fruit's name ("trái bơ", "quả vải"), which
# product names leave out.
CLASSIFIERS = frozenset({"trai", "qua"})


def without_classifiers(words, index):
    """`words` without a classifier before a word, unless names hold the pair ("trái cây")."""
    return [
        word
        for i, word in enumerate(words)
        if not (
            word in CLASSIFIERS
            and i + 1 < len(words)
            and (word, words[i + 1]) not in index.name_pairs
        )
    ]


def spelling_vocabulary(index):
    """The words spelling correction reads a query against: the index's, the names the
    query understands and the synonyms' terms. Built once per index."""
    vocabulary = getattr(index, "spelling", None)
    if vocabulary is None:
        counts = dict(index.vocabulary)
        names = recognised_names(index.language)
        extra = list(names["apart"]) + list(names["joined"])
        extra += list(searched_synonyms(index.language))
        for name in extra:
            for word in name.split():
                counts.setdefault(word, 1)
        vocabulary = index.spelling = Vocabulary.of(index.language, counts)
    return vocabulary
