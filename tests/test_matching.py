"""Volume matching (products/matching.py): the producers who cover a buyer's volume, the
sourcing page that sends them one inquiry, and GET /api/v1/sourcing/match."""

import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.utils import translation

from editorial.groups import sync_groups
from inquiries.models import Inquiry, InquiryItem, InquiryPart
from products.commodities import find_commodity
from products.importing import ProductImporter
from products.matching import MatchRequest, match
from products.models import Certification, Commodity, Producer, ProductPage
from regions.models import ProvincePage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]

HEADER = [
    "ref", "name_vi", "name_en", "province", "category", "stars", "producer", "producer_type",
    "capacity", "capacity_unit", "capacity_period", "harvest_months", "commodity",
    "certifications", "export_markets", "description_vi", "description_en",
    "ocop_certificate_no", "ocop_certified_on",
]  # fmt: skip
# Dragon fruit. tests/data's T-003 (HTX Thanh long Hàm Thuận Nam, Lâm Đồng, 300 t/month all
# year, GlobalG.A.P.) is left out of these sums by its province filter-free role: it is
# the largest and is picked first; see `expected` in each test.
ROWS = [
    # A second, similar product of T-003's producer: counted once (the larger), not added.
    ["M-1", "Thanh long ruột trắng", "White dragon fruit", "Lâm Đồng", "food", "4",
     "HTX Thanh long Hàm Thuận Nam", "cooperative", "150", "t", "month", "5-7", "Thanh long",
     "globalgap;vietgap", "NL"],
    ["M-2", "Thanh long Chợ Gạo", "Cho Gao dragon fruit", "Tây Ninh", "food", "5",
     "HTX Thanh long Chợ Gạo", "cooperative", "100", "t", "month", "5-6", "Dragon fruit",
     "globalgap", ""],
    ["M-3", "Thanh long Mỹ Tịnh An", "My Tinh An dragon fruit", "Đồng Tháp", "food", "3",
     "Công ty Trái cây Mỹ Tịnh An", "enterprise", "1200", "t", "year", "4-9", "dragon fruits",
     "globalgap;haccp", "US"],
    ["M-4", "Thanh long Hòa Định", "Hoa Dinh dragon fruit", "Đồng Tháp", "food", "4",
     "HTX Hòa Định", "cooperative", "150", "t", "month", "1-12", "THANH LONG", "vietgap", ""],
    ["M-5", "Thanh long hộ Sáu", "Sau family dragon fruit", "Tây Ninh", "food", "3",
     "Hộ Sáu Phước", "household", "50000", "kg", "month", "", "pitaya", "globalgap", ""],
]  # fmt: skip


@pytest.fixture
def dragon_fruit(write_csv):
    rows = [HEADER] + [row + ["", "", "", ""] for row in ROWS]
    result = ProductImporter().run(write_csv(rows))
    assert result.ok, result.errors
    return Commodity.objects.get(slug="dragon-fruit")


def asked(commodity, quantity, months=(5, 6, 7), certifications=("globalgap",), **kwargs):
    return MatchRequest(
        commodity=commodity,
        quantity=Decimal(quantity),
        unit=kwargs.pop("unit", "t"),
        period=kwargs.pop("period", "month"),
        months=tuple(months),
        certifications=tuple(Certification.objects.filter(slug__in=certifications)),
        **kwargs,
    )


def shares(result):
    return {pick.offer.name: pick.shares for pick in result.picks}


def test_one_commodity_whatever_the_name_import_makes_no_duplicate(dragon_fruit):
    # "dragon fruits", "THANH LONG", "pitaya" and tests/data's "dragon fruit" are one.
    assert Commodity.objects.filter(name_en__iexact="dragon fruit").count() == 1
    assert ProductPage.objects.filter(commodity=dragon_fruit).count() == 2 * 6
    assert find_commodity("vermicelli").slug == "noodles"
    assert find_commodity("Miến và bún khô").slug == "noodles"
    assert find_commodity("no such thing") is None


