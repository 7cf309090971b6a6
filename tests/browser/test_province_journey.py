"""Issue 19's journey, in a real browser and in Vietnamese: Thái Nguyên's editor adds a
producer, adds a product by hand with a photo, translates it into English in the translation
editor and submits both; the central reviewer compares the two languages, approves the
product and the producer, and both public pages are live at slugs spelt from their titles.

With HUB_DOC_SCREENSHOTS=1 the test also refreshes the admin's pictures in docs/."""

import os
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from wagtail.models import Locale

from products.models import Producer, ProductPage
from regions.models import ProvincePage
from tests.browser.conftest import ARTEFACTS
from tests.browser.helpers import editor, log_in, reviewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1366, "height": 900}
DOCS = Path(__file__).resolve().parents[2] / "docs"
PRODUCER, PRODUCER_EN = "HTX Chè Hảo Đạt", "Hao Dat Tea Cooperative"
TITLE, TITLE_EN = "Chè móc câu Hảo Đạt", "Hao Dat hook tea"
DESCRIPTION = "Chè búp non hái tay ở Tân Cương, sao bằng chảo gang."
DESCRIPTION_EN = "Young buds picked by hand in Tan Cuong, fired in cast-iron pans."


def scroll_to(page, selector):
    """Scroll the first element matching `selector` to the top of the window."""
    page.locator(selector).first.evaluate("element => element.scrollIntoView({block: 'start'})")


def shot(page, name, doc=None):
    """A screenshot into test-results/; with HUB_DOC_SCREENSHOTS=1, also docs/<doc>.png."""
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / f"province-journey-{name}.png", full_page=True)
    if doc and os.environ.get("HUB_DOC_SCREENSHOTS") == "1":
        page.screenshot(path=DOCS / f"{doc}.png")


def tea_photo(path):
    """A small JPEG: a green field under a pale sky, enough to look like a photo."""
    picture = Image.new("RGB", (800, 600), (205, 225, 235))
    draw = ImageDraw.Draw(picture)
    for row in range(12):
        top = 240 + row * 30
        draw.rectangle([0, top, 800, top + 26], fill=(40 + row * 6, 110 + row * 5, 50))
    picture.save(path, "JPEG", quality=85)
    return path


def footer_action(admin, name):
    """A button of the editor's footer, from its "More actions" menu."""
    admin.locator("footer").get_by_role("button", name="Thao tác khác").click()
    admin.locator("footer").get_by_role("button", name=name, exact=True).click()


def field(admin, label, role="textbox"):
    """The form's field labelled `label` (a required one's label ends with "*")."""
    return admin.get_by_role(role, name=re.compile(rf"^{re.escape(label)}\*?$"))


def add_producer(admin, base):
    admin.goto(f"{base}/admin/")
    admin.get_by_role("button", name="Danh mục OCOP").click()
    admin.get_by_role("link", name="Chủ thể sản xuất", exact=True).click()
    admin.get_by_role("link", name="Thêm chủ thể sản xuất").click()
    field(admin, "Tên đăng ký").fill(PRODUCER)
    field(admin, "Tên giao dịch tiếng Anh").fill(PRODUCER_EN)
    field(admin, "Loại hình", "combobox").select_option(label="hợp tác xã")
    field(admin, "Tỉnh", "combobox").select_option(label="Thái Nguyên")
    field(admin, "Điện thoại").fill("+84 208 385 1234")
    footer_action(admin, re.compile("^Gửi duyệt"))
    expect(admin.locator(".messages")).to_contain_text(PRODUCER)
    shot(admin, "1-producer-submitted")


def modal_choose(admin, opener, name, search=None):
    """Open a chooser with `opener`, search it for `search` if given, and choose `name`."""
    opener.click()
    modal = admin.locator(".modal-content:visible")
    expect(modal).to_be_visible()
    if search:
        modal.get_by_role("textbox").first.fill(search)
    modal.get_by_role("link", name=name, exact=True).click()
    expect(modal).to_have_count(0)


def upload_photo(admin, photo):
    """Add a photo to the gallery, uploading it through the image chooser."""
    admin.get_by_role("button", name="Thêm ảnh").click()
    gallery = admin.locator("#id_gallery_images-FORMS")
    gallery.get_by_role("button", name="Chọn ảnh").click()
    modal = admin.locator(".modal-content:visible")
    expect(modal).to_be_visible()
    modal.get_by_role("tab", name="Tải lên").click()
    modal.locator("input[type=file]").set_input_files(str(photo))
    field(modal, "Tiêu đề").fill("Đồi chè Tân Cương")
    modal.get_by_role("button", name="Tải lên").click()
    expect(modal).to_have_count(0)
    expect(gallery.locator("img")).to_be_visible()


