"""How well the catalogue's search answers buyers, on the demo catalogue (130 products).

    .venv/bin/python bench/search_quality.py            # print the figures
    .venv/bin/python bench/search_quality.py --record   # and keep them as the floor

bench/search_quality/queries.csv holds queries written the way buyers type, each with
the demo products (by `ref`) a buyer would accept, in classes: plain, typo, word_form,
joined_split, place, code, multi, synonym, phrase. Each query is run as the catalogue
runs it (search/query.py, first page, default filters) and scored:

- hit@3: a relevant product among the first three;
- MRR: the mean of 1 / the rank of the first relevant product (0 when none is shown);
- zero: the share of queries that show no product at all (every query here has one).

Figures are printed per class and language. `--record` writes them to
bench/search_quality/floor.json; tests/test_search_quality.py fails when any figure
falls below it. The scratch database var/search-quality.sqlite3 holds the demo's
products (imported as editors import them), with expired certificates renewed so that
the figures do not change with the date.
"""

import argparse
import csv
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "bench" / "search_quality" / "queries.csv"
FLOOR = ROOT / "bench" / "search_quality" / "floor.json"
DB = ROOT / "var" / "search-quality.sqlite3"
SHOWN = 24  # the catalogue's first page


def load_queries(path=QUERIES):
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            {**row, "relevant": set(row["relevant"].split(";"))} for row in csv.DictReader(handle)
        ]


def search(lang, q):
    """The refs the catalogue shows for `q`, in order (first page)."""
    from django.utils import translation

    from search.query import CatalogueQuery, run

    with translation.override(lang):
        result = run(CatalogueQuery(q=q, lang=lang, page_size=SHOWN))
    return [product.import_ref for product in result.products]


def evaluate(queries, search=search):
    """{(class, lang): {"n", "hit3", "mrr", "zero"}} plus ("all", lang) and ("all", "all"),
    and the queries that missed (no relevant product in the first three)."""
    scores = defaultdict(list)
    missed = []
    for row in queries:
        shown = search(row["lang"], row["query"])
        ranks = [i for i, ref in enumerate(shown, 1) if ref in row["relevant"]]
        first = ranks[0] if ranks else None
        score = (first is not None and first <= 3, 1 / first if first else 0.0, not shown)
        for group in ((row["class"], row["lang"]), ("all", row["lang"]), ("all", "all")):
            scores[group].append(score)
        if not score[0]:
            missed.append((row["lang"], row["class"], row["query"], shown[:3]))
    figures = {
        group: {
            "n": len(found),
            "hit3": round(sum(s[0] for s in found) / len(found), 4),
            "mrr": round(sum(s[1] for s in found) / len(found), 4),
            "zero": round(sum(s[2] for s in found) / len(found), 4),
        }
        for group, found in scores.items()
    }
    return figures, missed


def table(figures):
    lines = [f"{'class':<14}{'lang':<6}{'n':>4}{'hit@3':>8}{'MRR':>7}{'zero':>7}"]
    for (name, lang), f in sorted(figures.items(), key=lambda item: (item[0][0] == "all", item[0])):
        lines.append(
            f"{name:<14}{lang:<6}{f['n']:>4}{f['hit3']:>8.1%}{f['mrr']:>7.3f}{f['zero']:>7.1%}"
        )
    return "\n".join(lines)


def as_json(figures):
    return {f"{name}/{lang}": values for (name, lang), values in sorted(figures.items())}


def prepare_database():
    """The scratch database with the demo's products (built once)."""
    import django
    from django.core.management import call_command

    django.setup()
    from products.importing import ProductImporter
    from products.models import ProductPage
    from showcase.demo.loader import PRODUCTS_CSV
    from showcase.setup import setup_hub

    call_command("migrate", verbosity=0)
    if not ProductPage.objects.exists():
        setup_hub()
        result = ProductImporter().run(PRODUCTS_CSV)
        assert result.ok, result.errors
    renew_certificates()


def renew_certificates():
    """Certificates as if renewed a year ago: the figures must not change with the date."""
    from django.utils import timezone

    from products.models import ProductPage, add_months

    renewed_on = add_months(timezone.localdate(), -12)
    ProductPage.objects.certificate_expired().update(ocop_certified_on=renewed_on)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--record", action="store_true", help="keep the figures as the floor")
    parser.add_argument("--missed", action="store_true", help="list the queries that missed")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    DB.parent.mkdir(exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{DB}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showcase.settings.test")
    prepare_database()
    figures, missed = evaluate(load_queries())
    print(table(figures))
    if args.missed:
        for lang, name, query, shown in missed:
            print(f"  missed [{lang}/{name}] {query!r}: {shown}")
    if args.record:
        FLOOR.write_text(json.dumps(as_json(figures), indent=1, ensure_ascii=False) + "\n")
        print(f"recorded in {FLOOR.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
