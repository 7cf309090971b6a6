"""Long lists in the editors' forms, in a real browser and in Vietnamese: Thái Nguyên's editor
finds Japan among the 249 export markets by typing "Nhật" and VietGAP among the
certifications by typing "viet", picks them, removes a market again from the keyboard with
the chip's own button, and saves a draft that holds what was picked; the product buyers see
is unchanged until a reviewer approves. The searchable lists are the hub's static script
over the form's own <select multiple> (showcase/widgets.py)."""

import re

import pytest
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from products.models import ProductPage
from tests.browser.conftest import ARTEFACTS
from tests.browser.helpers import editor, log_in
from tests.browser.test_accessibility import AXE, WCAG_21_AA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def label(field_name):
    """The field's label as the Vietnamese admin shows it."""
    with translation.override("vi"):
        return capfirst(str(ProductPage._meta.get_field(field_name).verbose_name))


def pick(admin, field_name, typed, option):
    """Type into the field's search box; return it and the option shown for `option`."""
    box = admin.get_by_role("combobox", name=re.compile(re.escape(label(field_name))))
    box.press_sequentially(typed)
    listbox = admin.locator(f"#id_{field_name}-ts-dropdown")
    return box, listbox.get_by_role("option", name=option, exact=True)


def widget_violations(admin):
    """What axe-core (WCAG 2.1 AA) finds in the searchable lists, as drawn now."""
    admin.add_script_tag(path=str(AXE))
    violations = admin.evaluate(
        "tags => axe.run({include: [['.ts-wrapper.hub-multiselect']]},"
        " {runOnly: {type: 'tag', values: tags}}).then(result => result.violations)",
        WCAG_21_AA,
    )
    return [f"{v['id']}: {[node['target'] for node in v['nodes']]}" for v in violations]


def test_editor_finds_markets_and_certifications_by_typing(hub, live_server, browser):
    editor("bientap.thainguyen", "thai-nguyen")
    product = ProductPage.objects.get(import_ref="T-006", locale__language_code="vi")
    assert not product.export_markets and not product.certifications.exists()
    admin = log_in(browser, live_server, "bientap.thainguyen")
    admin.goto(f"{live_server.url}/admin/pages/{product.pk}/edit/")

    # Export markets: "Nhật" leaves two of the 249 countries; a click picks Japan.
    markets, japan = pick(admin, "export_markets", "Nhật", "Nhật Bản")
    expect(markets).to_have_accessible_description(re.compile("Các nước sản phẩm đã được"))
    expect(japan).to_be_visible()
    # (with the United Arab Emirates, "…Thống nhất": letters match without their diacritics)
    expect(admin.locator("#id_export_markets-ts-dropdown [role=option]")).to_have_count(2)
    japan.click()
    expect(admin.get_by_role("button", name="Bỏ Nhật Bản")).to_be_visible()
    expect(admin.get_by_role("status").filter(has_text="Đã chọn Nhật Bản")).to_have_count(1)

    # Without diacritics, from the keyboard: "han quoc" and Enter at once picks South Korea
    # (not the first country of the list before the filter caught up)…
    markets.press_sequentially("han quoc")
    expect(admin.get_by_role("option", name="Hàn Quốc", exact=True)).to_be_visible()
    markets.press("Enter")
    korea = admin.get_by_role("button", name="Bỏ Hàn Quốc")
    expect(korea).to_be_visible()
    # …and its chip's button, reached with the keyboard, takes it off again.
    korea.focus()
    admin.keyboard.press("Enter")
    expect(korea).to_have_count(0)
    expect(admin.get_by_role("status").filter(has_text="Đã bỏ Hàn Quốc")).to_have_count(1)

    # Certifications: "viet", lower case, finds VietGAP; Enter picks it.
    certifications, vietgap = pick(admin, "certifications", "viet", "VietGAP")
    expect(vietgap).to_be_visible()
    expect(certifications).to_have_attribute("aria-expanded", "true")
    assert widget_violations(admin) == []  # one list open, chips in the other
    ARTEFACTS.mkdir(exist_ok=True)
    admin.screenshot(path=ARTEFACTS / "admin-forms-multiselect-open.png")
    admin.keyboard.press("Enter")
    expect(admin.get_by_role("button", name="Bỏ VietGAP")).to_be_visible()

    # The select underneath holds the choices the form will post.
    expect(admin.locator("#id_export_markets option:checked")).to_have_text(["Nhật Bản"])
    expect(certifications).to_have_attribute("aria-expanded", "false")  # closed after a pick
    admin.locator("#id_export_markets + .ts-wrapper").scroll_into_view_if_needed()
    admin.screenshot(path=ARTEFACTS / "admin-forms-multiselect.png")

    admin.get_by_role("button", name="Lưu bản nháp").click()
    expect(admin.locator(".messages")).to_contain_text(product.title)
    draft = ProductPage.objects.get(pk=product.pk).get_latest_revision_as_object()
    assert [country.code for country in draft.export_markets] == ["JP"]
    assert [certification.slug for certification in draft.certifications.all()] == ["vietgap"]
    # Buyers still see the approved product: the draft waits for review.
    product.refresh_from_db()
    assert not product.export_markets and not product.certifications.exists()
