"""A buyer in a real browser (Debian's Chromium driven by Playwright)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_buyer_switches_to_vietnamese_and_reaches_a_product(hub, live_server, page, screenshot):
    page.goto(f"{live_server.url}/", wait_until="domcontentloaded")
    expect(page).to_have_url(re.compile(r"/en/$"))  # an English browser lands in English
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Source Vietnam")
    screenshot("home-en")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Tiếng Việt").click()
    expect(page).to_have_url(re.compile(r"/vi/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("link", name="Sản phẩm OCOP").first).to_be_visible()

    page.locator(".product-card a").first.click()
    expect(page).to_have_url(re.compile(r"/vi/vung-mien/.+/.+/.+/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Chè Tân Cương")
    expect(page.locator(".ocop-badge")).to_contain_text("OCOP")
    screenshot("product-vi")

    # …and back to the same product in English.
    page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tan Cuong green tea")
