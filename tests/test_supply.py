"""Pooled supply: Vietnam's combined capacity per commodity, and when it is available."""

from decimal import Decimal

import pytest
from wagtail.models import Locale

from products.importing import ProductImporter
from products.models import Commodity, ProductPage
from products.supply import pool, pooled_products
from regions.models import RegionPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]
HEADER = [
    "ref", "name_vi", "name_en", "province", "category", "stars", "producer",
    "producer_type", "capacity", "capacity_unit", "capacity_period", "harvest_months",
    "commodity", "description_vi", "description_en", "certifications", "export_markets",
    "ocop_certificate_no", "ocop_certified_on",
]  # fmt: skip
REQUIRED_BLANKS = ["", "", "", "", "", ""]


@pytest.fixture
def more_tea(write_csv):
    """Four more tea products: kilograms, tonnes per year, litres and no capacity."""
    rows = [
        HEADER,
        ["P-1", "Chè La Bằng", "La Bang tea", "Thái Nguyên", "food", "4", "HTX La Bằng", "cooperative", "500", "kg", "month", "3-10", "Tea"],
        ["P-2", "Chè Bảo Lộc", "Bao Loc tea", "Lâm Đồng", "food", "4", "Công ty Chè Bảo Lộc", "enterprise", "24", "t", "year", "1-12", "Tea"],
        ["P-3", "Trà sữa đóng chai", "Bottled milk tea", "Lâm Đồng", "food", "3", "Hộ Nguyễn Văn An", "household", "1200", "l", "month", "", "Tea"],
        ["P-4", "Chè Shan Tuyết", "Shan Tuyet tea", "Tuyên Quang", "food", "5", "Tổ hợp tác Khau Mút", "cooperative_group", "", "", "", "3-5", "Tea"],
    ]  # fmt: skip
    rows = [rows[0]] + [row + REQUIRED_BLANKS for row in rows[1:]]
    result = ProductImporter().run(write_csv(rows))
    assert result.ok, result.errors
    return Commodity.objects.get(slug="tea")


def expected_totals(products):
    """The pooled sum computed independently: tonnes and litres apart, per month."""
    to_month = {"month": Decimal(1), "year": Decimal(1) / 12}
    to_unit = {"kg": ("t", Decimal("0.001")), "t": ("t", Decimal(1)), "l": ("l", Decimal(1))}
    totals = {}
    for product in products:
        if product.supply_capacity is None:
            continue
        unit, factor = to_unit[product.supply_unit]
        monthly = product.supply_capacity * factor * to_month[product.supply_period]
        totals[unit] = totals.get(unit, 0) + monthly
    return totals


def test_pooled_figures_are_the_sum_of_the_products_they_pool(more_tea, en):
    products = list(ProductPage.objects.live().filter(locale=en, commodity=more_tea))
    assert len(products) == 5  # T-002 and the four above
    supply = pool(pooled_products(en, more_tea))
    assert supply.monthly() == expected_totals(products)
    # 30 t/year + 500 kg/month + 24 t/year = 2.5 + 0.5 + 2 = 5 t a month; litres apart
    assert supply.monthly()["t"] == Decimal(5)
    assert supply.monthly()["l"] == Decimal(1200)
    assert supply.producers == 5 and supply.without_capacity == 1
    assert {group.label: group.producers for group in supply.provinces} == {
        "Thai Nguyen": 2, "Lam Dong": 2, "Tuyen Quang": 1,
    }  # fmt: skip
    by_type = {group.key: group.monthly() for group in supply.producer_types}
    assert by_type["enterprise"] == {"t": Decimal(2)}
    assert by_type["household"] == {"l": Decimal(1200)}
    assert by_type["cooperative_group"] == {}


def test_province_totals_add_up_to_the_national_total(more_tea, en):
    supply = pool(pooled_products(en, more_tea))
    added = {}
    for group in supply.provinces:
        for unit, amount in group.monthly().items():
            added[unit] = added.get(unit, 0) + amount
    assert added == supply.monthly()


def test_availability_calendar_counts_producers_per_month_and_province(more_tea, en):
    calendar = {
        row["province"].label: row["cells"]
        for row in pool(pooled_products(en, more_tea)).calendar()
    }
    lam_dong = calendar["Lam Dong"]
    assert [cell["producers"] for cell in lam_dong] == [
        1
    ] * 12  # Bảo Lộc all year; milk tea has no season
    thai_nguyen = calendar["Thai Nguyen"]
    # T-002 3-11 and La Bằng 3-10
    assert [cell["producers"] for cell in thai_nguyen] == [0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 1, 0]
    assert [(t["unit"], t["amount"]) for t in thai_nguyen[2]["totals"]] == [("t", Decimal(3))]
    assert thai_nguyen[0]["level"] == 0 and thai_nguyen[2]["level"] == 3


