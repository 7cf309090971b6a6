"""Words a buyer typed that the catalogue does not hold, read as what they meant: split
where they were joined ("seasalt", "phuquoc", "hochiminh"), else the nearest word of the
vocabulary ("avocdo" → "avocado", "jackfriut" → "jackfruit").

Nearest is counted with rapidfuzz's optimal string alignment distance (a swap of two
letters is one edit, as people make it): one edit for words of up to 6 letters, two from
7; among equals the word most products hold wins. Words of fewer than 3 letters and words
with digits are left as typed: too many words are one edit away from them, and a code is
not a word to guess.
"""

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from search.words import key

MIN_LENGTH = 3
MAX_LENGTH = 30
MAX_PARTS = 3
# A query of junk words costs at most this many look-ups; the rest are left as typed.
MAX_CORRECTED = 6


@dataclass(frozen=True)
class Vocabulary:
    """The written words of one language and how many products hold each (names a query
    may hold, such as certifications and synonyms, count as one)."""

    language: str
    counts: dict
    keys: frozenset  # what the words are indexed under: "avocados" is held as "avocado"
    by_length: dict  # length → [words], for looking only at words that could be near

    @classmethod
    def of(cls, language, counts):
        by_length = {}
        for word in counts:
            by_length.setdefault(len(word), []).append(word)
        keys = frozenset(key(word, language) for word in counts)
        return cls(language, dict(counts), keys, by_length)

    def holds(self, word):
        return word in self.counts or word.isdigit() or key(word, self.language) in self.keys


def allowed_edits(word):
    """Words with digits are codes ("st25", "iso 22000"): a slip in one is not guessed;
    nor in a word longer than any the catalogue holds (junk costs nothing to read)."""
    if not MIN_LENGTH <= len(word) <= MAX_LENGTH or any(ch.isdigit() for ch in word):
        return 0
    return 1 if len(word) <= 6 else 2


def nearest(word, vocabulary, fits=lambda candidate: False):
    """The vocabulary's word nearest to `word` within its allowed edits, or None; among
    equally near words, those that `fits` (beside the typed word's neighbours) first."""
    edits = allowed_edits(word)
    if not edits:
        return None
    choices = [
        candidate
        for length in range(len(word) - edits, len(word) + edits + 1)
        for candidate in vocabulary.by_length.get(length, ())
    ]
    found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=edits, limit=None)
    if not found:
        return None
    # Fewest edits; then the likeliest slip: two letters swapped ("xaoi" is "xoai", not
    # "xao"), then a dropped or doubled letter, which keeps more letters in common than a
    # wrong one ("peper" is "pepper" before "paper"); then the commonest word.
    letters = sorted(word)
    best = min(
        found,
        key=lambda hit: (
            hit[1],
            not fits(hit[0]),
            sorted(hit[0]) != letters,
            -fuzz.ratio(word, hit[0]),
            -vocabulary.counts[hit[0]],
            hit[0],
        ),
    )
    return best[0]


def splits(word, vocabulary, parts=MAX_PARTS):
    """Ways to cut `word` into up to `parts` words of the vocabulary, fewest parts first."""
    if vocabulary.holds(word):
        return [(word,)]
    if parts == 1:
        return []
    found = []
    for cut in range(2, len(word) - 1):
        head, tail = word[:cut], word[cut:]
        if vocabulary.holds(head):
            found += [(head, *rest) for rest in splits(tail, vocabulary, parts - 1)]
    return sorted(found, key=len)


def best_split(word, vocabulary, index):
    """The cut of `word` whose parts stand side by side in the most products' text."""
    scored = []
    for parts in splits(word, vocabulary)[:20]:
        if len(parts) < 2:
            continue
        phrase = " " + " ".join(key(part, index.language) for part in parts) + " "
        holding = frozenset.intersection(*(index.holding(key(p, index.language)) for p in parts))
        together = sum(1 for pk in holding if phrase in index.entries[pk].text)
        if together:
            scored.append((together, -len(parts), parts))
    return max(scored)[2] if scored else None


def read_as_meant(words, vocabulary, index, reserved=frozenset()):
    """`words` (folded) with each one the vocabulary lacks joined to the next ("jack
    fruit" → "jackfruit"), split or corrected; a list of lists of words (a split word
    becomes several)."""
    meant, looked_up, i = [], 0, 0
    while i < len(words):
        word = words[i]
        lookup = looked_up < MAX_CORRECTED and allowed_edits(word)
        if vocabulary.holds(word) or word in reserved or not lookup:
            meant.append([word])
            i += 1
            continue
        looked_up += 1
        following = words[i + 1] if i + 1 < len(words) else ""
        if following and word + following in vocabulary.counts:
            meant.append([word + following])
            i += 2
            continue
        parts = best_split(word, vocabulary, index)
        if parts is None:
            before = meant[-1][-1] if meant else ""

            def fits(candidate, before=before, after=following):
                return (before, candidate) in index.name_pairs or (
                    (candidate, after) in index.name_pairs
                )

            near = nearest(word, vocabulary, fits)
            parts = (near,) if near else (word,)
        meant.append(list(parts))
        i += 1
    return meant
