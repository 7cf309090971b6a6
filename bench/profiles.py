"""What a buyer waits for on a producer's profile (products/profiles.py) at national scale:
a producer with 50 products among 20,000 per language, uncached, beside a product page and
a province page measured in the same run as the baseline.

    .venv/bin/python bench/profiles.py [--runs N]
    DATABASE_URL=postgres://…/nat .venv/bin/python bench/profiles.py   # PostgreSQL too

SQLite: a copy of bench/pages.py's national database (var/bench-national-pages.sqlite3,
built by `bench/pages.py` on first use) in var/bench-profiles.sqlite3, migrated, where one
producer is given 50 products (its own plus other producers' of its province, in both
languages). PostgreSQL: the database at DATABASE_URL, filled as bench/pages.py fills one
when it is empty, changed the same way. Timed in-process through Django's test client
(server-side time), the page cache off, after two warm-ups, as bench/pages.py times.
Prints p50 / p95 / max in ms, SQL queries and HTML size per page. Not part of `make test`.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from itertools import chain
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pages import build, timed  # noqa: E402

NATIONAL = ROOT / "var" / "bench-national-pages.sqlite3"
COPY = ROOT / "var" / "bench-profiles.sqlite3"
PRODUCTS = 50


def fifty_products():
    """The producer with the most English products, given `PRODUCTS` of them: products of
    other producers of its province move to it, with their twins in every language."""
    from django.db.models import Count

    from products.models import Producer, ProductPage

    en = ProductPage.objects.live().filter(locale__language_code="en")
    top = en.values("producer").annotate(n=Count("pk")).order_by("-n").first()
    producer = Producer.objects.get(pk=top["producer"])
    missing = PRODUCTS - top["n"]
    if missing > 0:
        others = en.exclude(producer=producer).filter(producer__province=producer.province)
        keys = list(others.values_list("translation_key", flat=True)[:missing])
        ProductPage.objects.filter(translation_key__in=keys).update(producer=producer)
    Producer.objects.filter(pk=producer.pk).update(live=True)
    return Producer.objects.get(pk=producer.pk)


def measure(runs):
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    from products.models import ProductPage

    producer = fifty_products()
    products = ProductPage.objects.live().filter(producer=producer, locale__language_code="en")
    product = products.order_by("pk").first()
    client = Client(HTTP_HOST="127.0.0.1")
    figures = {
        "catalogue": ProductPage.objects.filter(locale__language_code="en").count(),
        "its products": products.count(),
    }
    pages = [
        ("product page (baseline)", product.url),
        ("province page (baseline)", product.get_parent().url),
        (f"profile, {products.count()} products, en", f"/en/producers/{producer.slug}/"),
        ("profile, vi", f"/vi/producers/{producer.slug}/"),
    ]
    with override_settings(HUB_PAGE_CACHE_SECONDS=0):
        for name, url in pages:
            timings, queries, response = timed(client, url, runs)
            figures[name] = {
                "p50": statistics.median(timings),
                "p95": timings[max(0, round(len(timings) * 0.95) - 1)],
                "max": timings[-1],
                "queries": queries,
                "kb": len(response.content) / 1024,
            }
    return figures


def sqlite_copy():
    """A migrated copy of bench/pages.py's national database, made once."""
    url = f"sqlite:///{COPY}"
    if not COPY.exists():
        if not NATIONAL.exists():
            build(f"sqlite:///{NATIONAL}", 20_000)
        shutil.copyfile(NATIONAL, COPY)
    env = os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "showcase.settings.bench"}
    subprocess.run([sys.executable, __file__, "--migrate"], env=env, check=True, cwd=ROOT)
    return url


def migrate():
    """`manage.py migrate`, with the profiles' slugs given in linear time: the schema's
    assign_slugs (products/models.py) builds 10,000 numbered candidates for each producer
    eagerly, each longer than the last ("name-2-3-4…"), 0.65 s a producer, hours for the
    national catalogue's 10,000 producers; reported to be fixed there."""
    import django

    django.setup()
    from django.core.management import call_command

    from products import models

    def assign_slugs(producers, province_slugs, model=None):
        model = model or models.Producer
        taken = set(model.objects.exclude(slug=None).values_list("slug", flat=True))
        for producer in producers:
            if producer.slug:
                continue
            base = models.slug_for(producer.name, 100) or "producer"
            candidates = [base]
            if producer.province_id in province_slugs:
                candidates.append(f"{base}-{province_slugs[producer.province_id]}")
            last = candidates[-1]
            numbered = (f"{last}-{n}" for n in range(2, 10_000))
            producer.slug = next(s for s in chain(candidates, numbered) if s not in taken)
            taken.add(producer.slug)

    models.assign_slugs = assign_slugs
    call_command("migrate", verbosity=0)


def run(url, runs):
    env = os.environ | {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "showcase.settings.bench",
        "HUB_SEARCH_REBUILD_SECONDS": "0",
    }
    done = subprocess.run(
        [sys.executable, __file__, "--measure", "--runs", str(runs)],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"measuring {url} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def report(engine, figures):
    print(f"\n{engine}: {figures.pop('catalogue'):,} products per language; the producer has "
          f"{figures.pop('its products')} (page cache off)")  # fmt: skip
    header = f"{'page':34} {'p50':>7} {'p95':>7} {'max':>7} {'queries':>8} {'KB':>5}"
    print(header)
    print("-" * len(header))
    for name, row in figures.items():
        print(f"{name:34} {row['p50']:>7.1f} {row['p95']:>7.1f} {row['max']:>7.1f} "
              f"{row['queries']:>8} {row['kb']:>5.0f}")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--migrate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.migrate:
        migrate()
        return
    if args.measure:
        print(json.dumps(measure(args.runs)))
        return
    report("SQLite", run(sqlite_copy(), args.runs))
    postgres = os.environ.get("DATABASE_URL", "")
    if postgres.startswith("postgres"):
        build(postgres, 20_000)
        report("PostgreSQL", run(postgres, args.runs))


if __name__ == "__main__":
    main()
