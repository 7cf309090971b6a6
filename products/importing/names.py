"""Resolving the names a sheet uses to the rows they mean: provinces and the taxonomy.

People write a province as its current or former name, with or without diacritics, with
or without "Tỉnh"/"Thành phố", or as its slug; a category, commodity or certification in
either language or as its slug. Every name is folded (see `fold`) and loaded once per
import, not looked up row by row. (Producers are matched by name when a row is written.)
"""

from collections import Counter
from difflib import SequenceMatcher

from wagtail.models import Locale

from products.commodities import commodity_names
from products.models import Certification, ProductCategory
from regions.models import ProvincePage
from showcase.text import fold

PROVINCE_PREFIXES = ("tinh ", "thanh pho ", "tp ")
# Folded words too common in commodity names to make two of them close ("Sản phẩm thịt",
# "Meat products"); words under three letters ("và", "bơ") do not count either.
COMMON_WORDS = {"and", "the", "san", "pham", "product", "products"}
# Names at least this similar (difflib's ratio of their folded forms) are a typo apart.
CLOSE_RATIO = 0.8


class Lookups:
    """Names as people write them, folded, mapped to the rows they mean (loaded once)."""

    def __init__(self, locale):
        self.provinces = {}
        for province in ProvincePage.objects.filter(locale=locale).prefetch_related("former_names"):
            names = [province.title, province.official_name, province.slug]
            names += province.former_province_names
            for name in names:
                self.provinces.setdefault(fold(name), province)
        others = Locale.objects.exclude(pk=locale.pk)
        keys = ProvincePage.objects.filter(locale__in=others).values_list("translation_key")
        self.translated_provinces = _translated_everywhere(others, keys)
        self.categories = _by_names(ProductCategory.objects.all())
        self.certifications = _by_names(Certification.objects.all())
        # For messages, in the language of the import: categories by name, certifications
        # by slug (as the import template writes them).
        self.category_names = "; ".join(
            category.name for category in ProductCategory.objects.order_by("sort_order", "pk")
        )
        self.certification_slugs = ", ".join(
            sorted({certification.slug for certification in self.certifications.values()})
        )
        self.commodities = commodity_names()  # with aliases: products/commodities.py
        self._close_commodities = {}

    def province(self, name):
        key = fold(name)
        for prefix in PROVINCE_PREFIXES:
            if key.startswith(prefix):
                key = key.removeprefix(prefix)
        return self.provinces.get(key) or self.provinces.get(fold(key.replace(" ", "-")))

    def close_commodities(self, name):
        """The known commodities close to `name`, a new one (see `close_commodities`)."""
        key = fold(name)
        if key not in self._close_commodities:
            known = {commodity.pk: commodity for commodity in self.commodities.values()}
            self._close_commodities[key] = close_commodities(name, known.values())
        return self._close_commodities[key]


def close_commodities(name, commodities):
    """Those of `commodities` whose name, in either language, is close to `name`: the same
    words in another order, a word in common, or a typo apart. A new commodity close to one
    the hub has is most often the same thing written differently."""
    key = fold(name)
    return sorted(
        (
            commodity
            for commodity in commodities
            if any(_close(key, fold(other)) for other in (commodity.name_vi, commodity.name_en))
        ),
        key=lambda commodity: commodity.name_vi,
    )


def _close(name, other):
    """Whether two folded names probably mean the same commodity."""
    words = {word for word in name.split() if len(word) >= 3} - COMMON_WORDS
    if set(name.split()) == set(other.split()) or words & set(other.split()):
        return True
    return SequenceMatcher(None, name, other).ratio() >= CLOSE_RATIO


def _translated_everywhere(others, keys):
    """Translation keys of provinces that have a page in every other language."""
    counts = Counter(key for (key,) in keys)
    return {key for key, n in counts.items() if n == len(others)}


def _by_names(objects):
    found = {}
    for obj in objects:
        for name in (obj.slug, obj.name_vi, obj.name_en):
            found.setdefault(fold(name), obj)
    return found
