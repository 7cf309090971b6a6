"""Whole journeys in a real browser (Debian's Chromium driven by Playwright), at phone and
desktop sizes, with a screenshot of each step in test-results/.

A buyer, in English and in Vietnamese, goes from the home page to a region, narrows the
catalogue, shortlists a product, sends an inquiry about the shortlist and takes a fair into
their calendar. A province's editor changes a product, a central reviewer approves it, and
an anonymous visitor who read the page before (so the page cache holds it) sees the change."""

import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from editorial.review import REVIEW_WORKFLOW
from events.models import EventPage
from inquiries.models import Inquiry
from products.models import ProductPage
from tests.browser.helpers import editor, fill_login, log_in, log_out, reviewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What each buyer reads and types, in their language. The Vietnamese is written out, not
# looked up with gettext, so that a missing translation fails the journey.
LANGUAGES = {"en": ("Language", "English"), "vi": ("Ngôn ngữ", "Tiếng Việt")}  # switcher
BUYERS = {
    "en": {
        "home": "Source Vietnam’s certified local products",
        "region": "Northern Midlands and Mountains",
        "province": "Thai Nguyen",
        "catalogue": "OCOP products",
        "search": "Search products",
        "search_button": "Search",
        "query": "tea",  # Tan Cuong green tea (Thái Nguyên) and Ngoc Linh ginseng tea
        "found": "2 products",
        "facet": "Province or city",  # folded until opened
        "option": "Thai Nguyen",
        "narrowed": "1 product",
        "chips": "Active filters",
        "chip": "Remove filter: Thai Nguyen",
        "kept": "tea",  # the words, kept as the search box's
        "understood": None,
        "product": "Tan Cuong green tea",
        "ref": "T-002",
        "address": r"/en/regions/[\w-]+/[\w-]+/[\w-]+/$",
        "translated": "Chè Tân Cương",
        "add": "Add to shortlist",
        "added": "is on your shortlist",
        "shortlist": "Your shortlist",
        "ask": "Send one inquiry about the shortlist",
        "ask_heading": "Ask about your shortlist",
        "fields": ["Name", "Company", "E-mail", "Buyer's country", "Message"],
        # Each shortlisted product's own quantity and unit (issue 20).
        "quantity_of": "Quantity of {}",
        "unit_for": "Unit for {}",
        "consent": "I agree",
        "send": "Send the inquiry",
        "sent": "Your inquiry is with the provinces' trade teams",
        "events": "Fairs and events",
        "event": "Tea and Specialities Fair 2099",
        "ics": "Add to calendar (.ics)",
    },
    "vi": {
        "home": "Tìm nguồn cung sản phẩm địa phương",
        "region": "Trung du và miền núi phía Bắc",
        "province": "Thái Nguyên",
        "catalogue": "Sản phẩm OCOP",
        "search": "Tìm sản phẩm",
        "search_button": "Tìm kiếm",
        "query": "Bắc Kạn",  # a former province, now part of Thái Nguyên: three products
        "found": "3 sản phẩm",
        "facet": "Nhóm sản phẩm",  # open from the start
        "option": "Thực phẩm",
        "narrowed": "1 sản phẩm",
        "chips": "Bộ lọc đang dùng",
        "chip": "Bỏ bộ lọc: Thực phẩm",
        # The place was read as the province's filter (search/understanding.py): a chip
        # keeps it, no words are left to search.
        "kept": "",
        "understood": "Bỏ bộ lọc: Thái Nguyên",
        "product": "Bí xanh thơm Ba Bể",
        "ref": "T-001",
        "address": r"/vi/vung-mien/[\w-]+/[\w-]+/[\w-]+/$",
        "translated": "Ba Be fragrant green squash",
        "add": "Thêm vào danh sách quan tâm",
        "added": "danh sách quan tâm",
        "shortlist": "Danh sách quan tâm của bạn",
        "ask": "Gửi một yêu cầu cho cả danh sách",
        "ask_heading": "Hỏi mua các sản phẩm trong danh sách quan tâm",
        "fields": ["Tên", "Công ty", "Email", "Quốc gia của người mua", "Nội dung"],
        "quantity_of": "Số lượng {}",
        "unit_for": "Đơn vị tính của {}",
        "consent": "Tôi đồng ý",
        "send": "Gửi yêu cầu",
        "sent": "Yêu cầu của bạn đã được chuyển đến bộ phận xúc tiến thương mại của các tỉnh",
        "events": "Hội chợ và sự kiện",
        "event": "Hội chợ Trà và Đặc sản 2099",
        "ics": "Thêm vào lịch (.ics)",
    },
}


def heading(page):
    return page.get_by_role("heading", level=1)


def switch_language(page, to):
    """Through the language switcher, labelled in the page's language."""
    label = LANGUAGES[page.locator("html").get_attribute("lang")][0]
    switcher = page.get_by_role("navigation", name=label)
    switcher.get_by_role("link", name=LANGUAGES[to][1]).click()
    expect(page.locator("html")).to_have_attribute("lang", to)


