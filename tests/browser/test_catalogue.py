"""A buyer narrows the catalogue in a real browser."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_buyer_searches_ticks_facets_removes_a_chip_and_opens_a_product(
    hub, live_server, page, screenshot
):
    page.goto(f"{live_server.url}/en/products/", wait_until="domcontentloaded")
    page.get_by_role("combobox", name="Search products").fill("Bac Kan")  # no diacritics
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("3 products")

    filters = page.locator("details.facets-toggle")
    if filters.get_attribute("open") is None:  # collapsed on phones
        filters.locator("summary").first.click()
    # click(), not check(): ticking submits the form, and check() then waits for the old
    # page's box to read as ticked, which a slow machine's navigation can outrun.
    page.get_by_role("checkbox", name=re.compile("^Food")).click()  # submits by itself
    expect(page.get_by_role("status")).to_have_text("1 product")
    filters = page.locator("details.facets-toggle")
    if filters.get_attribute("open") is None:
        filters.locator("summary").first.click()
    page.get_by_role("checkbox", name=re.compile("^3 stars")).click()
    expect(page).to_have_url(re.compile(r"stars=3"))
    chips = page.get_by_role("list", name="Active filters")
    expect(chips.get_by_role("link", name="Remove filter: Food")).to_be_visible()
    screenshot("two-facets")

    chips.get_by_role("link", name="Remove filter: Food").click()
    expect(page.get_by_role("status")).to_have_text("2 products")
    expect(page).not_to_have_url(re.compile(r"category=food"))

    page.get_by_role("link", name=re.compile("Ba Be fragrant green squash")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ba Be fragrant green squash")


def test_search_box_suggests_products_as_the_buyer_types(hub, live_server, page):
    page.goto(f"{live_server.url}/en/products/", wait_until="domcontentloaded")
    page.get_by_role("combobox", name="Search products").press_sequentially("tan cu", delay=50)
    options = page.locator("#product-suggestions option")
    expect(options.first).to_have_attribute("value", "Tan Cuong green tea")
