"""What a query names besides words to find: certifications ("VietGAP", "HACCP"), OCOP
ratings ("4 star", "5 sao"), provinces and regions by their current, official, former,
English and everyday names ("Ben Tre", "Hochiminh", "Saigon", "Mekong delta") and HS codes
("0904", "0904.11"). Each becomes the filter a buyer would have ticked, and the page and
the API say what was understood, so the buyer can undo it (search/catalogue.py).

Names are matched on folded words, longest first, written apart or joined ("da nang",
"danang"). A name's words are taken out of the words to find.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import override

from products.models import Certification
from regions.models import ProvincePage, RegionPage
from showcase.base import visible
from showcase.page_cache import cached_content
from showcase.text import fold

# Everyday names that are not a page's title, official or former name.
EVERYDAY_PLACES = {
    "province": {
        "ho-chi-minh-city": ("saigon", "sai gon", "hcmc", "hcm", "tp hcm", "tphcm", "hcm city"),
        "hue": ("hue city",),
        "hanoi": ("ha noi city",),
    },
    "region": {
        "mekong-delta": ("mekong", "mien tay", "dbscl", "cuu long"),
        "central-highlands": ("highlands",),
    },
}
# Words that only say a name is a place ("Hue city", "tỉnh Bến Tre"): dropped with it.
# Words that only say what kind of thing was named, dropped with it when right before or
# after it: (before, after).
PLACE_BEFORE = {("tinh",), ("tp",), ("thanh", "pho"), ("xu",), ("vung",), ("mien",)}
PLACE_AFTER = {("city",), ("province",), ("region",)}
QUALIFIERS = {
    "province": (PLACE_BEFORE, PLACE_AFTER),
    "region": (PLACE_BEFORE, PLACE_AFTER),
    "hs": ({("hs",), ("hs", "code"), ("ma", "hs")}, set()),
}
STAR_WORDS = frozenset({"star", "stars", "sao"})
MAX_NAME_WORDS = 6
_STARS = re.compile(r"^([345])(?:star|stars|sao)?$")
_HS_HEADING = re.compile(r"^\d{4}$|^\d{6}$|^\d{8}$")


@dataclass(frozen=True)
class Understood:
    facet: str  # a CatalogueQuery filter: certification, stars, province, region, hs
    value: object
    label: str  # what the buyer reads: "VietGAP", "4 stars", "Vĩnh Long (Bến Tre)"
    typed: str  # the words it was read from


def recognised_names(language):
    """{"apart": {folded name: (facet, value, label)}, "joined": the same for names of
    several words written as one ("danang")} for `language`, kept until the content
    changes."""

    def compute():
        names = {"apart": {}, "joined": {}}
        with override(language):
            for certification in Certification.objects.all():
                label = certification.name
                for name in (certification.name_en, certification.name_vi, certification.slug):
                    add_name(names, name, ("certification", certification.slug, label))
        add_places(names, language)
        return names

    return cached_content("recognised-names", compute, language)


def add_name(names, name, meaning):
    folded = fold(name)
    if folded and not folded.isdigit():
        names["apart"].setdefault(folded, meaning)
        if " " in folded:
            names["joined"].setdefault(folded.replace(" ", ""), meaning)


def add_places(names, language):
    """Province and region names of both languages, each meaning the place in `language`."""
    provinces = list(
        visible(ProvincePage.objects).select_related("locale").prefetch_related("former_names")
    )
    regions = list(visible(RegionPage.objects).select_related("locale"))
    own = {
        page.translation_key: page
        for page in provinces + regions
        if page.locale.language_code == language
    }
    for province in provinces:
        place = own.get(province.translation_key)
        if place is None:
            continue
        meaning = ("province", place.slug, place.title)
        for name in (province.title, province.official_name, province.slug.replace("-", " ")):
            add_name(names, name, meaning)
            add_name(names, strip_place_words(name), meaning)
        for former in province.former_province_names:
            add_name(names, former, ("province", place.slug, f"{place.title} ({former})"))
    for region in regions:
        place = own.get(region.translation_key)
        if place is not None:
            add_name(names, region.title, ("region", place.key, place.title))
    add_everyday_places(names, own.values())


def add_everyday_places(names, places):
    by_value = {
        ("region", page.key) if isinstance(page, RegionPage) else ("province", page.slug): page
        for page in places
    }
    for facet, everyday in EVERYDAY_PLACES.items():
        for value, spellings in everyday.items():
            page = by_value.get((facet, value))
            for spelling in spellings if page else ():
                add_name(names, spelling, (facet, value, page.title))


def strip_place_words(name):
    """The name without what says it is a place: "Tỉnh Hà Tĩnh" → "ha tinh", "Ho Chi Minh
    City" → "ho chi minh" (not the "tinh" of "Hà Tĩnh")."""
    words = fold(name).split()
    for prefix in (["tinh"], ["thanh", "pho"], ["tp"]):
        if words[: len(prefix)] == prefix and len(words) > len(prefix):
            words = words[len(prefix) :]
    if len(words) > 1 and words[-1] in ("city", "province"):
        words = words[:-1]
    return " ".join(words)


