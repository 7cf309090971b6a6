"""Issue 20's producer journey in a real browser: a buyer opens a product, follows its
producer to the producer's profile, sees its products and the OCOP badge, and sends that
producer an inquiry; then the same profile in Vietnamese on a phone.

With HUB_DOC_SCREENSHOTS=1 the test also writes docs/producer-profile.png (1366 px,
English) and docs/producer-profile-phone-vi.png (390 px, Vietnamese)."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from inquiries.models import Inquiry
from products.models import Producer, ProductPage
from tests.browser.conftest import ARTEFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs"
TEA = "HTX Chè Tân Hương"


def shot(page, name, doc=None):
    """A screenshot into test-results/; with HUB_DOC_SCREENSHOTS=1, also docs/<doc>.png."""
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / f"producer-profile-{name}.png", full_page=True)
    if doc and os.environ.get("HUB_DOC_SCREENSHOTS") == "1":
        page.screenshot(path=DOCS / f"{doc}.png", full_page=True)


@pytest.fixture
def tea_cooperative(hub, certificates_in_force):
    """T-002's producer with what a profile shows beyond its products (test data: no
    contacts, so buyers are sent to the province's office or the hub's team)."""
    producer = Producer.objects.get(name=TEA)
    producer.name_en = "Tan Huong Tea Cooperative"
    producer.year_established = 2009
    producer.address = "Xóm Hồng Thái 2, xã Tân Cương, tỉnh Thái Nguyên"
    producer.description_en = "Tea growers of Tan Cuong (test data)."
    producer.description_vi = "Hợp tác xã trồng chè ở Tân Cương (dữ liệu thử)."
    producer.save()
    return producer


def test_buyer_goes_from_a_product_to_its_producer_and_sends_it_an_inquiry(
    live_server, browser, tea_cooperative
):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    tea = ProductPage.objects.get(import_ref="T-002", locale__language_code="en")
    page.goto(f"{live_server.url}{tea.url}", wait_until="domcontentloaded")
    page.locator("aside.producer").get_by_role("link", name=TEA).click()

    expect(page).to_have_url(re.compile(rf"/en/producers/{tea_cooperative.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TEA)
    expect(page.locator(".profile-badge")).to_contain_text(
        "OCOP certified — verified by the Thai Nguyen Department of Agriculture and Environment"
    )
    expect(page.locator(".profile-badge")).to_contain_text("OCOP-19-2024-002")
    cards = page.locator(".card-grid .product-card")
    expect(cards.first).to_contain_text("Tan Cuong green tea")
    expect(page.locator(".profile-contact")).to_contain_text("How to reach it")
    shot(page, "en", doc="producer-profile")

    page.get_by_role("link", name="Send an inquiry to this producer").click()
    expect(page).to_have_url(re.compile(rf"/en/inquiry/\?producer={tea_cooperative.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(TEA)
    page.get_by_label("Name").fill("Anna de Vries")
    page.get_by_label("Company").fill("Groen Import B.V.")
    page.get_by_label("E-mail").fill("anna@groen.example")
    page.get_by_label("Buyer's country").select_option("NL")
    page.get_by_label("Message").fill("Please quote 3 t of green tea, FOB Hai Phong.")
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name="Send the inquiry").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Your inquiry is with")
    inquiry = Inquiry.objects.get(email="anna@groen.example")
    expect(page.locator(".reference")).to_contain_text(inquiry.reference)
    assert inquiry.kind == Inquiry.Kind.PRODUCER
    assert [item.producer_id for item in inquiry.items.all()] == [tea_cooperative.pk]
    context.close()


def test_the_vietnamese_profile_on_a_phone(live_server, browser, tea_cooperative):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(
        f"{live_server.url}/vi/producers/{tea_cooperative.slug}/", wait_until="domcontentloaded"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(TEA)
    expect(page.locator(".profile-badge")).to_contain_text(
        "Sở Nông nghiệp và Môi trường Thái Nguyên"
    )
    expect(page.locator(".card-grid .product-card").first).to_contain_text("Chè Tân Cương")
    # Nothing wider than the phone's screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    shot(page, "phone-vi", doc="producer-profile-phone-vi")
    page.get_by_role("link", name="Gửi yêu cầu báo giá tới chủ thể này").click()
    expect(page).to_have_url(re.compile(rf"/vi/inquiry/\?producer={tea_cooperative.pk}$"))
    context.close()
