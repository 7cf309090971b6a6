"""The words of the catalogue's search, the same for the indexed text and the query:
folded (showcase/text.py), English words reduced to their stem so that "avocados",
"carving" and "dried" meet "avocado", "carved" and "drying", and the words that carry no
information on this catalogue dropped from queries.

Vietnamese is written in syllables that do not inflect: its words are only folded.
"""

from functools import lru_cache

import snowballstemmer

from showcase.text import fold

# Every product of the hub is Vietnamese and an OCOP product: these words select nothing,
# yet a search that needs every word would find nothing with them ("vietnam pepper").
# English function words too, which product names and buyers use freely.
NOTHING_WORDS = {
    "en": frozenset(
        [
            "vietnam", "vietnamese", "product", "products", "ocop", "a", "an", "the", "of",
            "from", "in", "with", "for", "and", "to", "by", "on", "at", "made", "buy",
            "supplier", "suppliers",
        ]
    ),
    # Single syllables only where they are never part of a word ("nam" is; "nấm" folds to it).
    "vi": frozenset(["vietnam", "ocop", "va"]),
}  # fmt: skip
# Phrases dropped from queries in both languages ("Việt Nam", "sản phẩm").
NOTHING_PHRASES = ("viet nam", "san pham")

# Forms the stemmer cannot relate ("woven" is not "weav-"): irregular English forms a
# buyer of crafts and produce types.
IRREGULAR = {
    "woven": "weave",
    "wove": "weave",
    "spun": "spin",
    "sewn": "sew",
    "leaves": "leaf",
    "knives": "knife",
    "dried": "dry",
    "dries": "dry",
}

_STEMMER = snowballstemmer.stemmer("english")


def words(text):
    """The folded words of `text`, in order."""
    return fold(text).split()


# Longer than any word of a product's text: not kept in the cache (a query's junk words
# would fill it).
MAX_CACHED_LENGTH = 30


def key(word, language):
    """The form under which `word` (folded) is indexed and looked up in `language`."""
    if len(word) > MAX_CACHED_LENGTH:
        return _key(word, language)
    return _cached_key(word, language)


def _key(word, language):
    if language != "en" or word.isdigit():
        return word
    return _STEMMER.stemWord(IRREGULAR.get(word, word))


_cached_key = lru_cache(maxsize=200_000)(_key)  # the index asks for every word of every product


def query_words(text, language, keep=True):
    """The folded words of a query without those that select nothing; the words as typed
    when nothing else is left and `keep` ("vietnam" alone still searches for "vietnam")."""
    folded = f" {fold(text)} "
    for phrase in NOTHING_PHRASES:
        folded = folded.replace(f" {phrase} ", " ")
    found = folded.split()
    kept = [word for word in found if word not in NOTHING_WORDS[language]]
    return kept or (words(text) if keep else [])
