"""What the search's reading of queries costs a buyer at national scale: the catalogue
and the search API for typed, misspelt, joined, multi-concept and junk queries, page
cache off, on the national catalogue (20,000 products per language).

    .venv/bin/python bench/search_latency.py [--products N] [--runs N]
    DATABASE_URL=postgres://… .venv/bin/python bench/search_latency.py

The database is bench/pages.py's national catalogue (`load_national`, built on first use),
var/bench-national-pages.sqlite3 unless DATABASE_URL is set. Prints, per request, p50 / p95 / max in ms, SQL queries, results, and the
ratio of its p50 to the same run's baseline: the catalogue with no words typed (what
every buyer's first page costs). Also the time to build each language's search index
(once per content generation per process) and the memory it holds. Not part of
`make test`.
"""

import argparse
import os
import re
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GIVEN_DATABASE = os.environ.get("DATABASE_URL")
os.environ["HUB_PAGE_CACHE_SECONDS"] = "0"  # uncached: what a buyer waits for

from bench.pages import build, timed  # noqa: E402  (the path above makes bench importable)

os.environ["DATABASE_URL"] = (
    GIVEN_DATABASE or f"sqlite:///{ROOT / 'var' / 'bench-national-pages.sqlite3'}"
)
os.environ["DJANGO_SETTINGS_MODULE"] = "showcase.settings.bench"

BASELINE = ("catalogue, no words (baseline)", "/en/products/")
REQUESTS = [
    ("catalogue, one word", "/en/products/?q=tea"),
    ("catalogue, typo", "/en/products/?q=dragon+frut"),
    ("catalogue, plural", "/en/products/?q=avocados"),
    ("catalogue, joined", "/en/products/?q=seasalt"),
    ("catalogue, certification + word", "/en/products/?q=vietgap+longan"),
    ("catalogue, stars + place + word", "/en/products/?q=4+star+honey+dak+lak"),
    ("catalogue, partial match", "/en/products/?q=organic+tea+wholesale+xyzzy"),
    ("catalogue, Vietnamese phrase", "/vi/san-pham/?q=ch%C3%A8+xanh"),
    ("catalogue, HS code", "/en/products/?q=0902.10"),
    ("API, typo + filter", "/api/v1/products/search?q=pepprr&export_ready=true"),
    ("API, several concepts", "/api/v1/products/search?q=HACCP+fish+sauce+vietnam"),
    ("suggest, 4 letters with a slip", "/api/v1/products/suggest?q=avca&lang=en"),
    ("suggest, two words", "/api/v1/products/suggest?q=tan+cu&lang=en"),
]


def junk_request():
    words = " ".join(f"qz{n}x{n}" for n in range(200))[:1000]
    return ("catalogue, 1,000 characters of junk", f"/en/products/?q={words.replace(' ', '+')}")


def index_figures():
    from search.index import build as build_index

    for language in ("en", "vi"):
        started = time.perf_counter()
        build_index(language)
        seconds = time.perf_counter() - started
        tracemalloc.start()  # a second build, traced (tracing slows it)
        index = build_index(language)
        held = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        print(
            f"index {language}: {len(index.entries):,} products, {len(index.vocabulary):,} words, "
            f"built in {seconds:.1f} s, {held / 2**20:.0f} MB held"
        )


def result_count(url, response):
    if "/suggest" in url:
        return len(response.json())
    if url.startswith("/api/"):
        return response.json()["count"]
    shown = re.search(r'role="status">([\d.,]+)', response.content.decode())
    return int(re.sub(r"\D", "", shown.group(1))) if shown else 0


def measure(runs):
    from django.db import connection
    from django.test import Client

    client = Client()
    print(f"database: {connection.vendor}; {runs} timed runs per request after 2 warm-ups\n")
    index_figures()
    print(f"\n{'request':38} {'results':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
          f"{'queries':>8} {'× base':>7}")  # fmt: skip
    base = None
    for name, url in [BASELINE, *REQUESTS, junk_request()]:
        timings, queries, response = timed(client, url, runs)
        p50 = statistics.median(timings)
        base = base or p50
        p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
        print(f"{name:38} {result_count(url, response):>8,} {p50:>8.1f} {p95:>8.1f} "
              f"{timings[-1]:>8.1f} {queries:>8} {p50 / base:>7.2f}")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=20_000, help="per language")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    build(os.environ["DATABASE_URL"], args.products)
    import django  # set up once the database is built (by other processes)

    django.setup()
    measure(args.runs)


if __name__ == "__main__":
    main()
