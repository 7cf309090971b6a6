"""A national-scale catalogue for load testing: the demo, then N generated products per
language written as a province would send them — one spreadsheet through the real import
(`ProductImporter`, which writes new rows in batches) — plus sales points in proportion.

Generated, not facts: every generated product is a demo product's text in another province
under an invented producer, and says so in its description. What it reproduces is the
shape of the real catalogue (~17,000 OCOP products from ~10,000 producers, May 2024
figures in the README): provinces skewed as the real ones (Hà Nội ~15 %, several
mountain provinces under 1 %), 1–10 products per producer, mostly 3 stars, some expired
certificates, capacities and seasons taken from the demo product.
"""

import csv
import datetime
import random
from pathlib import Path

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale

from products.importing import ProductImporter
from products.models import ProductPage
from regions.models import ProvincePage, SalesPointPage
from showcase.demo.loader import PRODUCTS_CSV, load_demo
from showcase.setup import Bilingual, create_page, locales

SHEET = Path(settings.BASE_DIR) / "var" / "national-products.csv"
# Shares of the national catalogue (the rest share the remainder evenly): Hà Nội has
# evaluated ~2,700 of ~17,000; Phú Thọ ~700; remote provinces a few dozen.
WEIGHTS = {"hanoi": 15.0, "ho-chi-minh-city": 6.0, "phu-tho": 4.0, "thanh-hoa": 4.0, "nghe-an": 4.0,
           "lam-dong": 3.5, "dong-thap": 3.5, "an-giang": 3.0, "quang-ninh": 3.0,
           "lai-chau": 0.5, "dien-bien": 0.6, "cao-bang": 0.7, "son-la": 0.9}  # fmt: skip
OTHER_PROVINCES = 2.1
BRAND_WORDS = ("An", "Bình", "Phú", "Hưng", "Thịnh", "Tân", "Phát", "Hòa", "Lộc", "Thành",
               "Minh", "Đức", "Phúc", "Gia", "Xuân", "Hồng", "Ngọc", "Sơn", "Hải", "Trường",
               "Kim", "Việt", "Long", "Quang", "Thái", "Vĩnh", "Hiệp", "Nam", "Đông", "Tiến")  # fmt: skip
PRODUCER_KINDS = (("cooperative", "HTX", 0.45), ("enterprise", "Công ty TNHH", 0.3),
                  ("household", "Hộ kinh doanh", 0.2), ("cooperative_group", "Tổ hợp tác", 0.05))  # fmt: skip
GENERATED_VI = "Bản ghi mô phỏng để thử tải toàn quốc, không phải sản phẩm thật."
GENERATED_EN = "Generated record for national-scale testing, not a real product."
PRODUCTS_PER_SALES_POINT = 60


def load_national(products=20_000, say=print, progress=None, seed=2026):
    """The demo, then `products` generated products per language (in all, demo included)."""
    load_demo(say=say)
    vietnamese = ProductPage.objects.filter(locale=Locale.get_default())
    wanted = products - vietnamese.count()
    if wanted <= 0:
        say(f"Already {vietnamese.count():,} products per language.")
        return
    rng = random.Random(seed)
    write_sheet(SHEET, wanted, rng, start=vietnamese.filter(import_ref__startswith="NAT-").count())
    result = ProductImporter().run(SHEET, progress=progress)
    if not result.ok:
        raise RuntimeError("\n".join(map(str, result.errors[:20])))
    say(f"National products: {len(result.created):,} created from {SHEET.name}.")
    say(f"Sales points: {add_sales_points(rng)} new.")


def write_sheet(path, count, rng, start=0):
    """A sheet of `count` generated rows in the demo spreadsheet's columns."""
    with PRODUCTS_CSV.open(encoding="utf-8") as file:
        reader = csv.DictReader(file)
        header, templates = reader.fieldnames, list(reader)
    provinces = list(
        ProvincePage.objects.filter(locale=Locale.get_default()).values_list("slug", "title")
    )
    unknown = set(WEIGHTS) - {slug for slug, _title in provinces}
    assert not unknown, f"WEIGHTS names no province: {unknown}"
    weights = [WEIGHTS.get(slug, OTHER_PROVINCES) for slug, _title in provinces]
    path.parent.mkdir(exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=header)
        writer.writeheader()
        number = start
        while number < start + count:
            province = rng.choices(provinces, weights)[0]
            producer, kind = _producer(rng, province[1], number)
            for _product in range(min(_products_of_a_producer(rng), start + count - number)):
                writer.writerow(_row(rng.choice(templates), rng, number, province, producer, kind))
                number += 1


def _products_of_a_producer(rng):
    """1–10, most producers have one or two (about 2 on average)."""
    count = 1
    while count < 10 and rng.random() < 0.5:
        count += 1
    return count


def _producer(rng, province_title, number):
    kind, prefix, _share = rng.choices(PRODUCER_KINDS, [k[2] for k in PRODUCER_KINDS])[0]
    brand = " ".join(rng.sample(BRAND_WORDS, 2))
    return f"{prefix} {brand} {province_title} {number}", kind


def _row(template, rng, number, province, producer, kind):
    # Within four years: a certificate is valid for three, so about a quarter have expired.
    certified = datetime.date.today() - datetime.timedelta(days=rng.randint(20, 4 * 365))
    year = certified.year
    capacity = template["capacity"]
    if capacity:
        capacity = f"{max(1, round(float(capacity) * rng.uniform(0.2, 2.5)))}"
    return template | {
        "ref": f"NAT-{number:06d}",
        "province": province[0],
        "stars": rng.choices(("3", "4", "5"), (55, 40, 5))[0],
        "producer": producer,
        "producer_type": kind,
        "description_vi": f"{template['description_vi']}\n\n{GENERATED_VI}",
        "description_en": f"{template['description_en']}\n\n{GENERATED_EN}",
        "capacity": capacity,
        "ocop_certificate_no": f"OCOP-NAT-{year}-{number:06d}",
        "ocop_certified_on": certified.isoformat(),
    }


@transaction.atomic
def add_sales_points(rng):
    """One OCOP sales point per PRODUCTS_PER_SALES_POINT products of a province, listing
    up to 30 of them (generated, as the products are)."""
    _source, targets = locales()
    created = 0
    for province in ProvincePage.objects.filter(locale=Locale.get_default()):
        products = list(ProductPage.objects.filter(province=province, locale=province.locale))
        have = SalesPointPage.objects.filter(province=province).count()
        for number in range(have, len(products) // PRODUCTS_PER_SALES_POINT):
            point = SalesPointPage(kind=SalesPointPage.Kind.OCOP_CENTRE, address=province.title)
            point.products = rng.sample(products, min(30, len(products)))
            key = f"diem-ban-mo-phong-{number}"
            text = Bilingual(
                key, f"generated-sales-point-{number}",
                f"Điểm bán OCOP mô phỏng {number} – {province.title}",
                f"Generated OCOP sales point {number}, {province.title}",
                GENERATED_VI, GENERATED_EN,
            )  # fmt: skip
            create_page(province, point, text, targets)
            created += 1
    return created
