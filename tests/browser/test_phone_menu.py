"""On a phone (390 px) every item of the main menu is on screen (it wraps; there was a
sideways scroll where only "Fa" of "Fairs and events" showed), and so is the events page's
"Subscribe (iCalendar)". The About page and the privacy notice are reached from the footer.

With HUB_DOC_SCREENSHOTS=1 the test also writes docs/home-phone-menu-vi.png and
docs/about.png."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from showcase.navigation import main_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DOCS = Path(__file__).resolve().parents[2] / "docs"


def doc_screenshot(page, name, full_page=False):
    if os.environ.get("HUB_DOC_SCREENSHOTS") == "1":
        page.screenshot(path=DOCS / f"{name}.png", full_page=full_page)


def within_viewport(page, locator):
    """True when the element's box lies inside the viewport's width and is not clipped by
    a scrolling ancestor (what a buyer sees without scrolling sideways)."""
    return locator.evaluate(
        """element => {
            const box = element.getBoundingClientRect();
            if (box.width === 0 || box.left < 0 || box.right > window.innerWidth) return false;
            for (let parent = element.parentElement; parent; parent = parent.parentElement) {
                const clip = parent.getBoundingClientRect();
                const style = getComputedStyle(parent);
                if (style.overflowX !== "visible" && (box.left < clip.left - 1 || box.right > clip.right + 1))
                    return false;
            }
            return true;
        }"""
    )


@pytest.mark.parametrize("language", ["en", "vi"])
def test_every_main_menu_item_is_on_a_phones_screen(hub, live_server, open_page, language):
    from wagtail.models import Locale

    titles = [item.title for item in main_menu(Locale.objects.get(language_code=language))]
    assert len(titles) == 4
    page = open_page(language, PHONE)
    page.goto(f"{live_server.url}/{language}/", wait_until="load")
    menu = page.get_by_role("navigation", name="Main menu" if language == "en" else "Menu chính")
    for title in titles:
        link = menu.get_by_role("link", name=title, exact=True)
        expect(link).to_be_visible()
        assert within_viewport(page, link), f"{title} is off the screen"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if language == "vi":
        doc_screenshot(page, "home-phone-menu-vi")


def test_the_calendar_subscription_is_on_a_phones_screen(hub, live_server, open_page):
    page = open_page("en", PHONE)
    page.goto(f"{live_server.url}/en/events/", wait_until="load")
    feed = page.get_by_role("link", name="Subscribe (iCalendar)")
    expect(feed).to_be_visible()
    assert within_viewport(page, feed)
    for tab in page.locator(".view-tabs a").all():
        assert within_viewport(page, tab), tab.inner_text()


def test_a_buyer_finds_the_about_page_and_the_privacy_notice_in_the_footer(
    hub, live_server, open_page
):
    page = open_page("en", {"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/en/products/", wait_until="load")
    footer = page.locator("footer.site-footer")
    footer.get_by_role("link", name="About the hub").click()
    expect(page).to_have_url(f"{live_server.url}/en/about/")
    expect(page.get_by_role("heading", level=1)).to_have_text("About the hub")
    expect(page.get_by_role("heading", name="How listings are verified")).to_be_visible()
    doc_screenshot(page, "about", full_page=True)
    page.locator("footer.site-footer").get_by_role("link", name="Privacy notice").click()
    expect(page).to_have_url(f"{live_server.url}/en/privacy/")
    expect(page.locator(".information-facts").first).to_contain_text("365 days later")
    page.get_by_role("link", name="Write to the central team").click()
    expect(page).to_have_url(f"{live_server.url}/en/inquiry/")
