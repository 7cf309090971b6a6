"""A buyer finds a fair, takes it into their calendar, and follows an exhibitor to where
the product can be tasted, in a real browser (Debian's Chromium driven by Playwright)."""

import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_filters(page):
    filters = page.locator("details.filter-toggle")
    if filters.get_attribute("open") is None:  # folded on phones
        filters.locator("summary").click()


def test_buyer_filters_fairs_saves_one_and_finds_where_to_taste_an_exhibit(
    hub, live_server, page, screenshot, tmp_path
):
    page.goto(f"{live_server.url}/en/events/", wait_until="domcontentloaded")
    open_filters(page)
    page.get_by_label("Type").select_option("fair")
    page.get_by_label("Region").select_option(label="Northern Midlands and Mountains")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"type=fair.*region=northern-midlands-mountains"))
    events = page.locator(".event-list .event-item")
    expect(events).to_have_count(1)
    expect(events.first).to_contain_text("Tea and Specialities Fair 2099")
    screenshot("filtered")

    events.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tea and Specialities Fair 2099")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == "tea-fair-2099.ics"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    (event,) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Tea and Specialities Fair 2099"
    assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"

    booth = page.locator("#booth-b12")
    expect(booth).to_contain_text("B12")
    screenshot("event")
    booth.get_by_role("link", name="Tan Cuong green tea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tan Cuong green tea")
    where = page.locator("section.where-to-taste")
    expect(where).to_contain_text("booth B12")
    where.get_by_role("link", name="Tan Cuong OCOP showroom").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tan Cuong OCOP showroom")


@pytest.mark.parametrize(
    "tiles", ["", "http://127.0.0.1:9/{z}/{x}/{y}.png"], ids=["no-tiles", "tiles-unreachable"]
)
def test_sales_point_map_without_tiles_still_marks_and_lists_the_places(
    hub, live_server, page, screenshot, settings, tiles
):
    settings.HUB_MAP_TILES_URL = tiles
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/en/sales-points/", wait_until="load")
    expect(page.locator("#sales-map .leaflet-interactive")).to_have_count(1)  # one has coordinates
    expect(page.locator("[data-map-offline]")).to_be_visible()
    expect(page.get_by_role("link", name="Noi Bai airport OCOP counter")).to_be_visible()
    page.locator("#sales-map .leaflet-interactive").click()
    expect(page.locator(".leaflet-popup")).to_contain_text("Tan Cuong OCOP showroom")
    screenshot("map")
    assert errors == []
