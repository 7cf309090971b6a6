"""Inquiries that fit B2B buying (issue 20, item 4): a quantity, unit and period per product
of a shortlist, pallets and containers, an inquiry to one producer, a volume match routed to
its producers' provinces, a shortlist that survives sending, and its comparison table."""

from decimal import Decimal

import pytest

from inquiries.models import Inquiry
from products.models import ProductPage
from tests.test_inquiries import people, province  # noqa: F401 (people: a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]


def product(ref, language="en"):
    return ProductPage.objects.get(import_ref=ref, locale__language_code=language)


# Inquiry.attach_producers: what the volume match calls


def test_attach_producers_routes_each_share_to_its_producers_province():
    squash, dragon_fruit = product("T-001"), product("T-003")  # Thái Nguyên, Lâm Đồng
    inquiry = Inquiry.objects.create(kind=Inquiry.Kind.MATCH, name="Anna", language="en")
    inquiry.attach_producers(
        [
            (squash.producer, squash, Decimal("120"), "t", "month"),
            (dragon_fruit.producer, None, Decimal("2"), "c40r", "shipment"),
        ]
    )
    items = list(inquiry.items.order_by("pk"))
    assert [item.producer for item in items] == [squash.producer, dragon_fruit.producer]
    assert items[0].product == squash and items[0].title == squash.title
    assert items[1].product is None and items[1].title == dragon_fruit.producer.name
    assert [(i.quantity, i.quantity_unit, i.quantity_period) for i in items] == [
        (Decimal("120"), "t", "month"),
        (Decimal("2"), "c40r", "shipment"),
    ]
    # Kept under the Vietnamese province pages, whatever the buyer's language.
    assert [item.province for item in items] == [province("thai-nguyen"), province("lam-dong")]
    assert set(inquiry.provinces.all()) == {province("thai-nguyen"), province("lam-dong")}


# A quantity per product of a shortlist

BUYER = {
    "name": "Anna de Vries",
    "company": "Groen Import B.V.",
    "email": "anna@groen.example",
    "country": "NL",
    "destination_country": "NL",
    "message": "Please quote CIF Rotterdam.",
    "consent": "on",
}


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    from django.core.cache import cache

    cache.clear()  # the rate limiter counts in the cache


def shortlist(client, *refs, language="en"):
    for ref in refs:
        response = client.post(
            f"/{language}/shortlist/add/", {"product": product(ref, language).pk}
        )
        assert response.status_code == 302


def row(ref, quantity="", unit="", period="", language="en"):
    prefix = f"item-{product(ref, language).pk}"
    return {f"{prefix}-quantity": quantity, f"{prefix}-unit": unit, f"{prefix}-period": period}


def test_each_shortlisted_product_has_its_own_quantity_unit_and_period(client):
    shortlist(client, "T-001", "T-002", "T-003")
    form = client.get("/en/inquiry/?shortlist=1").content.decode()
    tea = product("T-002")
    assert f'for="id_item-{tea.pk}-quantity"' in form
    assert "Quantity of Tan Cuong green tea" in form  # each field names its product
    assert '<option value="c40r">40 ft reefer containers</option>' in form
    assert '<option value="pallet">pallets</option>' in form
    response = client.post(
        "/en/inquiry/?shortlist=1",
        {
            **BUYER,
            **row("T-001", "40", "t", "month"),
            **row("T-002", "500", "kg", "shipment"),
            **row("T-003", "2", "c40r", "shipment"),
        },
    )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get(email=BUYER["email"])
    asked = {
        item.product.import_ref: (item.quantity, item.quantity_unit, item.quantity_period)
        for item in inquiry.items.select_related("product")
    }
    assert asked == {
        "T-001": (Decimal("40"), "t", "month"),
        "T-002": (Decimal("500"), "kg", "shipment"),
        "T-003": (Decimal("2"), "c40r", "shipment"),
    }
    sent = client.get("/en/inquiry/sent/").content.decode()
    assert "2 × 40 ft reefer containers per shipment" in sent
    assert "40 tonnes per month" in sent


