"""Finding a commodity by the name people write: one commodity per thing, whatever the language.

A commodity is found by its slug or by its name in either language, folded (case and
diacritics do not matter: "DRAGON FRUIT", "thanh long", "Thanh Long" are one), by the
singular of an English plural ("dragon fruits") and by the other names the hub knows for
it (products/data/commodity_aliases.csv: "vermicelli" is "Noodles and vermicelli",
"pitaya" is dragon fruit). The spreadsheet import looks names up here before it creates
a commodity, so an import never adds "vermicelli" beside "Noodles and vermicelli"; the
volume matcher reads a buyer's commodity the same way. `manage.py merge_commodities`
merges the duplicates a database made before.
"""

import csv
from functools import cache
from pathlib import Path

from products.models import Commodity
from showcase.text import fold

ALIASES_CSV = Path(__file__).resolve().parent / "data" / "commodity_aliases.csv"


@cache
def aliases():
    """{folded alias: commodity slug}, read once."""
    with ALIASES_CSV.open(encoding="utf-8", newline="") as handle:
        return {
            fold(alias): row["slug"]
            for row in csv.DictReader(handle)
            for alias in row["aliases"].split(";")
            if fold(alias)
        }


def keys(name):
    """The folded forms `name` is known by: as written, and its English singular."""
    folded = fold(name)
    found = [folded] if folded else []
    for ending in ("ies", "es", "s"):
        if folded.endswith(ending) and len(folded) > len(ending) + 2:
            stem = folded[: -len(ending)] + ("y" if ending == "ies" else "")
            found.append(stem)
    return found


def commodity_names(commodities=None):
    """{folded name: commodity} over the slugs, both names and the aliases. Where two
    commodities share a folded name (duplicates not yet merged) the oldest one wins, the
    one `merge_commodities` keeps."""
    if commodities is None:
        commodities = Commodity.objects.all()
    found = {}
    by_slug = {}
    for commodity in sorted(commodities, key=lambda item: item.pk or 0):
        by_slug[commodity.slug] = commodity
        for name in (commodity.slug, commodity.name_vi, commodity.name_en):
            for key in keys(name):
                found.setdefault(key, commodity)
            found.setdefault(fold(name.replace("-", " ")), commodity)
    for alias, slug in aliases().items():
        if slug in by_slug:
            found.setdefault(alias, by_slug[slug])
    return found


def find_commodity(name, names=None):
    """The commodity `name` means (see the module's docstring), or None."""
    names = commodity_names() if names is None else names
    for key in keys(name or ""):
        if key in names:
            return names[key]
    return None
