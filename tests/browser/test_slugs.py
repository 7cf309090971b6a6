"""The admin writes the slug of a Vietnamese title with every letter, as the editor types it
(issue 15: Wagtail's own table dropped "ư", "ơ", "ử", "ệ"); the server side is
tests/test_slugs.py."""

import pytest
from playwright.sync_api import expect

from regions.models import ProvincePage
from tests.browser.helpers import editor, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_slug_field_spells_a_vietnamese_title(hub, live_server, browser):
    editor("bientap.thainguyen", "thai-nguyen")
    province = ProvincePage.objects.get(slug="thai-nguyen", locale__language_code="vi")
    admin = log_in(browser, live_server, "bientap.thainguyen")
    admin.goto(f"{live_server.url}/admin/pages/add/products/productpage/{province.pk}/")
    admin.locator("#id_title").fill("Chè móc câu Tân Cương Hoàng Bình (thử nghiệm) – Đại Từ")
    admin.locator("#id_title").blur()
    expect(admin.locator("#id_slug")).to_have_value(
        "che-moc-cau-tan-cuong-hoang-binh-thu-nghiem-dai-tu"
    )