def test_a_producer_is_counted_once_with_its_largest_product(dragon_fruit, en):
    result = match(asked(dragon_fruit, 900), en)
    by_name = {pick.offer.name: pick.offer for pick in result.picks}
    offer = by_name["HTX Thanh long Hàm Thuận Nam"]
    # 300 t/month (T-003) and 150 t/month (M-1): 300, not 450.
    assert offer.capacity == {5: Decimal(300), 6: Decimal(300), 7: Decimal(300)}
    assert len(offer.product_ids) == 2


def test_largest_first_then_each_its_share_the_last_partial(dragon_fruit, en):
    result = match(asked(dragon_fruit, 380), en)
    # 300 (Lâm Đồng) + 80 of the 100 t/month of Mỹ Tịnh An (1200 t a year); Chợ Gạo (100
    # in May and June only) comes after: its sum over the months wanted is smaller.
    assert shares(result) == {
        "HTX Thanh long Hàm Thuận Nam": {5: 300, 6: 300, 7: 300},
        "Công ty Trái cây Mỹ Tịnh An": {5: 80, 6: 80, 7: 80},
    }
    assert result.is_covered and result.covered == 380


def test_months_a_producer_covers_only_some_months(dragon_fruit, en):
    result = match(asked(dragon_fruit, 500), en)
    # 300 + 100 + Chợ Gạo's 100 in May and June only: July is short by 100.
    assert result.covered_by_month == {5: 500, 6: 500, 7: 400}
    assert result.covered == 400 and not result.is_covered
    assert shares(result)["HTX Thanh long Chợ Gạo"] == {5: 100, 6: 100}


def test_certifications_all_required(dragon_fruit, en):
    result = match(asked(dragon_fruit, 1000, certifications=("globalgap", "haccp")), en)
    assert list(shares(result)) == ["Công ty Trái cây Mỹ Tịnh An"]
    everyone = match(asked(dragon_fruit, 1000, certifications=()), en)
    assert "HTX Hòa Định" in shares(everyone)  # VietGAP only: in when nothing is required


def test_hint_names_the_relaxation_that_covers_the_rest(dragon_fruit, en):
    result = match(asked(dragon_fruit, 500), en)
    globalgap = Certification.objects.get(slug="globalgap")
    # Without GlobalG.A.P., Hòa Định (150 t all year, VietGAP) covers July's missing 100.
    assert result.hint == {"relaxed": "certification", "certification": globalgap, "more": 1}
    from products.match_text import hint_text

    with translation.override("en"):
        assert hint_text(result) == "Without GlobalG.A.P., 1 more producer would cover the rest."


def test_hint_counts_producers_without_a_season(dragon_fruit, en):
    # No certification asked: July has 300 + 150 + 100 = 550 of 600; the producer stating
    # no season (50 000 kg a month) would cover the 50 t missing.
    result = match(asked(dragon_fruit, 600, certifications=()), en)
    assert result.covered_by_month == {5: 600, 6: 600, 7: 550}
    assert result.hint["relaxed"] == "season" and result.hint["more"] == 1


def test_units_and_periods(dragon_fruit, en):
    in_kg = match(asked(dragon_fruit, 380_000, unit="kg"), en)
    assert in_kg.covered == 380 and in_kg.request.as_asked(in_kg.covered) == 380_000
    per_year = match(asked(dragon_fruit, 380 * 12, period="year"), en)
    assert per_year.covered == 380
    per_shipment = match(asked(dragon_fruit, 380, period="shipment"), en)
    assert shares(per_shipment) == shares(match(asked(dragon_fruit, 380), en))
    litres = match(asked(dragon_fruit, 10, unit="l"), en)
    assert litres.picks == [] and litres.covered == 0


def test_only_live_producers_and_valid_certificates(dragon_fruit, en):
    Producer.objects.filter(name="HTX Thanh long Chợ Gạo").update(live=False)
    ProductPage.objects.filter(import_ref="M-3").update(ocop_certified_on="2000-01-01")
    result = match(asked(dragon_fruit, 500), en)
    assert set(shares(result)) == {"HTX Thanh long Hàm Thuận Nam"}