def test_a_row_may_be_left_empty(client):
    shortlist(client, "T-001", "T-002")
    response = client.post("/en/inquiry/?shortlist=1", {**BUYER, **row("T-001", "3", "pallet", "")})
    assert response.status_code == 302
    items = list(Inquiry.objects.get().items.order_by("pk"))
    assert [(item.quantity, item.quantity_unit) for item in items] == [
        (Decimal("3"), "pallet"),
        (None, ""),
    ]


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", ["Enter a quantity above zero.", "Enter the quantity, or leave the unit empty.",
                "That is more than any order the hub can pass on"]),
        ("vi", ["Vui lòng nhập số lượng lớn hơn 0.",
                "Vui lòng nhập số lượng, hoặc để trống đơn vị tính.",
                "Số lượng này vượt quá mọi đơn hàng"]),
    ],
)  # fmt: skip
def test_row_errors_in_the_buyers_language_and_nothing_lost(client, language, expected):
    shortlist(client, "T-001", "T-002", "T-003", language=language)
    response = client.post(
        f"/{language}/inquiry/?shortlist=1",
        {
            **BUYER,
            **row("T-001", "-5", "t", "month", language),
            **row("T-002", "", "kg", "", language),
            **row("T-003", "20000", "c40", "shipment", language),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    for message in expected:
        assert message in html
    assert not Inquiry.objects.exists()
    form = response.context["form"]
    squash = f"item-{product('T-001', language).pk}"
    fruit = f"item-{product('T-003', language).pk}"
    assert form[f"{squash}-quantity"].value() == "-5" and form[f"{squash}-unit"].value() == "t"
    assert form[f"{fruit}-quantity"].value() == "20000"
    assert 'value="20000"' in html and "Groen Import B.V." in html  # the form comes back filled
    assert f'aria-describedby="id_{fruit}-quantity_error"' in html


def test_quantity_without_unit_in_a_row(client):
    shortlist(client, "T-002")
    response = client.post("/en/inquiry/?shortlist=1", {**BUYER, **row("T-002", "12")})
    assert response.status_code == 400
    assert "Say which unit the quantity is in." in response.content.decode()


def test_single_product_inquiry_offers_containers_and_keeps_the_quantity_on_its_item(client):
    tea = product("T-002")
    form = client.get(f"/en/inquiry/?product={tea.pk}").content.decode()
    assert '<option value="c20">20 ft containers</option>' in form
    assert 'name="quantity_period"' in form
    response = client.post(
        f"/en/inquiry/?product={tea.pk}",
        {**BUYER, "quantity": "1", "quantity_unit": "c20", "quantity_period": "month"},
    )
    assert response.status_code == 302
    item = Inquiry.objects.get().items.get()
    assert (item.quantity, item.quantity_unit, item.quantity_period) == (1, "c20", "month")


# An inquiry to one producer


def test_inquiry_to_a_producer_goes_to_its_province_only(client, people):  # noqa: F811
    from tests.test_inquiries import admin_client

    tea = product("T-002")  # HTX Chè Tân Hương, Thái Nguyên
    producer = tea.producer
    form = client.get(f"/en/inquiry/?producer={producer.pk}").content.decode()
    assert "Your inquiry goes to" in form and producer.name in form and "Thai Nguyen" in form
    response = client.post(
        f"/en/inquiry/?producer={producer.pk}",
        {**BUYER, "quantity": "3", "quantity_unit": "t", "quantity_period": "month"},
    )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.kind == Inquiry.Kind.PRODUCER
    item = inquiry.items.get()
    assert item.producer == producer and item.title == producer.name
    assert (item.quantity, item.quantity_unit) == (3, "t")
    assert item.province == province("thai-nguyen")
    assert list(inquiry.provinces.all()) == [province("thai-nguyen")]
    listed = admin_client(people["thai_nguyen"]).get("/admin/inquiries/").content.decode()
    assert inquiry.reference in listed
    assert (
        inquiry.reference
        not in admin_client(people["lam_dong"]).get("/admin/inquiries/").content.decode()
    )
    assert admin_client(people["lam_dong"]).get(
        f"/admin/inquiries/edit/{inquiry.pk}/"
    ).status_code in (302, 403, 404)


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1e9", "99999999999999999999", ""])
def test_unknown_producer_gives_the_general_form(client, value):
    response = client.get(f"/en/inquiry/?producer={value}")
    assert response.status_code == 200
    assert response.context["kind"] == Inquiry.Kind.SOURCING


def test_producer_in_draft_is_ignored(client):
    from products.models import Producer

    producer = Producer.objects.create(
        name="HTX Chưa duyệt", producer_type="cooperative", province=province("thai-nguyen"),
        live=False,
    )  # fmt: skip
    response = client.get(f"/en/inquiry/?producer={producer.pk}")
    assert response.status_code == 200
    assert response.context["kind"] == Inquiry.Kind.SOURCING
    assert "HTX Chưa duyệt" not in response.content.decode()


# The shortlist survives sending


def test_shortlist_is_kept_after_sending_and_cleared_by_the_button(client):
    shortlist(client, "T-001", "T-002")
    assert client.post("/en/inquiry/?shortlist=1", BUYER).status_code == 302
    sent = client.get("/en/inquiry/sent/").content.decode()
    assert 'href="/en/print/shortlist.pdf"' in sent and "Print the shortlist" in sent
    assert 'action="/en/shortlist/clear/"' in sent
    assert len(client.get("/en/shortlist/").context["products"]) == 2
    pdf = client.get("/en/print/shortlist.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    page = client.get("/en/shortlist/").content.decode()
    assert 'action="/en/shortlist/clear/"' in page and "Clear the shortlist" in page
    assert client.get("/en/shortlist/clear/").status_code == 405
    response = client.post("/en/shortlist/clear/")
    assert response.status_code == 302 and response.url == "/en/shortlist/"
    assert client.get("/en/shortlist/").context["products"] == []


def test_clearing_needs_the_csrf_token():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    shortlist(client, "T-001")
    assert client.post("/en/shortlist/clear/").status_code == 403
    assert len(client.get("/en/shortlist/").context["products"]) == 1