def explore_to(admin, province):
    """Walk the sidebar's page explorer down to the province's pages."""
    admin.get_by_role("button", name="Trang", exact=True).click()
    for ancestor in province.get_ancestors()[1:]:  # below the tree's root
        admin.get_by_role("link", name=f"Xem các trang con của '{ancestor.title}'").click()
    admin.get_by_role("link", name=province.title, exact=True).click()
    expect(admin.locator("h1")).to_contain_text(province.title)


def add_product(admin, province, photo):
    explore_to(admin, province)
    admin.get_by_role("link", name="Thêm trang con").click()
    admin.get_by_role("link", name="Sản phẩm OCOP", exact=True).click()
    field(admin, "Tiêu đề").fill(TITLE)
    field(admin, "Xếp hạng OCOP", "combobox").select_option(label="4 sao")
    field(admin, "Số giấy chứng nhận OCOP").fill("512/QĐ-UBND")
    field(admin, "Ngày chứng nhận OCOP").fill("2025-05-16")
    field(admin, "Ngày chứng nhận OCOP").press("Tab")  # and the date picker closes
    choose = admin.get_by_role("button", name=re.compile("^Chọn"))
    modal_choose(admin, choose.filter(has_text="Nhóm sản phẩm OCOP"), "Đồ uống")
    modal_choose(admin, choose.filter(has_text="mặt hàng"), "Chè", search="chè")
    modal_choose(admin, choose.filter(has_text="chủ thể sản xuất"), PRODUCER, search="hao dat")
    admin.locator("[data-contentpath=description] [role=textbox]").click()
    admin.keyboard.type(DESCRIPTION)  # Draftail follows key presses, not a filled value
    for month in ("Tháng 4", "Tháng 5", "Tháng 6"):
        admin.get_by_label(month, exact=True).check()
    upload_photo(admin, photo)
    shot(admin, "2-product-form")
    admin.locator("footer").get_by_role("button", name="Lưu bản nháp").click()
    # The next step, once: not again for each of Wagtail's autosaves while the form was filled.
    expect(admin.locator(".messages").get_by_text("Dịch sang tiếng Anh")).to_have_count(1)
    shot(admin, "3-next-step")


def translate(admin):
    """From the next step to the translation editor, where the title and description get
    their English."""
    admin.locator(".messages").get_by_role("link", name="Dịch sang tiếng Anh").click()
    expect(admin.locator("input[name=locales]:checked")).to_have_count(1)  # English, ticked
    admin.get_by_role("button", name="Gửi").click()
    expect(admin.get_by_text("Bản dịch từ Tiếng Việt sang English").first).to_be_visible()
    translate_segment(admin, "Tiêu đề", TITLE_EN)
    translate_segment(admin, "Mô tả", DESCRIPTION_EN)
    # Back to the top (the editor scrolls in a pane of its own): the languages, the title.
    admin.mouse.move(800, 450)
    admin.mouse.wheel(0, -5000)
    expect(admin.get_by_role("link", name="Tải xuống tệp PO").first).to_be_in_viewport()
    shot(admin, "4-translation-editor", doc="admin-translation-editor")


def translate_segment(admin, label, english):
    """In wagtail-localize's editor: the field's "Translate" button, the English, "Save"."""
    heading = admin.get_by_role("heading", name=label, exact=True, level=3)
    segment = admin.locator("li").filter(has=heading).first
    segment.get_by_role("button", name="Dịch").click()
    segment.get_by_role("textbox").fill(english)
    segment.get_by_role("button", name="Lưu").click()
    expect(segment.get_by_role("textbox")).to_have_count(0)
    expect(segment).to_contain_text(english)


def submit_product(admin):
    """Back to the Vietnamese page (the editor's breadcrumb) and into the review."""
    admin.get_by_role("link", name="Tiếng Việt", exact=True).click()
    expect(field(admin, "Tiêu đề")).to_have_value(TITLE)
    scroll_to(admin, "#panel-child-noi_dung-chung_nhan_ocop-section")
    shot(admin, "5-product-editor", doc="admin-product-editor")
    footer_action(admin, re.compile("^Gửi duyệt"))
    expect(admin.locator(".messages")).to_contain_text(TITLE)
    shot(admin, "6-product-submitted")


