"""Catalogue and search API latency on 20,000 products (10,000 per language), SQLite.

    make bench            # or: .venv/bin/python bench/catalogue.py [--products N] [--runs N]

Builds (once) a scratch database var/bench.sqlite3 with the hub's structure and N
generated bilingual products (rows modelled on the demo spreadsheet, bulk-inserted, then
indexed with Wagtail's `update_index`), then times typical catalogue requests in-process
(server-side: Django's test client, no network) and counts their SQL queries.
Prints p50 / p95 / max per request. Not part of `make test`.
"""

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB = ROOT / "var" / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showcase.settings.test")

REQUESTS = [
    ("catalogue, no filter", "/en/products/"),
    ("catalogue, free text", "/en/products/?q=dragon+fruit"),
    ("catalogue, former province", "/en/products/?q=Binh+Thuan"),
    ("catalogue, Vietnamese text", "/vi/san-pham/?q=ca+phe"),
    ("catalogue, 2 filters", "/en/products/?region=mekong-delta&stars=5"),
    ("catalogue, 3 filters + month", "/en/products/?category=food&certification=vietgap&month=6"),
    ("catalogue, deep page", "/en/products/?page=300"),
    ("API, text + filter", "/api/v1/products/search?q=tea&export_ready=true"),
    ("API, province, page 2", "/api/v1/products/search?province=lam-dong&page=2&page_size=20"),
    ("API, 100 per page", "/api/v1/products/search?page_size=100&lang=vi"),
]


def generated_rows(products, templates, provinces, vi, en, content_type):
    """Page, product and certification rows for `products` pages (half in each language),
    each a demo product's content in a random province."""
    # Imported here as in build(): the script sets Django up before importing the project.
    from django.utils import timezone
    from wagtail.models import Page

    now = timezone.now()
    rng = random.Random(2026)
    page_rows, product_rows, certification_rows = [], [], []
    for number in range(products // 2):
        template = rng.choice(templates)
        province_index = rng.randrange(34)
        key = uuid.uuid4()
        for locale, title in ((vi, template.name_vi), (en, template.name_en)):
            province = provinces[locale.pk][province_index]
            province.numchild += 1
            slug = f"p{number}"
            description = template.description_vi if locale == vi else template.description_en
            page_rows.append(Page(
                title=f"{title} {number}", draft_title=f"{title} {number}", slug=slug,
                content_type=content_type, path=Page._get_path(province.path, 6, province.numchild),
                depth=6, numchild=0, url_path=f"{province.url_path}{slug}/", live=True,
                has_unpublished_changes=False, first_published_at=now, last_published_at=now,
                locale=locale, translation_key=key,
            ))  # fmt: skip
            months = template.harvest_months
            product_rows.append(dict(
                import_ref=f"B-{number}", import_digest="", introduction="",
                ocop_stars=rng.choice((3, 4, 4, 4, 5)), ocop_certificate_no=template.ocop_certificate_no,
                ocop_certified_on=template.ocop_certified_on, category_id=template.category.pk,
                commodity_id=template.commodity.pk if template.commodity else None,
                producer_id=None, supply_capacity=template.capacity, supply_unit=template.capacity_unit,
                supply_period=template.capacity_period, harvest_months=json.dumps(months),
                harvest_month_bits=sum(1 << m for m in months), min_order=template.min_order,
                packaging=template.packaging, shelf_life_days=template.shelf_life_days,
                hs_code=template.hs_code, export_markets=",".join(template.export_markets),
                description="".join(f"<p>{p}</p>" for p in description), province_id=province.pk,
                image_id=None, hero_image_id=None,
            ))  # fmt: skip
            certification_rows.append([c.pk for c in template.certifications])
    return page_rows, product_rows, certification_rows


def build(products):
    # Django is set up before the project's modules are imported: this file is a script.
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from wagtail.models import Locale, Page

    from products.importing import ProductImporter, read_rows
    from products.models import ProductPage
    from regions.models import ProvincePage
    from showcase.db import refresh_planner_statistics
    from showcase.demo.loader import PRODUCTS_CSV
    from showcase.setup import setup_hub

    call_command("migrate", verbosity=0)
    if ProductPage.objects.count() >= products:
        return
    started = time.perf_counter()
    setup_hub()
    header, rows = read_rows(PRODUCTS_CSV)
    templates, errors = ProductImporter().validate(header, rows)
    assert not errors, errors
    vi, en = Locale.objects.get(language_code="vi"), Locale.objects.get(language_code="en")
    provinces = {
        locale.pk: list(ProvincePage.objects.filter(locale=locale).order_by("path"))
        for locale in (vi, en)
    }
    page_rows, product_rows, certification_rows = generated_rows(
        products, templates, provinces, vi, en, ProductPage().cached_content_type
    )
    with transaction.atomic():
        created = Page.objects.bulk_create(page_rows, batch_size=2000)
        columns = list(product_rows[0]) + ["page_ptr_id"]
        sql = (
            f"INSERT INTO products_productpage ({', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                sql,
                [[*row.values(), page.pk] for row, page in zip(product_rows, created, strict=True)],
            )
        through = ProductPage.certifications.through
        through.objects.bulk_create(
            [through(productpage_id=page.pk, certification_id=certification)
             for page, certifications in zip(created, certification_rows, strict=True)
             for certification in certifications],
            batch_size=5000,
        )  # fmt: skip
        for locale_provinces in provinces.values():
            for province in locale_provinces:
                Page.objects.filter(pk=province.pk).update(numchild=province.numchild)
    print(f"generated {len(created):,} product pages in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    call_command("update_index", verbosity=0)
    refresh_planner_statistics()
    print(f"indexed in {time.perf_counter() - started:.0f} s")


def timed(client, url, runs):
    """(sorted timings in ms, SQL queries of the last run, its response) of `runs` requests
    for `url` after two warm-ups; bench/search_latency.py times the same way."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        response = client.get(url)
        assert response.status_code in (200, 400), (url, response.status_code)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return timings, len(queries), response


def measure(runs):
    from django.test import Client

    from products.models import ProductPage

    client = Client()
    total = ProductPage.objects.filter(locale__language_code="en").count()
    print(f"\n{total:,} products per language; {runs} timed runs per request (after 2 warm-ups)\n")
    print(f"{'request':34} {'results':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    worst = 0.0
    for name, url in REQUESTS:
        timings, queries, response = timed(client, url, runs)
        assert response.status_code == 200, (url, response.status_code)
        if url.startswith("/api/"):
            count = response.json()["count"]
        else:
            shown = re.search(r'role="status">([\d.,]+)', response.content.decode())
            count = int(re.sub(r"\D", "", shown.group(1)))
        p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
        worst = max(worst, p95)
        print(f"{name:34} {count:>8,} {statistics.median(timings):>8.1f} {p95:>8.1f} "
              f"{timings[-1]:>8.1f} {queries:>8}")  # fmt: skip
    print(f"\nworst p95: {worst:.1f} ms (target: 50 ms)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--products", type=int, default=20_000, help="pages in all (both languages)"
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="start from an empty database")
    args = parser.parse_args()
    if args.rebuild and DB.exists():
        DB.unlink()
    DB.parent.mkdir(exist_ok=True)
    build(args.products)
    measure(args.runs)


if __name__ == "__main__":
    main()