def test_match_costs_the_same_queries_whatever_the_products(
    dragon_fruit, en, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        match(asked(dragon_fruit, 500), en)


# The sourcing page

PAGE = "/en/sourcing/?commodity=dragon-fruit&quantity=500&unit=t&period=month&month=5&month=6&month=7&certification=globalgap&destination=NL"
BUYER = {
    "name": "Anna de Vries",
    "company": "Groen Import BV",
    "email": "anna@groen.example",
    "country": "NL",
    "message": "Weekly reefer containers to Rotterdam.",
    "consent": "on",
}


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()  # the rate limiter counts in the cache


def province(slug):
    return ProvincePage.objects.get(slug=slug, locale__language_code="vi")


@pytest.fixture
def editors():
    """An editor for each of the three provinces the dragon fruit comes from."""
    _reviewers, groups = sync_groups()
    made = {}
    for slug in ("lam-dong", "tay-ninh", "dong-thap"):
        person = get_user_model().objects.create_user(slug, f"{slug}@hub.example", "pw")
        person.groups.add(groups[province(slug).translation_key])
        made[slug] = person
    return made


def test_page_answers_at_once_in_both_languages(dragon_fruit, client):
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Covers 400 of 500 tonnes a month in May–July, from 3 producers." in html
    assert "HTX Thanh long Chợ Gạo" in html and "Cho Gao dragon fruit" in html
    assert "Tan Cuong" not in html  # tea
    assert "Without GlobalG.A.P., 1 more producer would cover the rest." in html
    assert 'name="consent"' in html  # the one action
    vietnamese = client.get(PAGE.replace("/en/", "/vi/")).content.decode()
    assert "Đáp ứng 400 / 500 tấn mỗi tháng" in vietnamese


def test_empty_page_is_a_form(client):
    response = client.get("/en/sourcing/")
    assert response.status_code == 200
    assert 'name="quantity"' in response.content.decode()
    assert response.context["answer"] is None


@pytest.mark.parametrize(
    "query",
    [
        "commodity=dragon-fruit&quantity=0&unit=t",
        "commodity=dragon-fruit&quantity=-5&unit=t",
        "commodity=dragon-fruit&quantity=1e30&unit=t",
        "commodity=dragon-fruit&quantity=abc&unit=t",
        "commodity=unobtainium&quantity=5&unit=t",
        "commodity=dragon-fruit&quantity=5&unit=t&month=13",
        "commodity=dragon-fruit&quantity=5&unit=t&month=0",
        "commodity=dragon-fruit&quantity=5&unit=c40",
        "commodity=dragon-fruit&quantity=5&unit=t&certification=nope",
        "commodity=dragon-fruit&quantity=5&unit=t&destination=XX",
        "commodity=dragon-fruit&quantity=5&unit=t&period=weekly",
        "commodity=dragon%00fruit&quantity=5&unit=t",
        "commodity=dragon-fruit&quantity=5&unit=t&province=nowhere%00",
    ],
)
def test_bad_input_is_a_form_error_never_a_500(client, query):
    response = client.get(f"/en/sourcing/?{query}")
    assert response.status_code == 400
    assert response.context["form"].errors
    vietnamese = client.get(f"/vi/sourcing/?{query}")
    assert vietnamese.status_code == 400 and 'class="field-error"' in vietnamese.content.decode()


def test_the_vietnamese_headline_names_the_month_once(dragon_fruit, client):
    html = client.get(PAGE.replace("/en/", "/vi/")).content.decode()
    assert "trong tháng 5–7, từ 3 chủ thể sản xuất" in html  # was "tháng 5–tháng 7"


def test_unknown_commodity_message_in_vietnamese(client):
    html = client.get("/vi/sourcing/?commodity=unobtainium&quantity=5&unit=t").content.decode()
    assert "không có mặt hàng" in html.lower()


def test_one_inquiry_with_each_producers_share_routed_to_each_province(
    dragon_fruit, client, editors
):
    response = client.post(PAGE, {**BUYER, "form_token": "sourcing-token-000001"})
    assert response.status_code == 302 and response["Location"] == "/en/inquiry/sent/"
    inquiry = Inquiry.objects.get()
    assert inquiry.kind == Inquiry.Kind.MATCH
    assert (inquiry.commodity, inquiry.quantity, inquiry.quantity_unit) == (dragon_fruit, 500, "t")
    assert inquiry.quantity_period == "month" and inquiry.months == [5, 6, 7]
    assert inquiry.destination_country == "NL"
    assert [c.slug for c in inquiry.certifications.all()] == ["globalgap"]
    items = {item.producer.name: item for item in inquiry.items.select_related("province")}
    assert {name: item.quantity for name, item in items.items()} == {
        "HTX Thanh long Hàm Thuận Nam": 300,
        "Công ty Trái cây Mỹ Tịnh An": 100,
        "HTX Thanh long Chợ Gạo": 100,
    }
    # The main product: the producer's largest (T-003's 300 t, not M-1's 150 t).
    assert items["HTX Thanh long Hàm Thuận Nam"].product.import_ref == "T-003"
    assert all(item.province.locale.language_code == "vi" for item in items.values())
    assert {part.province.slug for part in inquiry.parts.all()} == {
        "lam-dong", "tay-ninh", "dong-thap",
    }  # fmt: skip
    # Each province's editor sees their part and their producers' shares, no one else's.
    for slug, person in editors.items():
        parts = InquiryPart.objects.visible_to(person).filter(inquiry=inquiry)
        assert [part.province.slug for part in parts] == [slug]
        mine = InquiryItem.objects.visible_to(person).filter(inquiry=inquiry)
        assert {item.province.slug for item in mine} == {slug}
    assert Inquiry.objects.visible_to(editors["tay-ninh"]).get() == inquiry
    assert len(mail.outbox) >= 1  # the receipt, after saving


def test_sending_again_is_the_same_inquiry_and_shares_are_recomputed(dragon_fruit, client):
    data = {**BUYER, "form_token": "sourcing-token-000002", "share": "99999"}
    client.post(PAGE, data)
    client.post(PAGE, data)
    assert Inquiry.objects.count() == 1
    assert sorted(Inquiry.objects.get().items.values_list("quantity", flat=True)) == [100, 100, 300]


def test_contact_errors_keep_the_match(dragon_fruit, client):
    response = client.post(PAGE, {**BUYER, "email": "not an e-mail", "website": ""})
    assert response.status_code == 400 and Inquiry.objects.count() == 0
    assert response.context["contact"].errors["email"]
    assert response.context["answer"]["producers"]
    honeypot = client.post(PAGE, {**BUYER, "website": "http://spam.example"})
    assert honeypot.status_code == 400 and Inquiry.objects.count() == 0


def test_page_query_count_does_not_grow_with_products(
    dragon_fruit, client, django_assert_max_num_queries
):
    client.get(PAGE)  # warm the content caches
    with django_assert_max_num_queries(20) as few:
        client.get(PAGE)
    ProductPage.objects.filter(import_ref__startswith="M-").update(supply_capacity=1)
    with django_assert_max_num_queries(len(few)):
        client.get(PAGE.replace("quantity=500", "quantity=5000"))


def test_supply_pages_link_to_sourcing(dragon_fruit, client):
    html = client.get("/en/supply/dragon-fruit/").content.decode()
    assert "/en/sourcing/?commodity=dragon-fruit" in html
    assert "/en/sourcing/" in client.get("/en/supply/").content.decode()


def test_the_catalogue_links_sourcing_with_results_and_without(client):
    """Also where products are found (before, only a search that found nothing did)."""
    with_results = client.get("/en/products/?q=tea")
    assert with_results.context["result"].products
    assert 'href="/en/sourcing/"' in with_results.content.decode()
    assert 'href="/vi/sourcing/"' in client.get("/vi/san-pham/?q=che").content.decode()


# The API


def api(client, query):
    response = client.get(f"/api/v1/sourcing/match?{query}")
    return response.status_code, json.loads(response.content)


def test_api_answers_the_match(dragon_fruit, client):
    status, body = api(
        client,
        "commodity=Thanh%20long&quantity=500&unit=t&month=5&month=6&month=7"
        "&certification=globalgap&destination=NL&lang=vi",
    )
    assert status == 200
    assert (body["covered"], body["requested"], body["unit"], body["period"]) == (
        400,
        500,
        "t",
        "month",
    )
    assert body["coverage_by_month"] == [
        {"month": 5, "covered": 500}, {"month": 6, "covered": 500}, {"month": 7, "covered": 400},
    ]  # fmt: skip
    first = body["producers"][0]
    assert first["name"] == "HTX Thanh long Hàm Thuận Nam" and first["share"] == 300
    assert first["certifications"] == ["geographical-indication", "globalgap", "vietgap"]
    assert first["exports_to_destination"] is True
    assert first["products"][0]["url"].startswith("http://testserver/vi/")
    assert "GlobalG.A.P." in body["hint"]


@pytest.mark.parametrize(
    "query",
    [
        "quantity=5",
        "commodity=dragon-fruit",
        "commodity=dragon-fruit&quantity=-1",
        "commodity=dragon-fruit&quantity=5&month=13",
        "commodity=nothing&quantity=5",
        "commodity=dragon-fruit&quantity=5&lang=fr",
        "commodity=dragon-fruit&quantity=5&unit=pallet",
    ],
)
def test_api_bad_parameters_are_400(client, query):
    status, body = api(client, query)
    assert status == 400 and body["error"]


def test_api_is_in_the_openapi_schema(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    assert "/api/v1/sourcing/match" in schema["paths"]


def test_api_query_count_does_not_grow_with_products(
    dragon_fruit, client, django_assert_max_num_queries
):
    query = "commodity=dragon-fruit&quantity=500&month=5&month=6&certification=globalgap"
    api(client, query)
    with django_assert_max_num_queries(20) as few:
        api(client, query)
    ProductPage.objects.filter(import_ref__startswith="M-").update(supply_capacity=1)
    with django_assert_max_num_queries(len(few)):
        api(client, query.replace("500", "5000"))


# Duplicates a database made before the folded lookup


def test_merge_commodities_dry_run_then_apply(dragon_fruit, en):
    from django.core.management import call_command

    vermicelli = Commodity.objects.create(
        slug="vermicelli", name_vi="vermicelli", name_en="vermicelli"
    )
    twin = Commodity.objects.create(
        slug="dragon-fruit-2", name_vi="thanh long", name_en="dragon fruit"
    )
    moved = ProductPage.objects.filter(import_ref="M-2")
    moved.update(commodity=twin)
    inquiry = Inquiry.objects.create(kind="sourcing", language="en", name="B", commodity=vermicelli)
    out = io.StringIO()
    call_command("merge_commodities", stdout=out)
    assert "2 group(s) to merge" in out.getvalue()
    assert Commodity.objects.filter(pk__in=[vermicelli.pk, twin.pk]).count() == 2  # dry run
    call_command("merge_commodities", "--apply", stdout=io.StringIO())
    assert not Commodity.objects.filter(pk__in=[vermicelli.pk, twin.pk]).exists()
    assert set(moved.values_list("commodity__slug", flat=True)) == {"dragon-fruit"}
    inquiry.refresh_from_db()
    assert inquiry.commodity.slug == "noodles"
    revision = ProductPage.objects.get(import_ref="M-2", locale=en).latest_revision
    assert revision.content["commodity"] == dragon_fruit.pk
    out = io.StringIO()
    call_command("merge_commodities", stdout=out)
    assert "No duplicate commodities." in out.getvalue()