def approve(admin, name):
    """The reviewer's "Approve" in the footer's menu, then the confirmation naming `name`."""
    footer_action(admin, "Phê duyệt và xuất bản")
    expect(admin.locator(".messages")).to_contain_text(name)


def compare_and_approve(review, base):
    """The reviewer opens the product from the dashboard, reads the two languages side by
    side, goes back and approves."""
    review.goto(f"{base}/admin/")
    review.locator("#awaiting-review-section").get_by_role("link", name=TITLE, exact=True).click()
    review.locator(".messages").get_by_role("link", name="So sánh tiếng Việt và tiếng Anh").click()
    table = review.locator("#side-by-side")
    title = table.get_by_role("row").filter(has=review.get_by_role("rowheader", name="Tiêu đề"))
    expect(title.locator("td[lang=vi]")).to_have_text(TITLE)
    expect(title.locator("td[lang=en]")).to_have_text(TITLE_EN)
    expect(table).to_contain_text(DESCRIPTION_EN)
    expect(table).not_to_contain_text("Chưa dịch")
    shot(review, "7-compare", doc="admin-compare")
    review.get_by_role("link", name="Quay lại trang tiếng Việt").click()
    approve(review, TITLE)
    shot(review, "8-product-approved")


def approve_producer(review, base):
    review.goto(f"{base}/admin/")
    review.locator("#awaiting-review-section").get_by_role(
        "link", name=PRODUCER, exact=True
    ).click()
    approve(review, PRODUCER)


def visit(page, url, title):
    """A buyer's visit: the page is live and shows its title."""
    response = page.goto(url, wait_until="domcontentloaded")
    assert response.status == 200, url
    expect(page.locator("h1")).to_have_text(title)


def test_province_editor_to_live_pages_in_both_languages(
    hub, live_server, browser, open_page, tmp_path
):
    editor("bientap.thainguyen", "thai-nguyen")
    reviewer("kiemduyet")
    base = live_server.url
    province = ProvincePage.objects.get(slug="thai-nguyen", locale__language_code="vi")

    # Thái Nguyên's editor: the producer, then the product, its English, the review.
    admin = log_in(browser, live_server, "bientap.thainguyen", WIDE)
    add_producer(admin, base)
    producer = Producer.objects.get(name=PRODUCER)
    assert producer.workflow_in_progress and not producer.live
    add_product(admin, province, tea_photo(tmp_path / "doi-che.jpg"))
    translate(admin)
    submit_product(admin)
    product = ProductPage.objects.get(title=TITLE, locale__language_code="vi")
    assert product.workflow_in_progress and not product.live
    admin.context.close()

    # The central reviewer compares and approves the product: buyers see it in both
    # languages, at slugs spelt from each title, without its producer, not yet approved.
    review = log_in(browser, live_server, "kiemduyet", WIDE)
    compare_and_approve(review, base)
    product.refresh_from_db()
    english = product.get_translation(Locale.objects.get(language_code="en"))
    assert product.live and english.live and english.title == TITLE_EN
    assert product.url.startswith("/vi/")
    assert product.url.endswith(f"/{province.slug}/che-moc-cau-hao-dat/")
    assert english.url.startswith("/en/") and english.url.endswith("/hao-dat-hook-tea/")
    buyer = open_page("en", WIDE)
    visit(buyer, base + english.url, TITLE_EN)
    expect(buyer.locator(".producer")).to_have_count(0)

    # …then the producer: its name is on both pages, with the photo.
    approve_producer(review, base)
    producer.refresh_from_db()
    assert producer.live
    for url, title in [(product.url, TITLE), (english.url, TITLE_EN)]:
        visit(buyer, base + url, title)
        expect(buyer.locator(".producer-name")).to_contain_text(PRODUCER)
        photo = buyer.locator(".gallery img")
        expect(photo).to_have_count(1)
        photo.scroll_into_view_if_needed()  # loaded lazily
        expect(photo).to_have_js_property("complete", True)
        assert photo.evaluate("img => img.naturalWidth") > 0
    expect(buyer.locator(".producer-name")).to_contain_text(PRODUCER_EN)  # on the English page
    shot(buyer, "9-public-english")
    review.context.close()
