"""The shortlist as an importer uses it (issue 20, item 4): three products compared side by
side, one inquiry with a quantity per product (one of them in 40 ft reefer containers),
the shortlist still there after sending, printed, then cleared; and the comparison read on
a 390 px phone in Vietnamese, its row names in view while the products scroll sideways.

With HUB_DOC_SCREENSHOTS=1 the tests also write docs/shortlist-compare.png (1366 px,
English) and docs/shortlist-compare-phone-vi.png (390 px, Vietnamese)."""

import os
import re
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect

from inquiries.models import Inquiry
from products.models import ProductPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
DOCS = Path(__file__).resolve().parents[2] / "docs"
REFS = ["T-001", "T-002", "T-003"]  # squash and tea (Thái Nguyên), dragon fruit (Lâm Đồng)


def document(page, name, full_page=True):
    Path("test-results").mkdir(exist_ok=True)
    page.screenshot(path=f"test-results/{name}.png", full_page=full_page)
    if os.environ.get("HUB_DOC_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        page.screenshot(path=DOCS / f"{name}.png", full_page=full_page)


def products(language):
    pages = ProductPage.objects.filter(import_ref__in=REFS, locale__language_code=language)
    return {page.import_ref: page for page in pages}


@pytest.fixture
def priced(hub, certificates_in_force):
    """An indicative price on the tea (illustrative: a test's figure, not a real quote)."""
    ProductPage.objects.filter(import_ref="T-002").update(
        price_min=2.5, price_max=3.2, price_currency="USD", price_unit="kg", price_incoterm="FOB"
    )


def test_buyer_compares_sends_quantities_per_product_keeps_prints_and_clears(
    priced, live_server, open_page
):
    page = open_page("en", DESKTOP)
    for product in products("en").values():
        page.goto(f"{live_server.url}{product.url}", wait_until="domcontentloaded")
        page.locator(".product-actions").get_by_role(
            "button", name=re.compile("Add to shortlist")
        ).click()
    expect(page.locator(".shortlist-count [aria-hidden]")).to_have_text("3")

    page.locator(".shortlist-link").click()
    table = page.locator(".compare-table")
    expect(table.locator('thead th[scope="col"]')).to_have_count(3)
    expect(table.get_by_role("row", name=re.compile("Indicative price"))).to_contain_text(
        "US$\u00a02.50–3.20 per kg FOB"
    )
    expect(table.get_by_role("row", name=re.compile("Season"))).to_contain_text("May–August")
    document(page, "shortlist-compare")

    page.get_by_role("link", name="Send one inquiry about the shortlist").click()
    page.get_by_label("Name").fill("Anna de Vries")
    page.get_by_label("Company").fill("Groen Import B.V.")
    page.get_by_label("E-mail").fill("anna@groen.example")
    page.get_by_label("Buyer's country").select_option("NL")
    page.get_by_label("Quantity of Ba Be fragrant green squash").fill("40")
    page.get_by_label("Unit for Ba Be fragrant green squash").select_option("t")
    page.get_by_label("How often, for Ba Be fragrant green squash").select_option("month")
    page.get_by_label("Quantity of Tan Cuong green tea").fill("-3")  # a slip
    page.get_by_label("Unit for Tan Cuong green tea").select_option("kg")
    page.get_by_label("Quantity of Binh Thuan red dragon fruit").fill("2")
    page.get_by_label("Unit for Binh Thuan red dragon fruit").select_option("c40r")
    page.get_by_label("How often, for Binh Thuan red dragon fruit").select_option("shipment")
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name="Send the inquiry").click()

    # Told which row is wrong, with everything else still filled in.
    expect(page.locator(".quantity-row.has-error")).to_have_count(1)
    expect(page.locator(".quantity-row.has-error")).to_contain_text("Enter a quantity above zero.")
    expect(page.get_by_label("Quantity of Binh Thuan red dragon fruit")).to_have_value("2")
    expect(page.get_by_label("Company")).to_have_value("Groen Import B.V.")
    assert not Inquiry.objects.exists()
    page.get_by_label("Quantity of Tan Cuong green tea").fill("500")
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name="Send the inquiry").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Your inquiry is with")
    inquiry = Inquiry.objects.get(email="anna@groen.example")
    with translation.override("en"):
        asked = {item.title: item.quantity_text for item in inquiry.items.all()}
    assert asked == {
        "Ba Be fragrant green squash": "40 tonnes per month",
        "Tan Cuong green tea": "500 kg",
        "Binh Thuan red dragon fruit": "2 × 40 ft reefer containers per shipment",
    }
    expect(page.locator("main")).to_contain_text("2 × 40 ft reefer containers per shipment")
    expect(page.locator(".shortlist-count [aria-hidden]")).to_have_text("3")  # still there

    printed = page.get_by_role("link", name="Print the shortlist").get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{printed}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    page.get_by_role("button", name="Clear the shortlist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your shortlist")
    expect(page.locator(".empty")).to_contain_text("Your shortlist is empty")
    expect(page.locator(".compare-table")).to_have_count(0)
    assert inquiry.items.count() == 3  # clearing the list leaves the inquiry as sent


def test_comparison_reads_on_a_phone_in_vietnamese(priced, live_server, open_page):
    page = open_page("vi", PHONE)
    page.goto(f"{live_server.url}/vi/", wait_until="domcontentloaded")
    for product in products("vi").values():
        added = page.request.post(
            f"{live_server.url}/vi/shortlist/add/", form={"product": str(product.pk)}
        )
        assert added.ok
    page.goto(f"{live_server.url}/vi/shortlist/", wait_until="load")
    table = page.locator(".compare-table")
    expect(table.locator('thead th[scope="col"]')).to_have_count(3)
    expect(table).to_contain_text("US$\u00a02,50–3,20 mỗi kg FOB")
    expect(table).to_contain_text("liên hệ để báo giá")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    scroller = page.locator(".compare-scroll")
    assert scroller.evaluate("element => element.scrollWidth > element.clientWidth")
    label = table.locator("tbody th").first
    before = label.bounding_box()["x"]
    scroller.evaluate("element => { element.scrollLeft = element.scrollWidth; }")
    after = label.bounding_box()["x"]
    assert abs(after - before) < 1  # the row names stay while the products scroll
    scroller.evaluate("element => { element.scrollLeft = 0; }")
    page.evaluate("document.getElementById('compare-title').scrollIntoView()")
    page.evaluate("window.scrollBy(0, -16)")
    document(page, "shortlist-compare-phone-vi", full_page=False)

    # The inquiry form on the phone: a row per product, its fields below its name.
    page.get_by_role("link", name=re.compile("Gửi một yêu cầu")).click()
    row = page.locator(".quantity-row").first
    quantity = row.locator("input").bounding_box()
    assert quantity["x"] + quantity["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path="test-results/shortlist-inquiry-phone-vi.png", full_page=True)
