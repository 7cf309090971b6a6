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


# The comparison table


def priced(ref, language="en", **terms):
    page = product(ref, language)
    ProductPage.objects.filter(pk=page.pk).update(**terms)
    return page


def test_comparison_table_shows_the_products_side_by_side(client):
    priced("T-002", price_min=Decimal("2.5"), price_max=Decimal("3.2"), price_currency="USD",
           price_unit="kg", price_incoterm="FOB")  # fmt: skip
    shortlist(client, "T-001", "T-002", "T-003")
    response = client.get("/en/shortlist/")
    html = response.content.decode()
    table = html[html.index('class="compare-table"') : html.index("</table>")]
    for heading in ["Supply capacity", "Minimum order", "Indicative price", "Certifications",
                    "Season", "OCOP stars", "Province", "Producer"]:  # fmt: skip
        assert f'<th scope="row">{heading}</th>' in table
    assert table.count('<th scope="col">') == 3
    assert "US$\u00a02.50–3.20 per kg FOB" in table
    assert table.count("on request") == 2  # no price given for the other two
    assert "May–August" in table  # the squash's season, as month names
    assert "40 tonnes per month" in table and "VietGAP" in table
    assert "Thai Nguyen" in table and "Lam Dong" in table
    assert "HTX Nông nghiệp Ba Bể" in table


def test_comparison_in_vietnamese(client):
    priced("T-002", "vi", price_min=Decimal("2.5"), price_max=Decimal("3.2"),
           price_currency="USD", price_unit="kg", price_incoterm="FOB")  # fmt: skip
    shortlist(client, "T-001", "T-002", language="vi")
    html = client.get("/vi/shortlist/").content.decode()
    assert "US$\u00a02,50–3,20 mỗi kg FOB" in html
    assert "liên hệ để báo giá" in html
    assert "Tháng năm" in html or "tháng 5" in html.lower()


def test_comparison_links_the_producers_profile(client):
    from django.urls import NoReverseMatch, reverse

    shortlist(client, "T-002")
    producer = product("T-002").producer
    try:
        url = reverse("producer_profile", kwargs={"slug": producer.slug})
    except NoReverseMatch:  # profiles not there yet: the name alone
        pytest.skip("no producer profiles in this checkout")
    assert f'href="{url}"' in client.get("/en/shortlist/").content.decode()


def test_season_text():
    from inquiries.compare import season_text

    assert season_text([5, 6, 7, 8]) == "May–August"
    assert season_text([12, 1, 2, 6]) == "December–February, June"
    assert season_text(list(range(1, 13))) == "all year round"
    assert season_text([3]) == "March" and season_text([]) == ""


def test_comparison_costs_no_query_per_product(client, django_assert_max_num_queries):
    shortlist(client, "T-001")
    client.get("/en/shortlist/")  # the site and locale, cached from then on
    with django_assert_max_num_queries(100) as one:
        assert client.get("/en/shortlist/").status_code == 200
    with_one = len(one.captured_queries)  # now: each request empties Django's query log
    shortlist(client, "T-002", "T-003", "T-004", "T-005")
    with django_assert_max_num_queries(with_one):
        assert client.get("/en/shortlist/").status_code == 200
    with django_assert_max_num_queries(12):  # as before the table (tests/test_inquiries.py)
        client.get("/en/shortlist/")


# The admin, e-mails and exports


@pytest.fixture
def match(people):  # noqa: F811
    """A volume match: 120 t/month of Thái Nguyên's squash producer, two reefer containers a
    shipment of Lâm Đồng's dragon fruit producer, for May–July with VietGAP."""
    from products.models import Certification

    squash, fruit = product("T-001"), product("T-003")
    inquiry = Inquiry.objects.create(
        kind=Inquiry.Kind.MATCH, name="Anna", email="anna@groen.example", language="en",
        months=[5, 6, 7],
    )  # fmt: skip
    inquiry.certifications.set(Certification.objects.filter(slug="vietgap"))
    inquiry.attach_producers(
        [
            (squash.producer, squash, Decimal("120"), "t", "month"),
            (fruit.producer, fruit, Decimal("2"), "c40r", "shipment"),
        ]
    )
    return inquiry


def in_english(*users):
    from wagtail.users.models import UserProfile

    for user in users:
        UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})


def test_admin_shows_each_provinces_share_to_its_editors(people, match):  # noqa: F811
    from tests.test_inquiries import admin_client

    in_english(*people.values())
    url = f"/admin/inquiries/edit/{match.pk}/"
    thai_nguyen = admin_client(people["thai_nguyen"]).get(url).content.decode()
    assert "share: 120 tonnes per month" in thai_nguyen
    assert "HTX Nông nghiệp Ba Bể" in thai_nguyen
    assert "Months wanted" in thai_nguyen and "May, June, July" in thai_nguyen
    assert "Certifications required" in thai_nguyen and "VietGAP" in thai_nguyen
    assert "40 ft reefer" not in thai_nguyen  # Lâm Đồng's share is Lâm Đồng's
    reviewer = admin_client(people["reviewer"]).get(url).content.decode()
    assert "share: 120 tonnes per month" in reviewer
    assert "share: 2 × 40 ft reefer containers per shipment" in reviewer
    listing = admin_client(people["lam_dong"]).get("/admin/inquiries/").content.decode()
    assert "2 × 40 ft reefer containers per shipment" in listing
    assert "120 tonnes" not in listing


def test_admin_in_vietnamese_says_share(people, match):  # noqa: F811
    from tests.test_inquiries import admin_client

    html = admin_client(people["thai_nguyen"]).get(f"/admin/inquiries/edit/{match.pk}/")
    assert "phần đề nghị: 120 tấn mỗi tháng" in html.content.decode()


def test_export_has_the_quantity_of_each_item(people, match):  # noqa: F811
    import csv
    import io

    from tests.test_inquiries import admin_client

    in_english(people["reviewer"], people["lam_dong"])
    response = admin_client(people["reviewer"]).get("/admin/inquiries/?export=csv")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    (row,) = [row for row in rows if row["Reference"] == match.reference]
    asked = row["Quantity asked of each"]
    assert "Ba Be fragrant green squash (HTX Nông nghiệp Ba Bể): 120 tonnes per month" in asked
    assert "2 × 40 ft reefer containers per shipment" in asked
    assert row["Months wanted"] == "May, June, July" and row["Certifications required"] == "VietGAP"
    response = admin_client(people["lam_dong"]).get("/admin/inquiries/?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "40 ft reefer" in text and "120 tonnes" not in text  # scoped like the rest


def test_notification_lists_the_quantities(client, people):  # noqa: F811
    from django.core import mail

    shortlist(client, "T-002", "T-003")
    response = client.post(
        "/en/inquiry/?shortlist=1",
        {**BUYER, **row("T-002", "500", "kg", "month"), **row("T-003", "1", "c40r", "")},
    )
    assert response.status_code == 302
    staff = next(m for m in mail.outbox if m.to == [people["reviewer"].email])
    assert "500 kg per month" in staff.body or "500 kg mỗi tháng" in staff.body
    assert "1 × " in staff.body
    receipt = next(m for m in mail.outbox if m.to == [BUYER["email"]])
    # The receipt stays fixed text with the product names alone (issue 16): what it says
    # can be sent to anyone's address.
    assert "Tan Cuong green tea" in receipt.body and "500" not in receipt.body