def understand(words, language, hs_prefixes=frozenset(), text_words=frozenset()):
    """(the words left to find, [Understood]) for the folded `words` of a query.
    `hs_prefixes`: the HS headings some product has, so that a number is read as a code
    only where it finds something; `text_words`: the words of the catalogue's text."""
    names = recognised_names(language)
    left, understood = [], []  # left: (position, word)
    i = 0
    while i < len(words):
        found = (
            read_stars(words, i)
            or read_hs(words, i, hs_prefixes)
            or read_name(words, i, names, text_words)
        )
        if found is None:
            left.append((i, words[i]))
            i += 1
            continue
        meaning, used = found
        understood.append(meaning)
        qualifying = qualifiers_beside(words, i, used, meaning.facet)
        left = [(at, word) for at, word in left if at not in qualifying]
        i += used + sum(1 for at in qualifying if at >= i + used)
    return [word for _at, word in left], dedupe(understood)


def qualifiers_beside(words, i, used, facet):
    """Positions of the words right before or after a name at words[i:i+used] that only
    say what it is ("tỉnh" of "tỉnh Bến Tre", "thành phố Huế", "city" of "Hue city", "HS"
    of "HS 0904"); a "tỉnh" elsewhere is a word ("tinh dầu", essential oil)."""
    before, after = QUALIFIERS.get(facet, ((), ()))
    found = set()
    for qualifier in before:
        size = len(qualifier)
        if i >= size and tuple(words[i - size : i]) == qualifier:
            found |= set(range(i - size, i))
    end = i + used
    if end < len(words) and (words[end],) in after:
        found.add(end)
    return found


def read_stars(words, i):
    """ "4 star", "4-star", "4 sao", "4stars" → (Understood, words used)."""
    match = _STARS.match(words[i])
    if not match:
        return None
    stars = int(match.group(1))
    used = 1 if words[i] != match.group(1) else 0
    if not used and i + 1 < len(words) and words[i + 1] in STAR_WORDS:
        used = 2
    if not used:
        return None
    label = _("%(n)s stars") % {"n": stars}
    return Understood("stars", stars, label, " ".join(words[i : i + used])), used


def read_hs(words, i, hs_prefixes):
    """ "0904", "0904 11" (folded from 0904.11), "090411" → an HS code prefix."""
    if not _HS_HEADING.match(words[i]):
        return None
    digits, used = words[i], 1
    while len(digits) <= 8 and i + used < len(words) and re.fullmatch(r"\d{2}", words[i + used]):
        digits += words[i + used]
        used += 1
    if digits[:4] not in hs_prefixes:
        return None
    label = _("HS code %(code)s") % {"code": hs_written(digits)}
    return Understood("hs", digits, label, " ".join(words[i : i + used])), used


def hs_written(digits):
    """ "090411" → "0904.11", as the codes are printed."""
    return ".".join([digits[:4]] + [digits[k : k + 2] for k in range(4, len(digits), 2)])


def read_name(words, i, names, text_words):
    """A name at words[i:]; a name written joined ("danang") only where the joined word is
    not a word of the catalogue's text ("longan" is a fruit, not Long An)."""
    for used in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
        typed = words[i : i + used]
        joined = "".join(typed)
        meaning = names["apart"].get(" ".join(typed))
        if meaning is None and (used > 1 or joined not in text_words):
            meaning = names["joined"].get(joined)
        if meaning:
            facet, value, label = meaning
            return Understood(facet, value, label, " ".join(typed)), used
    return None


def dedupe(understood):
    seen, kept = set(), []
    for item in understood:
        if (item.facet, item.value) not in seen:
            seen.add((item.facet, item.value))
            kept.append(item)
    return kept


def reserved_words():
    """Words never corrected as typos: they belong to what is understood."""
    qualifying = {
        word for sides in QUALIFIERS.values() for side in sides for q in side for word in q
    }
    return STAR_WORDS | qualifying