def open_facet(page, name):
    page.wait_for_load_state("domcontentloaded")  # the deferred scripts have run
    filters = page.locator("details.facets-toggle")
    if filters.get_attribute("open") is None:  # folded on phones
        filters.locator("summary").first.click()
    facet = page.locator("details.facet").filter(has=page.locator("summary", has_text=name))
    if facet.get_attribute("open") is None:
        facet.locator("summary").click()
    return facet


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_buyer_goes_from_home_to_an_inquiry_and_a_fair_in_their_language(
    hub, certificates_in_force, live_server, page, screenshot, tmp_path, lang
):
    # Long: one buyer's journey, step by step in one browser session, as a buyer takes it.
    text = BUYERS[lang]
    page.goto(f"{live_server.url}/", wait_until="domcontentloaded")
    expect(page).to_have_url(re.compile(r"/en/$"))  # the browser asks for English
    expect(page.locator("html")).to_have_attribute("lang", "en")
    if lang != "en":
        switch_language(page, lang)
        expect(page).to_have_url(re.compile(rf"/{lang}/$"))
    expect(heading(page)).to_contain_text(text["home"])
    screenshot("1-home")

    # A region, from the home page's tiles.
    page.get_by_role("link", name=re.compile(text["region"])).first.click()
    expect(heading(page)).to_have_text(text["region"])
    expect(page.locator(".province-grid")).to_contain_text(text["province"])
    screenshot("2-region")

    # The catalogue, from the main menu: a few words, then a facet.
    page.get_by_role("navigation").get_by_role("link", name=text["catalogue"]).click()
    expect(heading(page)).to_have_text(text["catalogue"])
    page.get_by_role("combobox", name=text["search"]).fill(text["query"])
    page.get_by_role("button", name=text["search_button"], exact=True).click()
    count = page.get_by_role("status")
    expect(count).to_have_text(text["found"])
    facet = open_facet(page, text["facet"])
    # click(), not check(): ticking submits by itself, and the result is checked below.
    facet.get_by_role("checkbox", name=re.compile("^" + text["option"])).click()
    expect(count).to_have_text(text["narrowed"])
    chips = page.get_by_role("list", name=text["chips"])
    expect(chips.get_by_role("link", name=text["chip"])).to_be_visible()
    expect(page.get_by_role("combobox", name=text["search"])).to_have_value(text["kept"])
    if text["understood"]:
        expect(chips.get_by_role("link", name=text["understood"])).to_be_visible()
    screenshot("3-catalogue")

    # The product: a glance at it in the other language, then onto the shortlist.
    page.locator(".product-card").get_by_role("link", name=re.compile(text["product"])).click()
    expect(heading(page)).to_have_text(text["product"])
    expect(page).to_have_url(re.compile(text["address"]))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(".ocop-badge")).to_contain_text("OCOP")
    switch_language(page, "vi" if lang == "en" else "en")
    expect(heading(page)).to_have_text(text["translated"])  # the same product
    switch_language(page, lang)
    expect(heading(page)).to_have_text(text["product"])
    page.locator(".product-actions").get_by_role("button", name=re.compile(text["add"])).click()
    expect(page.locator(".message")).to_contain_text(text["added"])
    expect(page.locator(".shortlist-count [aria-hidden]")).to_have_text("1")
    screenshot("4-product")

    page.locator(".shortlist-link").click()
    expect(heading(page)).to_have_text(text["shortlist"])
    expect(page.locator(".card-grid .product-card")).to_have_count(1)
    expect(page.locator(".card-grid")).to_contain_text(text["product"])
    screenshot("5-shortlist")

    # One inquiry about the shortlist.
    page.get_by_role("link", name=text["ask"]).click()
    expect(heading(page)).to_have_text(text["ask_heading"])
    expect(page.locator(".inquiry-about")).to_contain_text(text["product"])
    name, company, email, country, message = (
        page.get_by_label(re.compile(rf"^{label}( \*)?$")) for label in text["fields"]
    )  # a required field's label ends with a star
    quantity = page.get_by_label(text["quantity_of"].format(text["product"]))
    unit = page.get_by_label(text["unit_for"].format(text["product"]))
    name.fill("Anna de Vries")
    company.fill("Groen Import B.V.")
    email.fill(f"anna-{lang}@groen.example")
    country.select_option("NL")
    quantity.fill("500")
    unit.select_option("kg")
    message.fill("Please quote CIF Rotterdam for a trial order.")
    page.get_by_label(re.compile("^" + text["consent"])).check()
    screenshot("6-inquiry")
    page.get_by_role("button", name=text["send"]).click()

    expect(heading(page)).to_have_text(text["sent"])
    expect(page.locator("html")).to_have_attribute("lang", lang)
    inquiry = Inquiry.objects.get(email=f"anna-{lang}@groen.example")
    expect(page.locator(".reference")).to_contain_text(inquiry.reference)
    expect(page.locator(".confirmation")).to_contain_text(text["product"])
    screenshot("7-sent")
    assert inquiry.language == lang
    assert (inquiry.name, inquiry.company, inquiry.country.code) == (
        "Anna de Vries",
        "Groen Import B.V.",
        "NL",
    )
    product = ProductPage.objects.get(import_ref=text["ref"], locale__language_code=lang)
    assert [
        (item.product_id, item.title, item.quantity, item.quantity_unit)
        for item in inquiry.items.all()
    ] == [(product.pk, text["product"], 500, "kg")]

    # The fairs, from the main menu, and one into the calendar.
    page.get_by_role("navigation").get_by_role("link", name=text["events"]).click()
    expect(heading(page)).to_have_text(text["events"])
    expect(page.locator("html")).to_have_attribute("lang", lang)
    screenshot("8-events")
    page.locator(".event-list").get_by_role("link", name=text["event"]).first.click()
    expect(heading(page)).to_have_text(text["event"])
    screenshot("9-event")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=text["ics"]).click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    (vevent,) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    fair = EventPage.objects.get(title=text["event"])
    assert str(vevent["SUMMARY"]) == text["event"]
    assert (vevent["DTSTART"].dt, vevent["DTEND"].dt) == (fair.start, fair.end)


