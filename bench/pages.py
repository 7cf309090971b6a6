"""What a buyer waits for on every public page type, at demo and national scale, in one run.

    make bench                      # or: .venv/bin/python bench/pages.py [--runs N]
    .venv/bin/python bench/pages.py --demo-db postgres://…/demo --national-db postgres://…/nat

Two databases: the demo (`load_demo`, 130 products per language) and the national catalogue
(`load_national`, 20,000 per language), each built on first use (var/bench-demo.sqlite3 and
var/bench-national-pages.sqlite3 unless URLs are given; an empty PostgreSQL database is
filled the same way). Each scale is timed in its own process, in-process through Django's
test client (server-side time, no network):

- uncached: the page cache off (HUB_PAGE_CACHE_SECONDS=0), after 2 warm-ups, so figures
  kept per content generation are warm, as they are between two publications;
- first after a publication: the same, right after a new content generation (max of 3),
  while the search index is rebuilt in a thread, as in production;
- cached: the page cache on, what every later visitor gets.

Prints p50 / p95 / max in ms, SQL queries and HTML size per page, and the ratio national /
demo of the uncached p50: the cost should barely grow with the catalogue. Not part of
`make test`.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGETS_MS = {"catalogue": 50, "API": 50, "sitemap": 1000}  # by the first word; else 100


def timed(client, url, runs, allowed=(200,)):
    """(sorted timings in ms, SQL queries of the last run, its response) of `runs` requests
    for `url` after two warm-ups; bench/admin.py and bench/search_latency.py time so too."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        response = client.get(url)
        assert response.status_code in allowed, (url, response.status_code)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return timings, len(queries), response


def pages():
    """(name, URL) of each public page type, found in the database at hand."""
    from wagtail.models import Locale

    from events.models import EventPage
    from products.models import Commodity, ProductPage
    from regions.models import ProvincePage, RegionPage, SalesPointPage

    en = Locale.objects.get(language_code="en")
    provinces = ProvincePage.objects.live().filter(locale=en)
    largest = max(provinces, key=lambda province: province.get_children().count())
    product = ProductPage.objects.live().filter(locale=en).order_by("pk").first()
    dragon = Commodity.objects.filter(slug="dragon-fruit").first() or Commodity.objects.first()
    found = [
        ("home, en", "/en/"),
        ("home, vi", "/vi/"),
        ("catalogue, no filter", "/en/products/"),
        ("catalogue, free text", "/en/products/?q=dragon+fruit"),
        ("catalogue, former province", "/en/products/?q=Binh+Thuan"),
        ("catalogue, Vietnamese text", "/vi/san-pham/?q=ca+phe"),
        ("catalogue, 2 filters", "/en/products/?region=mekong-delta&stars=5"),
        ("catalogue, 3 filters + month", "/en/products/?category=food&certification=vietgap&month=6"),
        ("catalogue, deep page", "/en/products/?page=40"),
        ("API, text + filter", "/api/v1/products/search?q=tea&export_ready=true"),
        ("API, province", "/api/v1/products/search?province=lam-dong&page_size=20"),
        ("API, 100 per page", "/api/v1/products/search?page_size=100&lang=vi"),
        ("API, suggest", "/api/v1/products/suggest?q=drag&lang=en"),
        ("regions index", "/en/regions/"),
        ("region page", RegionPage.objects.live().filter(locale=en).first().url),
        (f"province page ({largest.title})", largest.url),
        ("province page (Lam Dong)", provinces.get(slug="lam-dong").url),
        ("product page", product.url),
        ("supply index", "/en/supply/"),
        (f"supply, {dragon.name_en.lower()}", f"/en/supply/{dragon.slug}/"),
        ("events index", "/en/events/"),
        ("event page", EventPage.objects.live().filter(locale=en).first().url),
        ("sales points index", "/en/sales-points/"),
        ("sales point page", SalesPointPage.objects.live().filter(locale=en).first().url),
        ("sitemap.xml", "/sitemap.xml"),
    ]  # fmt: skip
    return found + [("sitemap part 1", "/sitemap-pages.xml?p=1")] if _has_parts() else found


def _has_parts():
    from django.test import Client

    return b"<sitemapindex" in Client().get("/sitemap.xml").content


