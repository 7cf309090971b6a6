"""Volume matching in a real browser (issue 20's journey): a buyer asks for 300 t a month of
dragon fruit with GlobalG.A.P. for May–July, sees the producers of three provinces who cover
it and the coverage, sends one inquiry, and each province's editor sees their producer's
share of it in the admin, and not the others'.

With HUB_DOC_SCREENSHOTS=1 the tests also write docs/sourcing.png (1366 px, English) and
docs/sourcing-phone-vi.png (390 px, Vietnamese)."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from inquiries.models import Inquiry
from products.importing import ProductImporter
from products.models import ProductPage
from tests.browser.helpers import editor, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs"
HEADER = [
    "ref", "name_vi", "name_en", "province", "category", "stars", "producer", "producer_type",
    "capacity", "capacity_unit", "capacity_period", "harvest_months", "commodity",
    "certifications", "export_markets", "description_vi", "description_en",
    "ocop_certificate_no", "ocop_certified_on",
]  # fmt: skip
# With tests/data's T-003 (Lâm Đồng) set to 150 t a month: 150 + 100 + 50 of 100 = 300.
ROWS = [
    ["S-1", "Thanh long Châu Thành", "Chau Thanh dragon fruit", "Tây Ninh", "food", "4",
     "HTX Thanh long Châu Thành", "cooperative", "100", "t", "month", "1-12", "Dragon fruit",
     "globalgap;vietgap", "NL;AU"],
    ["S-2", "Thanh long Mỹ Tịnh An", "My Tinh An dragon fruit", "Đồng Tháp", "food", "5",
     "HTX Thanh long Mỹ Tịnh An", "cooperative", "1200", "t", "year", "4-9", "Thanh long",
     "globalgap", "JP"],
]  # fmt: skip
SHARES = {  # province slug: (its producer, its share)
    "lam-dong": ("HTX Thanh long Hàm Thuận Nam", "150"),
    "tay-ninh": ("HTX Thanh long Châu Thành", "100"),
    "dong-thap": ("HTX Thanh long Mỹ Tịnh An", "50"),
}


@pytest.fixture
def dragon_fruit(hub, write_csv, certificates_in_force):
    rows = [HEADER] + [row + ["", "", "", ""] for row in ROWS]
    result = ProductImporter().run(write_csv(rows))
    assert result.ok, result.errors
    ProductPage.objects.filter(import_ref="T-003").update(supply_capacity=150)


def document(page, name):
    """A screenshot into test-results/; with HUB_DOC_SCREENSHOTS=1, also docs/<name>.png."""
    Path("test-results").mkdir(exist_ok=True)
    page.screenshot(path=f"test-results/sourcing-{name}.png", full_page=True)
    if os.environ.get("HUB_DOC_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        page.screenshot(path=DOCS / f"{name}.png", full_page=True)


def test_buyer_sources_300_tonnes_sends_one_inquiry_and_each_province_sees_its_share(
    dragon_fruit, live_server, open_page, browser
):
    for slug in SHARES:
        editor(f"bientap.{slug}", slug)
    page = open_page("en", {"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/en/supply/dragon-fruit/", wait_until="domcontentloaded")
    page.get_by_role("link", name="Ask these producers for a volume").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Source a volume from several producers"
    )
    expect(page.get_by_label("Commodity")).to_have_value("dragon-fruit")
    page.get_by_label("Quantity").fill("300")
    page.get_by_label("Unit").select_option("t")
    page.get_by_label("How often").select_option("month")
    for month in ("May", "June", "July"):
        page.get_by_label(month, exact=True).check()
    page.get_by_label("GlobalG.A.P.").check()
    page.get_by_label("Destination country").select_option("NL")
    page.get_by_role("button", name="Find producers").click()

    expect(page).to_have_url(re.compile(r"/en/sourcing/\?.*quantity=300"))
    expect(page.locator(".supply-headline")).to_have_text(
        "Covers 300 of 300 tonnes a month in May–July, from 3 producers."
    )
    rows = page.locator(".sourcing-producers tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Lam Dong")
    expect(rows.nth(0)).to_contain_text("150")
    expect(page.locator(".coverage")).to_have_attribute("value", "100")
    document(page, "sourcing")

    page.get_by_label("Name").fill("Anna de Vries")
    page.get_by_label("Company").fill("Groen Import B.V.")
    page.get_by_label("E-mail").fill("anna@groen.example")
    page.get_by_label("Message").fill("Weekly reefer containers to Rotterdam, May to July.")
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name="Send the inquiry").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your inquiry is with")

    inquiry = Inquiry.objects.get(email="anna@groen.example")
    assert inquiry.kind == Inquiry.Kind.MATCH and inquiry.items.count() == 3
    assert {p.slug for p in inquiry.provinces.all()} == set(SHARES)
    for slug, (producer, share) in SHARES.items():
        admin = log_in(browser, live_server, f"bientap.{slug}")
        admin.goto(f"{live_server.url}/admin/inquiries/")
        admin.locator("table.listing").get_by_role("link", name=inquiry.reference).click()
        summary = admin.locator(".inquiry-summary")
        expect(summary).to_contain_text("Groen Import B.V.")
        items = summary.locator(".inquiry-items")
        expect(items).to_contain_text(producer)
        expect(items).to_contain_text(re.compile(rf"\b{share}\b"))
        for other, (their_producer, _share) in SHARES.items():
            if other != slug:
                expect(items).not_to_contain_text(their_producer)
        admin.screenshot(path=f"test-results/sourcing-admin-{slug}.png", full_page=True)
        admin.context.close()


def test_phone_in_vietnamese_shows_the_match_and_the_hint(dragon_fruit, live_server, open_page):
    page = open_page("vi", {"width": 390, "height": 844})
    query = (
        "commodity=thanh-long&quantity=400&unit=t&month=5&month=6&month=7&certification=globalgap"
    )
    page.goto(f"{live_server.url}/vi/sourcing/?{query.replace('thanh-long', 'dragon-fruit')}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tìm đủ sản lượng từ nhiều chủ thể sản xuất"
    )
    expect(page.locator(".supply-headline")).to_contain_text(
        "Đáp ứng 350 / 400 tấn mỗi tháng trong tháng 5–7"
    )
    expect(page.locator(".sourcing-producers tbody tr")).to_have_count(3)
    # Nothing wider than the phone but the table, which scrolls in its own box.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    document(page, "sourcing-phone-vi")