def visit(page, url):
    """An anonymous visit; what the page cache said of it (None when there is no cache)."""
    response = page.goto(url, wait_until="domcontentloaded")
    assert response.status == 200
    return response.headers.get("x-page-cache")


def test_editor_changes_a_product_a_reviewer_approves_and_visitors_see_it(
    hub, live_server, browser, page, screenshot
):
    editor("bientap.thainguyen", "thai-nguyen")
    reviewer("kiemduyet")
    tea = ProductPage.objects.get(import_ref="T-002", locale__language_code="vi")
    public_url = live_server.url + tea.url
    new_title = "Chè Tân Cương thượng hạng"

    # A visitor reads the page before the change, three times: a page cache, when it
    # keeps the page, serves the later visits from memory.
    cache = [visit(page, public_url) for _visit in range(3)]
    expect(heading(page)).to_have_text("Chè Tân Cương")
    screenshot("1-before")

    # Thái Nguyên's editor opens the product from the site, through Wagtail's user bar…
    admin = log_in(browser, live_server, "bientap.thainguyen", viewport=page.viewport_size)
    admin.goto(public_url)
    userbar = admin.locator("wagtail-userbar")  # never in a cached page
    userbar.get_by_role("button").first.click()
    # "Sửa trang này" (Edit this page).
    userbar.get_by_role("menuitem").and_(
        userbar.locator(f"[href$='/pages/{tea.pk}/edit/']")
    ).click()
    expect(admin).to_have_url(re.compile(rf"/admin/pages/{tea.pk}/edit/"))
    expect(admin.locator("html")).to_have_attribute("lang", "vi")
    # …renames it and, not allowed to publish, submits it to the central review.
    admin.locator("#id_title").fill(new_title)
    expect(admin.locator("[name=action-publish]")).to_have_count(0)
    admin.locator("footer [data-w-dropdown-target=toggle]").first.click()
    admin.get_by_role("button", name=f"Gửi duyệt: {REVIEW_WORKFLOW}").click()
    expect(admin.locator(".messages")).to_contain_text(new_title)
    screenshot("2-submitted", of=admin)
    tea.refresh_from_db()
    assert tea.workflow_in_progress and tea.title == "Chè Tân Cương"
    log_out(admin)

    # Until it is approved, visitors read the published page.
    cache.append(visit(page, public_url))
    expect(heading(page)).to_have_text("Chè Tân Cương")

    # A central reviewer, at the same desk, finds it on the dashboard and approves it.
    fill_login(admin, "kiemduyet")
    awaiting = admin.locator("#awaiting-review-section")
    awaiting.get_by_role("link", name=new_title).click()
    expect(admin).to_have_url(re.compile(rf"/admin/pages/{tea.pk}/edit/"))
    admin.locator("footer [data-w-dropdown-target=toggle]").first.click()
    # "Approve" (the other one asks for a comment first).
    admin.locator(
        "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    ).click()
    expect(admin.locator(".messages")).to_contain_text(new_title)
    screenshot("3-approved", of=admin)
    admin.context.close()
    tea.refresh_from_db()
    assert tea.live and tea.title == new_title and not tea.has_unpublished_changes

    # The visitor who read the old page reads the new one, cache or not.
    cache.append(visit(page, public_url))
    expect(heading(page)).to_have_text(new_title)
    expect(page).to_have_title(re.compile(new_title))
    screenshot("4-after")
    # Where the anonymous page cache served the old page, the approval purged it.
    if "hit" in cache:
        assert cache[-1] == "miss", cache