def test_commodity_page_tells_the_buyer_how_much_and_when(client, more_tea):
    response = client.get("/en/supply/tea/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Vietnam can supply about 5 tonnes + 1,200 litres a month of tea "
        "from 5 producers in 3 provinces." in html
    )
    assert '<table class="availability">' in html
    assert "Thai Nguyen, March: 2 producers" in html  # every cell says what it shows
    assert 'href="/en/inquiry/?commodity=tea"' in html
    assert "1 product does not state its capacity" in html


def test_commodity_page_in_vietnamese_and_by_region(client, more_tea):
    html = client.get("/vi/supply/tea/").content.decode()
    assert "Việt Nam" in html and "Chè Bảo Lộc" in html
    region = RegionPage.objects.get(locale__language_code="en", key="central-highlands")
    html = client.get(f"/en/supply/tea/?region={region.key}").content.decode()
    assert "Central Highlands can supply about 2 tonnes + 1,200 litres" in html
    assert "Tan Cuong" not in html
    assert f"commodity=tea&amp;region={region.key}" in html


def test_supply_pages_refuse_unknown_commodities_and_regions(client):
    assert client.get("/en/supply/durian-moon/").status_code == 404
    assert client.get("/en/supply/tea/?region=atlantis").status_code == 404
    assert client.get("/en/supply/?region=atlantis").status_code == 404


def test_supply_index_lists_commodities(client, more_tea):
    html = client.get("/en/supply/").content.decode()
    assert 'href="/en/supply/tea/"' in html and 'href="/en/supply/dragon-fruit/"' in html


def test_region_page_shows_pooled_supply_and_calendar(client):
    region = RegionPage.objects.get(locale__language_code="en", key="central-highlands")
    html = client.get(region.url).content.decode()
    assert "What the region can supply" in html
    assert 'href="/en/supply/dragon-fruit/?region=central-highlands"' in html
    assert "Lam Dong, January: 1 producer, 300 tonnes" in html
    assert 'href="/en/inquiry/?commodity=dragon-fruit&amp;region=central-highlands"' in html


def test_one_inquiry_to_every_producer_of_a_commodity_in_a_region(client, more_tea):
    from inquiries.models import Inquiry

    response = client.post(
        "/en/inquiry/?commodity=tea&region=central-highlands",
        {
            "name": "Kenji Sato",
            "email": "kenji@sato.example",
            "commodity": more_tea.pk,
            "region": RegionPage.objects.get(
                locale__language_code="en", key="central-highlands"
            ).pk,
            "consent": "on",
        },
    )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get(email="kenji@sato.example")
    assert sorted(item.title for item in inquiry.items.all()) == ["Bao Loc tea", "Bottled milk tea"]
    assert [province.slug for province in inquiry.provinces.all()] == ["lam-dong"]


def test_supply_pages_query_count(client, more_tea, django_assert_max_num_queries):
    # First visits of the content generation: the pooled figures read as narrow rows
    # (products.supply.supply_rows), the commodity page's 24 best cards, the catalogue's
    # address and the index's table kept for the generation; the footer's about and privacy
    # links (kept for the generation too). None grows with the catalogue.
    with django_assert_max_num_queries(16):
        assert client.get("/en/supply/tea/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/en/supply/").status_code == 200


def test_pooled_products_are_live_products_of_the_language(more_tea, en, vi):
    page = ProductPage.objects.get(import_ref="P-1", locale=en)
    page.unpublish()
    titles = {product.title for product in pooled_products(en, more_tea)}
    assert "La Bang tea" not in titles and "Bao Loc tea" in titles
    assert {p.locale_id for p in pooled_products(vi, more_tea)} == {vi.pk}
    assert Locale.objects.count() == 2


def test_a_producer_counts_once_per_commodity_with_its_largest_product(more_tea, write_csv, en):
    """Two similar teas of one cooperative draw on the same gardens: its larger capacity
    counts, not their sum (the volume matcher counts it the same way)."""
    rows = [
        HEADER,
        ["P-5", "Chè La Bằng túi lọc", "La Bang tea bags", "Thái Nguyên", "food", "4",
         "HTX La Bằng", "cooperative", "300", "kg", "month", "3-10", "chè"],
    ]  # fmt: skip
    rows = [rows[0]] + [row + REQUIRED_BLANKS for row in rows[1:]]
    assert ProductImporter().run(write_csv(rows)).ok
    supply = pool(pooled_products(en, more_tea))
    # As before (5 t): HTX La Bằng's 500 kg a month, not 500 + 300 kg.
    assert supply.monthly()["t"] == Decimal(5)
    assert supply.producers == 5
    thai_nguyen = next(group for group in supply.provinces if group.label == "Thai Nguyen")
    assert thai_nguyen.monthly() == {"t": Decimal(3)}  # 30 t a year + 500 kg a month
