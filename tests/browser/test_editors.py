"""A province publishes through the central review, in a real browser and in Vietnamese:
Thái Nguyên's editor imports a small spreadsheet, submits one product for review, and a
central reviewer approves it; the product is then on the public site in both languages."""

import csv

import pytest
from playwright.sync_api import expect

from products.models import ProductPage
from tests.browser.conftest import ARTEFACTS
from tests.browser.helpers import editor, log_in, reviewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def spreadsheet(path, fixture_rows):
    header, tea = fixture_rows[0], dict(zip(fixture_rows[0], fixture_rows[2], strict=True))
    rows = [header]
    for ref, name_vi, name_en in [
        ("TN-201", "Chè móc câu Tân Cương", "Tan Cuong hook tea"),
        ("TN-202", "Chè xanh La Bằng", "La Bang green tea"),
    ]:
        rows.append(
            [{**tea, "ref": ref, "name_vi": name_vi, "name_en": name_en}[c] for c in header]
        )
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def shot(page, name):
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / f"editor-review-{name}.png", full_page=True)


def test_editor_imports_submits_and_reviewer_approves(
    hub, live_server, browser, tmp_path, fixture_rows
):
    editor("bientap.thainguyen", "thai-nguyen")
    reviewer("kiemduyet")
    sheet = spreadsheet(tmp_path / "san-pham-thai-nguyen.csv", fixture_rows)

    # The editor, in Vietnamese, checks the file and imports it as drafts.
    admin = log_in(browser, live_server, "bientap.thainguyen")
    admin.get_by_role("link", name="Nhập sản phẩm").first.click()
    expect(admin.locator("h1")).to_contain_text("Nhập sản phẩm")
    admin.locator("input[name=file]").set_input_files(str(sheet))  # beside the photos
    admin.get_by_role("button", name="Kiểm tra tệp").click()
    changes = admin.locator("#import-changes tbody tr")
    expect(changes).to_have_count(2)
    expect(changes.first).to_contain_text("tạo mới")
    shot(admin, "1-preview")
    admin.get_by_label("Gửi các sản phẩm mới và đã sửa để kiểm duyệt").uncheck()
    admin.get_by_role("button", name="Nhập thành bản nháp").click()
    expect(admin.locator("#imported-pages tbody tr")).to_have_count(2)
    assert not ProductPage.objects.filter(import_ref="TN-201", live=True).exists()

    # …opens one product and submits it for review.
    admin.get_by_role("link", name="Chè móc câu Tân Cương").click()
    expect(admin.locator("[name=action-publish]")).to_have_count(0)
    admin.locator("footer [data-w-dropdown-target=toggle]").first.click()
    admin.locator("[name=action-submit]").click()
    expect(admin.locator(".messages")).to_contain_text("Chè móc câu Tân Cương")
    expect(admin.locator("html")).to_have_attribute("lang", "vi")
    shot(admin, "2-submitted")
    product = ProductPage.objects.get(import_ref="TN-201", locale__language_code="vi")
    assert product.workflow_in_progress and not product.live

    # The central reviewer finds it on the dashboard and approves it.
    review = log_in(browser, live_server, "kiemduyet")
    review.goto(f"{live_server.url}/admin/")
    awaiting = review.locator("section, .w-panel, .panel").filter(has_text="Chè móc câu Tân Cương")
    expect(awaiting.first).to_be_visible()
    shot(review, "3-dashboard")
    review.goto(f"{live_server.url}/admin/pages/{product.pk}/edit/")
    review.locator("footer [data-w-dropdown-target=toggle]").first.click()
    review.locator(
        "button[data-workflow-action-name=approve], [name=action-workflow-action][value=approve]"
    ).first.click()
    dialog_button = review.locator(".modal button[type=submit], dialog button[type=submit]")
    if dialog_button.count():
        dialog_button.first.click()
    expect(review.locator(".messages")).to_contain_text("Chè móc câu Tân Cương")
    shot(review, "4-approved")

    product.refresh_from_db()
    assert product.live
    english = ProductPage.objects.get(import_ref="TN-201", locale__language_code="en")
    assert english.live and english.title == "Tan Cuong hook tea"

    # …and buyers see it, in both languages.
    public = review.context.new_page()
    public.goto(live_server.url + english.url, wait_until="domcontentloaded")
    expect(public.locator("h1")).to_contain_text("Tan Cuong hook tea")
    public.goto(live_server.url + product.url, wait_until="domcontentloaded")
    expect(public.locator("h1")).to_contain_text("Chè móc câu Tân Cương")
    # The other imported product was not submitted and stays a draft.
    assert not ProductPage.objects.get(import_ref="TN-202", locale__language_code="vi").live