def measure_scale(runs, only=()):
    """{name: figures} for every page of the database at hand (this process's), or those
    whose names begin with one of `only`."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    from products.models import ProductPage
    from search import index as search_index
    from showcase.page_cache import new_generation

    client = Client(HTTP_HOST="127.0.0.1")
    figures = {"products": ProductPage.objects.filter(locale__language_code="en").count()}
    for name, url in pages():
        if only and not name.startswith(only):
            continue
        with override_settings(HUB_PAGE_CACHE_SECONDS=0):
            timings, queries, response = timed(client, url, runs, allowed=(200, 400))
            first = []
            for _ in range(3):
                new_generation()
                started = time.perf_counter()
                client.get(url)
                first.append((time.perf_counter() - started) * 1000)
                while search_index._building:  # the search index rebuilt in a thread
                    time.sleep(0.05)
        with override_settings(HUB_PAGE_CACHE_SECONDS=600):
            cached, _cached_queries, _response = timed(client, url, runs, allowed=(200, 400))
        assert settings.HUB_PAGE_CACHE_SECONDS  # the override ended
        figures[name] = {
            "url": url,
            "status": response.status_code,
            "p50": statistics.median(timings),
            "p95": timings[max(0, round(len(timings) * 0.95) - 1)],
            "max": timings[-1],
            "first": max(first),
            "cached_p50": statistics.median(cached),
            "queries": queries,
            "kb": len(response.content) / 1024,
        }
    return figures


def build(url, products):
    """Fill the database at `url` (migrations, the demo or the national catalogue) once."""
    env = os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "showcase.settings.bench"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    count = subprocess.run(
        [*manage, "shell", "-c",
         "from products.models import ProductPage as P; print(P.objects.count())"],
        env=env, check=True, cwd=ROOT, capture_output=True, text=True,
    ).stdout.split()[-1]  # fmt: skip
    if int(count or 0) >= products * 2:
        return
    started = time.perf_counter()
    command = ["load_demo"] if products <= 130 else ["load_national", "--products", str(products)]
    subprocess.run([*manage, *command], env=env, check=True, cwd=ROOT)
    print(f"built {url} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def run_scale(url, runs, only=()):
    env = os.environ | {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "showcase.settings.bench",
        "HUB_SEARCH_REBUILD_SECONDS": "0",
    }
    done = subprocess.run(
        [sys.executable, __file__, "--measure", "--runs", str(runs), *(f"--only={o}" for o in only)],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"measuring {url} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def report(demo, national):
    print(f"\nuncached = page cache off; first = first request after a publication (max of 3); "
          f"ratio = national / demo uncached p50\n{demo['products']:,} and "
          f"{national['products']:,} products per language\n")  # fmt: skip
    header = (f"{'page':30} {'demo p50':>9} {'nat p50':>8} {'nat p95':>8} {'nat max':>8} "
              f"{'first':>7} {'cached':>7} {'ratio':>6} {'queries':>9} {'nat KB':>7} {'target':>7}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for name, figures in national.items():
        if name == "products":
            continue
        base = demo.get(name) or demo.get(_same_kind(demo, name)) or figures
        target = TARGETS_MS.get(name.split(",")[0].split()[0].split(".")[0], 100)
        mark = "" if figures["p95"] <= target else " MISS"
        print(
            f"{name:30} {base['p50']:>9.1f} {figures['p50']:>8.1f} {figures['p95']:>8.1f} "
            f"{figures['max']:>8.1f} {figures['first']:>7.0f} {figures['cached_p50']:>7.1f} "
            f"{figures['p50'] / base['p50']:>6.1f} {base['queries']:>4}/{figures['queries']:<4} "
            f"{figures['kb']:>7.0f} {target:>6}{mark}"
        )


def _same_kind(figures, name):
    """The demo's page of the same kind ("province page (Hà Nội)" and "(Thái Nguyên)")."""
    kind = name.split(" (")[0]
    return next((other for other in figures if other.split(" (")[0] == kind), None)


def main(argv=None, default_only=()):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--products", type=int, default=20_000, help="national, per language")
    parser.add_argument("--demo-db", default=f"sqlite:///{ROOT / 'var' / 'bench-demo.sqlite3'}")
    parser.add_argument(
        "--national-db", default=f"sqlite:///{ROOT / 'var' / 'bench-national-pages.sqlite3'}"
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--only", action="append", default=[], help="pages whose names begin so")
    args = parser.parse_args(argv)
    only = tuple(args.only or default_only)
    if args.measure:
        print(json.dumps(measure_scale(args.runs, only)))
        return
    (ROOT / "var").mkdir(exist_ok=True)
    build(args.demo_db, 130)
    build(args.national_db, args.products)
    report(run_scale(args.demo_db, args.runs, only), run_scale(args.national_db, args.runs, only))


if __name__ == "__main__":
    main()
