"""How long a volume match takes over the national catalogue, against a baseline of the same run.

    .venv/bin/python bench/matching.py [--runs N]
    .venv/bin/python bench/matching.py --national-db postgres://…/nat      # or DATABASE_URL=…

The national catalogue (20,000 products per language, `manage.py load_national`) is built on
first use as bench/pages.py builds it, in the same database file (var/bench-national-pages
.sqlite3) unless a URL is given (--national-db, else DATABASE_URL). Timed in a process of its
own through Django's test client, the page cache off, after two warm-ups:

- the matcher alone (products.matching.match: 300 t/month of dragon fruit, GlobalG.A.P.,
  May–July; and 5,000 t/month without certification, which picks every producer);
- the sourcing page and GET /api/v1/sourcing/match with the same request;
- the baseline: the pooled-supply page of the same commodity (/en/supply/dragon-fruit/),
  which reads the same products.

Prints p50 / p95 / max in ms and SQL queries for each, and the ratio to the baseline.
Not part of `make test`.
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

REQUEST = "commodity=dragon-fruit&quantity=300&unit=t&period=month&month=5&month=6&month=7&certification=globalgap&destination=NL"  # noqa: E501
EVERYONE = "commodity=dragon-fruit&quantity=5000&unit=t&period=month"
BASELINE = "pooled-supply page (baseline)"


def targets():
    return [
        (BASELINE, "/en/supply/dragon-fruit/"),
        ("sourcing page, 300 t GlobalG.A.P. May–July", f"/en/sourcing/?{REQUEST}"),
        ("sourcing page, 5,000 t, every producer", f"/en/sourcing/?{EVERYONE}"),
        ("sourcing page, Vietnamese", f"/vi/sourcing/?{REQUEST}"),
        ("API /sourcing/match", f"/api/v1/sourcing/match?{REQUEST}"),
    ]


def summary(timings, queries):
    timings = sorted(timings)
    return {
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1] if len(timings) > 1 else timings[0],
        "max": timings[-1],
        "queries": queries,
    }


def time_matcher(runs):
    """The matcher alone, without the page around it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Locale

    from products.match_form import MatchForm
    from products.matching import match

    figures = {}
    en = Locale.objects.get(language_code="en")
    for name, query in (("matcher, 300 t GlobalG.A.P. May–July", REQUEST),
                        ("matcher, 5,000 t, every producer", EVERYONE)):  # fmt: skip
        from django.http import QueryDict

        form = MatchForm.from_params(QueryDict(query))
        assert form.is_valid(), form.errors
        asked = form.match_request()
        timings = []
        for run in range(runs + 2):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                result = match(asked, en)
                elapsed = (time.perf_counter() - started) * 1000
            if run >= 2:
                timings.append(elapsed)
        figures[name] = summary(timings, len(queries)) | {"producers": len(result.picks),
                                                           "candidates": result.candidates}  # fmt: skip
    return figures


def measure(runs):
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    from bench.pages import timed
    from products.models import ProductPage

    figures = {}
    client = Client()
    with override_settings(HUB_PAGE_CACHE_SECONDS=0):
        for name, url in targets():
            timings, queries, _response = timed(client, url, runs)
            figures[name] = summary(timings, queries)
    figures |= time_matcher(runs)
    dragon = ProductPage.objects.filter(commodity__slug="dragon-fruit", locale__language_code="en")
    return {
        "figures": figures,
        "products": ProductPage.objects.filter(locale__language_code="en").count(),
        "dragon_fruit": dragon.count(),
    }


def report(url, measured):
    figures = measured["figures"]
    base = figures[BASELINE]["p50"]
    print(f"\n{url}\n{measured['products']} products per language, "
          f"{measured['dragon_fruit']} of them dragon fruit\n")  # fmt: skip
    print(f"{'':46} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'SQL':>5} {'× base':>7}")
    for name, figure in figures.items():
        print(f"{name:46} {figure['p50']:8.1f} {figure['p95']:8.1f} {figure['max']:8.1f} "
              f"{figure['queries']:5d} {figure['p50'] / base:7.2f}")  # fmt: skip
        if "producers" in figure:
            print(f"{'':46} ({figure['candidates']} producers could take a share, "
                  f"{figure['producers']} picked)")  # fmt: skip


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--products", type=int, default=20_000, help="national, per language")
    parser.add_argument(
        "--national-db",
        default=os.environ.get("DATABASE_URL")
        or f"sqlite:///{ROOT / 'var' / 'bench-national-pages.sqlite3'}",
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.runs)))
        return
    from bench.pages import build

    (ROOT / "var").mkdir(exist_ok=True)
    build(args.national_db, args.products)
    env = os.environ | {
        "DATABASE_URL": args.national_db,
        "DJANGO_SETTINGS_MODULE": "showcase.settings.bench",
        "HUB_SEARCH_REBUILD_SECONDS": "0",
    }
    done = subprocess.run(
        [sys.executable, __file__, "--measure", "--runs", str(args.runs)],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"measuring failed:\n{done.stderr[-3000:]}")
    report(args.national_db, json.loads(done.stdout.splitlines()[-1]))


if __name__ == "__main__":
    main()
