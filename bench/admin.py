"""The admin at national scale: what a provincial editor and the central reviewer wait for.

    .venv/bin/python bench/admin.py [--runs N] [--db URL]

On the national catalogue of bench/pages.py (var/bench-national-pages.sqlite3 unless a URL
is given: `load_national`, 20,000 products per language, the demo's accounts), signed in as
the Thái Nguyên editor, the reviewer and the admin, times server-side (Django's test client)
the dashboard, the explorer of the largest province, a product's editor, the choosers with
a search, the reports and the inquiry list, and counts their SQL queries. Prints p50 / p95
/ max in ms. Target: ≤ 1 s each. Not part of `make test`.
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ACCOUNTS = ("bientap.thainguyen", "kiemduyet", "admin")
TARGET_MS = 1000


def screens(username):
    """(name, URL) of the screens `username` works on, found in the database at hand."""
    from wagtail.models import Locale

    from products.models import ProductPage
    from regions.models import ProvincePage

    vi = Locale.objects.get(language_code="vi")
    provinces = ProvincePage.objects.filter(locale=vi)
    province = (
        provinces.get(slug="thai-nguyen")
        if username.startswith("bientap")
        else provinces.order_by("-numchild").first()
    )
    product = ProductPage.objects.filter(province=province).order_by("pk").first()
    return [
        ("dashboard", "/admin/"),
        (f"explorer ({province.title}, {province.numchild:,})", f"/admin/pages/{province.pk}/"),
        ("explorer, page 3", f"/admin/pages/{province.pk}/?p=3"),
        ("page search 'chè'", "/admin/pages/search/?q=ch%C3%A8"),
        ("product editor", f"/admin/pages/{product.pk}/edit/"),
        ("page chooser, search", "/admin/choose-page/search/?q=ch%C3%A8"),
        ("producer chooser, search", "/admin/snippets/choose/products/producer/?q=ch%C3%A8"),
        ("commodity chooser", "/admin/snippets/choose/products/commodity/"),
        ("producers list", "/admin/snippets/products/producer/"),
        ("report: photos", "/admin/editorial/photos/"),
        ("report: certificates", "/admin/editorial/certificates/"),
        ("report: translations", "/admin/editorial/translations/"),
        ("inquiries", "/admin/inquiries/"),
    ]


def measure(runs):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.pages import timed

    print(f"{'account':20} {'screen':34} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'max ms':>8} {'queries':>8}")  # fmt: skip
    worst = 0.0
    for username in ACCOUNTS:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.get(username=username))
        for name, url in screens(username):
            timings, queries, response = timed(client, url, runs, allowed=(200, 302, 403, 404))
            p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
            worst = max(worst, p95)
            print(f"{username:20} {name:34} {response.status_code:>6} "
                  f"{statistics.median(timings):>8.0f} {p95:>8.0f} {timings[-1]:>8.0f} "
                  f"{queries:>8}")  # fmt: skip
    print(f"\nworst p95: {worst:.0f} ms (target: {TARGET_MS} ms)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--db", default=f"sqlite:///{ROOT / 'var' / 'bench-national-pages.sqlite3'}"
    )
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.db
    os.environ["DJANGO_SETTINGS_MODULE"] = "showcase.settings.bench"
    os.environ["HUB_PAGE_CACHE_SECONDS"] = "0"
    measure(args.runs)


if __name__ == "__main__":
    main()
