"""A buyer who types like people (issue 18), in a real browser: a misspelt commodity is
read as meant and said so; a certification typed with a commodity becomes a filter chip
the buyer can remove."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def search(page, url, words, box="Search products", button="Search"):
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_role("combobox", name=box).fill(words)
    page.get_by_role("button", name=button, exact=True).click()


def test_a_misspelt_commodity_is_read_as_meant(hub, live_server, page, screenshot):
    search(page, f"{live_server.url}/en/products/", "dragon frut")
    reading = page.locator(".search-reading")
    expect(reading).to_contain_text("Showing results for dragon fruit")
    expect(reading.get_by_role("link", name="search instead for “dragon frut”")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("1 product")
    screenshot("corrected")
    page.get_by_role("link", name=re.compile("Binh Thuan red dragon fruit")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Binh Thuan red dragon fruit")


@pytest.fixture
def renewed(hub):
    """tests/data's certificates renewed (its ginseng tea's expired in 2025)."""
    from django.utils import timezone

    from products.models import ProductPage, add_months
    from showcase.page_cache import purge

    ProductPage.objects.update(ocop_certified_on=add_months(timezone.localdate(), -12))
    purge()


def test_a_certification_typed_with_a_commodity_is_a_chip_to_remove(
    renewed, live_server, page, screenshot
):
    search(page, f"{live_server.url}/vi/san-pham/", "vietgap chè", "Tìm sản phẩm", "Tìm kiếm")
    expect(page.locator(".search-reading")).to_contain_text("Đang hiển thị VietGAP · chè")
    expect(page.get_by_role("status")).to_have_text("1 sản phẩm")
    box = page.get_by_role("combobox", name="Tìm sản phẩm")
    expect(box).to_have_value("vietgap chè")  # as typed: searched again, read again
    chips = page.get_by_role("list", name="Bộ lọc đang dùng")
    chip = chips.get_by_role("link", name="Bỏ bộ lọc: VietGAP")
    expect(chip).to_be_visible()
    screenshot("understood")
    chip.click()
    expect(page.get_by_role("status")).to_have_text("2 sản phẩm")  # every tea again
    expect(page).not_to_have_url(re.compile(r"certification="))
    expect(box).to_have_value("chè")
