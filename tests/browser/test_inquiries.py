"""From interest to deal in a real browser: a buyer shortlists three products from two
provinces (from the catalogue, a fair's exhibitors and a product page), sends one inquiry,
and each province's editor sees their part of it, and only that."""

import re

import pytest
from playwright.sync_api import expect

from inquiries.models import Inquiry
from products.models import ProductPage
from tests.browser.helpers import editor, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_buyer_shortlists_three_products_sends_one_inquiry_and_each_province_sees_its_part(
    hub, live_server, page, browser, screenshot
):
    editor("bientap.thainguyen", "thai-nguyen")
    editor("bientap.lamdong", "lam-dong")
    elsewhere = Inquiry.objects.create(
        kind="product", language="en", name="Silk", email="s@x.example"
    )
    elsewhere.attach([ProductPage.objects.get(import_ref="T-005", locale__language_code="en")])

    # From the catalogue (Thái Nguyên, formerly Bắc Kạn)
    page.goto(f"{live_server.url}/en/products/?q=squash", wait_until="domcontentloaded")
    card = page.locator(".product-card", has_text="Ba Be fragrant green squash")
    card.get_by_role("button", name=re.compile("Add to shortlist")).click()
    expect(page.locator(".message")).to_contain_text("is on your shortlist")

    # From a fair's exhibitors (Thái Nguyên)
    page.goto(f"{live_server.url}/en/events/", wait_until="domcontentloaded")
    page.get_by_role("link", name="Tea and Specialities Fair 2099").first.click()
    page.locator("#booth-b12").get_by_role("button", name=re.compile("Add to shortlist")).click()
    expect(page.locator("#booth-b12")).to_contain_text("On your shortlist")

    # From a product page (Lâm Đồng, formerly Bình Thuận)
    dragon_fruit = ProductPage.objects.get(import_ref="T-003", locale__language_code="en")
    page.goto(f"{live_server.url}{dragon_fruit.url}", wait_until="domcontentloaded")
    page.locator(".product-actions").get_by_role(
        "button", name=re.compile("Add to shortlist")
    ).click()
    expect(page.locator(".shortlist-count [aria-hidden]")).to_have_text("3")

    page.locator(".shortlist-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your shortlist")
    expect(page.locator(".card-grid .product-card")).to_have_count(3)
    screenshot("shortlist")

    page.get_by_role("link", name="Send one inquiry about the shortlist").click()
    expect(page.locator(".inquiry-about")).to_contain_text("3 products")
    page.get_by_label("Name").fill("Anna de Vries")
    page.get_by_label("Company").fill("Groen Import B.V.")
    page.get_by_label("E-mail").fill("anna@groen.example")
    page.get_by_label("Buyer's country").select_option("NL")
    # Each product its own quantity (issue 20).
    page.get_by_label("Quantity of Tan Cuong green tea").fill("2")
    page.get_by_label("Unit for Tan Cuong green tea").select_option("t")
    page.get_by_label("Message").fill("Please quote CIF Rotterdam for a trial order.")
    page.get_by_label(re.compile("I agree")).check()
    screenshot("form")
    page.get_by_role("button", name="Send the inquiry").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Your inquiry is with")
    inquiry = Inquiry.objects.get(email="anna@groen.example")
    expect(page.locator(".reference")).to_contain_text(inquiry.reference)
    # The shortlist stays, to print it, until the buyer clears it (issue 20).
    expect(page.locator(".shortlist-count [aria-hidden]")).to_have_text("3")
    expect(page.get_by_role("link", name="Print the shortlist")).to_be_visible()
    screenshot("sent")
    assert {p.slug for p in inquiry.provinces.all()} == {"thai-nguyen", "lam-dong"}

    seen = {
        "bientap.thainguyen": (["Ba Be fragrant green squash", "Tan Cuong green tea"], ["Binh Thuan red dragon fruit"]),
        "bientap.lamdong": (["Binh Thuan red dragon fruit"], ["Ba Be fragrant green squash", "Tan Cuong green tea"]),
    }  # fmt: skip
    for username, (mine, theirs) in seen.items():
        admin = log_in(browser, live_server, username)
        admin.goto(f"{live_server.url}/admin/inquiries/")
        listing = admin.locator("table.listing")
        expect(listing).to_contain_text(inquiry.reference)
        expect(listing).not_to_contain_text(elsewhere.reference)
        listing.get_by_role("link", name=inquiry.reference).click()
        summary = admin.locator(".inquiry-summary")
        expect(summary).to_contain_text("Groen Import B.V.")
        for title in mine:
            expect(summary).to_contain_text(title)
        for title in theirs:
            expect(summary).not_to_contain_text(title)
        admin.screenshot(path=f"test-results/inquiry-admin-{username}.png", full_page=True)
        admin.context.close()
