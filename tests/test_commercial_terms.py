"""A product's commercial terms (products/terms.py): the admin's checks, the import's
columns, the product page in both languages, the search API and the catalogue, the printed
sheet and the structured data. Never an invented price: none shows "Price on request"."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from products.importing import ProductImporter
from products.models import ProductIndexPage, ProductPage
from tests.admin_forms import form_data
from tests.test_form_guidance import thai_nguyen_editor  # noqa: F401, F811 - a fixture

pytestmark = pytest.mark.django_db

TERMS = ["price_min", "price_max", "price_currency", "price_unit", "price_incoterm",
         "price_date", "price_source", "incoterms", "port_of_loading", "lead_time_days",
         "samples", "specifications", "min_order_vi", "min_order_en", "packaging_vi",
         "packaging_en", "price_source_en", "port_of_loading_en", "specifications_en"]  # fmt: skip
TEA_TERMS = ["2,5", "3,2", "usd", "kg", "FOB", "15/03/2025", "Báo giá của HTX", "fob; cif exw",
             "Cảng Hải Phòng", "30 ngày", "theo yêu cầu", "Độ ẩm: ≤ 5%; Cỡ búp: 1 tôm 2 lá\nHữu cơ",
             "100 kg", "100 kg", "Túi 200 g", "200 g bags", "The cooperative's quotation",
             "Hai Phong port", "Moisture: ≤ 5%; Leaf: one bud, two leaves\nOrganic"]  # fmt: skip


def with_terms(fixture_rows, terms_by_ref):
    """The test sheet without its old single columns, with the terms columns added."""
    header, *rows = fixture_rows
    drop = [header.index("min_order"), header.index("packaging")]
    keep = [i for i in range(len(header)) if i not in drop]
    table = [[header[i] for i in keep] + TERMS]
    for row in rows:
        table.append([row[i] for i in keep] + terms_by_ref.get(row[0], [""] * len(TERMS)))
    return table


def test_import_reads_every_terms_column(write_csv, fixture_rows, vi, en):
    result = ProductImporter().run(write_csv(with_terms(fixture_rows, {"T-002": TEA_TERMS})))
    assert result.ok, result.errors
    tea = ProductPage.objects.get(import_ref="T-002", locale=vi)
    assert (tea.price_min, tea.price_max) == (Decimal("2.5"), Decimal("3.2"))
    assert (tea.price_currency, tea.price_unit, tea.price_incoterm) == ("USD", "kg", "FOB")
    assert tea.price_given_on == datetime.date(2025, 3, 15)
    assert tea.incoterms == "EXW FOB CIF"
    assert (tea.port_of_loading, tea.lead_time_days, tea.samples) == (
        "Cảng Hải Phòng",
        30,
        "on_request",
    )
    assert tea.specifications == "Độ ẩm: ≤ 5%\nCỡ búp: 1 tôm 2 lá\nHữu cơ"
    assert (tea.min_order, tea.packaging) == ("100 kg", "Túi 200 g")
    english = ProductPage.objects.get(import_ref="T-002", locale=en)
    assert (english.packaging, english.price_min, english.incoterms) == (
        "200 g bags",
        Decimal("2.5"),
        "EXW FOB CIF",
    )
    # The translatable terms in English on the English page (they were the Vietnamese).
    assert (english.price_source, english.port_of_loading) == (
        "The cooperative's quotation",
        "Hai Phong port",
    )
    assert english.specifications == "Moisture: ≤ 5%\nLeaf: one bud, two leaves\nOrganic"
    assert tea.price_source == "Báo giá của HTX"
    squash = ProductPage.objects.get(import_ref="T-001", locale=vi)
    assert squash.price_min is None and squash.incoterms == "" and squash.samples == ""


def bad(position, value, terms=None):
    terms = list(terms or [""] * len(TERMS))
    terms[TERMS.index(position)] = value
    return terms


def test_bad_terms_name_their_row_and_nothing_is_written(write_csv, fixture_rows):
    future = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    sheet = with_terms(
        fixture_rows,
        {
            "T-001": bad("price_max", "1", TEA_TERMS),  # lower than 2.5
            "T-002": bad("price_currency", "", TEA_TERMS),
            "T-003": bad("price_date", future, TEA_TERMS),
            "T-004": bad("incoterms", "FOB;XYZ"),
            "T-005": bad("samples", "maybe"),
            "T-006": bad("lead_time_days", "400"),
        },
    )
    before = ProductPage.objects.filter(price_min__isnull=False).count()
    with translation.override("en"):
        result = ProductImporter().run(write_csv(sheet))
        messages = [str(error) for error in result.errors]
    assert not result.ok
    assert ProductPage.objects.filter(price_min__isnull=False).count() == before
    assert {error.row for error in result.errors} == {2, 3, 4, 5, 6, 7}
    expected = {
        "row 2, column price_max": "lower than the lowest",
        "row 3, column price_currency": "needs its currency",
        "row 4, column price_date": "in the future",
        "row 5, column incoterms": "'XYZ'",
        "row 6, column samples": "'maybe'",
        "row 7, column lead_time_days": "'400'",
    }
    for start, part in expected.items():
        assert any(m.startswith(start) and part in m for m in messages), (start, messages)


def test_vietnamese_headers_name_the_terms_columns():
    from products.importing.columns import column_key
    from products.importing.template import COLUMN_GUIDE

    assert column_key("Giá từ") == "price_min"
    assert column_key("Ngày báo giá") == "price_date"
    assert column_key("Điều kiện giao hàng") == "incoterms"
    assert column_key("HANG MAU") == "samples"
    guided = {column for column, *_texts in COLUMN_GUIDE}
    assert set(TERMS[:12]) <= guided


def test_a_price_needs_all_its_parts_in_the_admin(vi):
    from django.core.exceptions import ValidationError

    tea = ProductPage.objects.get(import_ref="T-002", locale=vi)
    tea.price_min, tea.price_max = Decimal("3"), Decimal("2")
    with translation.override("vi"):
        with pytest.raises(ValidationError) as raised:
            tea.clean()
        errors = {field: " ".join(map(str, messages))  # the lazy messages, read in Vietnamese
                  for field, messages in raised.value.message_dict.items()}  # fmt: skip
    assert set(errors) >= {"price_max", "price_currency", "price_unit", "price_given_on"}
    assert re.search(r"thấp hơn", errors["price_max"])
    tea.price_max, tea.price_currency, tea.price_unit = Decimal("4"), "USD", "kg"
    tea.price_given_on = timezone.localdate() + datetime.timedelta(days=1)
    with translation.override("vi"), pytest.raises(ValidationError) as raised:
        tea.clean()
    assert list(raised.value.message_dict) == ["price_given_on"]
    tea.price_given_on = timezone.localdate()
    tea.clean()


# The product's pages, the API and the catalogue ----------------------------------------------


@pytest.fixture
def priced(certificates_in_force):
    """The tea with a price range and terms, the squash with Incoterms and no price, in
    both languages (the terms are copied to the English, as a translation does)."""
    from showcase.page_cache import new_generation

    ProductPage.objects.filter(import_ref="T-002").update(
        price_min=Decimal("2.5"), price_max=Decimal("3.2"), price_currency="USD",
        price_unit="kg", price_incoterm="FOB", price_given_on=datetime.date(2025, 3, 15),
        price_source="Báo giá của HTX", incoterms="EXW FOB", port_of_loading="Hải Phòng",
        lead_time_days=30, samples="on_request",
        specifications="Moisture: ≤ 5%\nSize: 1 bud 2 leaves\nHand-roasted",
    )  # fmt: skip
    ProductPage.objects.filter(import_ref="T-003").update(
        price_min=Decimal("50000"), price_max=Decimal("65000"), price_currency="VND",
        price_unit="kg", price_given_on=datetime.date(2025, 6, 1), incoterms="CIF",
    )  # fmt: skip
    ProductPage.objects.filter(import_ref="T-001").update(incoterms="FOB CIF")
    new_generation()


def test_the_product_page_shows_the_terms_in_its_language(client, priced, vi, en):
    english = client.get(ProductPage.objects.get(import_ref="T-002", locale=en).url)
    html = english.content.decode()
    assert "US$\u00a02.50–3.20" in html and "per kg" in html and "FOB" in html
    assert "given March 2025" in html and "Báo giá của HTX" in html
    assert "30 days" in html and "On request" in html
    assert "<dt>Moisture</dt><dd>≤ 5%</dd>" in html and "<li>Hand-roasted</li>" in html
    vietnamese = client.get(ProductPage.objects.get(import_ref="T-003", locale=vi).url)
    assert "50.000–65.000\u00a0₫" in vietnamese.content.decode()
    squash = client.get(ProductPage.objects.get(import_ref="T-001", locale=en).url)
    assert "Price on request" in squash.content.decode()


def test_json_ld_offers_only_with_a_price(client, priced, en):
    import json

    def data(ref):
        html = client.get(ProductPage.objects.get(import_ref=ref, locale=en).url).content.decode()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        return json.loads(blocks[0])

    assert data("T-002")["offers"] == {
        "@type": "AggregateOffer", "lowPrice": "2.50", "highPrice": "3.20", "priceCurrency": "USD"
    }  # fmt: skip
    assert "offers" not in data("T-001")


def search(client, **params):
    return client.get("/api/v1/products/search", {"include_expired": "true"} | params)


def test_the_api_gives_terms_filters_and_sorts_by_price(client, priced):
    results = {r["title"]: r for r in search(client, page_size=100).json()["results"]}
    tea = results["Tan Cuong green tea"]["terms"]
    assert tea == {
        "price": {"min": 2.5, "max": 3.2, "currency": "USD", "unit": "kg", "incoterm": "FOB",
                  "given_on": "2025-03-15"},
        "incoterms": ["EXW", "FOB"], "port_of_loading": "Hải Phòng", "lead_time_days": 30,
        "samples": "on_request",
    }  # fmt: skip
    assert results["Ba Be fragrant green squash"]["terms"]["price"] is None
    answer = search(client, incoterm=["fob", "EXW"]).json()
    assert {r["title"] for r in answer["results"]} == {
        "Tan Cuong green tea",
        "Ba Be fragrant green squash",
    }
    assert answer["facets"]["incoterm"] == {"EXW": 1, "FOB": 2, "CIF": 2}  # its own left out
    assert answer["facets"]["price_given"] == {"true": 1, "false": 1}
    priced_only = search(client, price_given="true").json()
    assert priced_only["count"] == 2
    ordered = [r["title"] for r in search(client, sort="price").json()["results"]]
    assert ordered[0] == "Tan Cuong green tea" and ordered[1] == "Binh Thuan red dragon fruit"
    for bad_params in ({"incoterm": "XYZ"}, {"price_given": "maybe"}, {"sort": "cheap"}):
        response = search(client, **bad_params)
        assert response.status_code == 400 and response.json()["error"]


def test_prices_are_sorted_within_their_currency(client, priced):
    """1 euro is not cheaper than 2.50 dollars, nor 50,000 đồng dearer than both: without an
    exchange rate the order is by currency (US dollars first), then by price."""
    from showcase.page_cache import new_generation

    ProductPage.objects.filter(import_ref="T-001").update(
        price_min=Decimal("1"), price_max=Decimal("1"), price_currency="EUR", price_unit="kg",
        price_given_on=datetime.date(2025, 6, 1),
    )  # fmt: skip
    new_generation()
    ordered = [r["title"] for r in search(client, sort="price").json()["results"]][:3]
    assert ordered == [
        "Tan Cuong green tea",  # US$ 2.50
        "Ba Be fragrant green squash",  # € 1
        "Binh Thuan red dragon fruit",  # 50,000 ₫
    ]


def test_the_catalogue_filters_by_incoterm_and_price(client, priced, django_assert_max_num_queries):
    page = client.get("/en/products/", {"price_given": "true", "include_expired": "true"})
    assert page.context["result"].count == 2
    html = page.content.decode()
    assert "With an indicative price" in html and "US$\u00a02.50–3.20" in html
    incoterm_facet = next(f for f in page.context["facets"] if f["name"] == "incoterm")
    assert {o["value"]: o["count"] for o in incoterm_facet["options"]} == {
        "EXW": 1, "FOB": 1, "CIF": 1
    }  # fmt: skip
    by_price = client.get("/en/products/", {"sort": "price", "include_expired": "true"})
    titles = [product.title for product in by_price.context["page_of_products"]]
    assert titles[:2] == ["Tan Cuong green tea", "Binh Thuan red dragon fruit"]
    assert "Price (low to high)" in by_price.content.decode()
    bad = client.get("/en/products/", {"incoterm": "XYZ"})
    assert bad.status_code == 400 and "incoterm" in bad.content.decode()


def test_the_printed_sheet_gives_the_price(client, priced):
    import io

    from pypdf import PdfReader

    for ref in ("T-002", "T-001"):
        product = ProductPage.objects.get(import_ref=ref, locale__language_code="en")
        client.post("/en/shortlist/add/", {"product": product.pk})
    response = client.get("/en/print/shortlist.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "US$ 2.50–3.20 per kg FOB" in text.replace("\u00a0", " ")
    assert "Price on request" in text and "EXW, FOB" in text and "30 days" in text


def test_the_demo_gives_packaging_and_minimum_orders_in_both_languages_and_no_invented_price():
    import csv

    from showcase.demo.loader import PRODUCTS_CSV

    rows = list(csv.DictReader(PRODUCTS_CSV.open(encoding="utf-8")))
    assert "packaging" not in rows[0] and "min_order" not in rows[0]
    for row in rows:
        for name in ("packaging", "min_order"):
            assert bool(row[f"{name}_vi"]) == bool(row[f"{name}_en"]), (row["ref"], name)
        if any(word.isalpha() and word not in ("kg", "l", "g", "ml", "PP", "PET", "lb")
               for word in row["packaging_en"].split()):  # fmt: skip
            assert row["packaging_vi"] != row["packaging_en"], row["ref"]
        if row["price_min"]:  # only with a public, dated source
            assert row["price_date"] and "https://" in row["price_source"], row["ref"]


def test_pages_with_terms_are_valid_html(client, priced, tmp_path):
    """The Nu Html Checker on a product page with every term, its card and the catalogue."""
    import json
    import subprocess

    from tests.test_html_validity import JAVA, VNU

    if JAVA is None or not VNU.exists():
        pytest.skip("java or vnu-jar is missing (`make test` installs them)")
    files = []
    for language in ("en", "vi"):
        tea = ProductPage.objects.get(import_ref="T-002", locale__language_code=language)
        catalogue = ProductIndexPage.objects.get(locale__language_code=language).url
        for name, url in (("product", tea.url), ("catalogue", catalogue)):
            path = tmp_path / f"{language}-{name}.html"
            path.write_bytes(client.get(url, {"price_given": "true"}).content)
            files.append(str(path))
    checked = subprocess.run(
        [JAVA, "-jar", str(VNU), "--format", "json", "--errors-only", *files],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    messages = json.loads(checked.stderr or "{}").get("messages", [])
    assert not messages, messages


def test_the_admin_form_has_the_panel_and_says_what_is_wrong_in_vietnamese(
    client,
    vi,
    thai_nguyen_editor,  # noqa: F811 - the fixture imported above
):
    tea = ProductPage.objects.get(import_ref="T-006", locale=vi)
    url = f"/admin/pages/{tea.pk}/edit/"
    page = client.get(url).content.decode()
    assert "Điều kiện thương mại" in page and 'value="FOB"' in page  # the panel, checkboxes
    data = form_data(page, "page-edit-form")
    data.update(price_min="3", price_max="2", incoterms=["FOB", "CIF"])
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Giá cao nhất đang thấp hơn giá thấp nhất." in html
    assert "Hãy chọn đơn vị tiền tệ của giá." in html
    data.update(price_max="4", price_currency="USD", price_unit="kg",
                price_given_on=timezone.localdate().isoformat())  # fmt: skip
    assert client.post(url, data).status_code == 302
    draft = ProductPage.objects.get(pk=tea.pk).get_latest_revision_as_object()
    assert (draft.price_max, draft.incoterms) == (Decimal("4"), "FOB CIF")


def test_the_admins_incoterm_checkboxes_give_the_fields_text():
    """The form gave the page a list: a revision then kept it as "[]" or "['FOB']", and a
    reviewer's approval refused that as an unknown Incoterm (tests/test_permissions.py's
    approval failed)."""
    from products.terms import codes_text

    field = ProductPage._meta.get_field("incoterms").formfield()
    assert field.clean(["FOB", "EXW"]) == "EXW FOB"
    assert field.clean([]) == ""
    assert codes_text("[]") == "" and codes_text("['FOB', 'cif']") == "FOB CIF"
    assert codes_text("XYZ fob") == "FOB XYZ"  # the unknown kept, for the field to refuse
