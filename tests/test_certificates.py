"""An OCOP certificate is valid 36 months. After that the product is flagged "OCOP
certificate expired" wherever a buyer meets it, and it leaves the default catalogue, the
search API, suggestions, pooled supply, sourcing inquiries and the home page's figures.

Every expectation is computed from today's date: the `certificates_in_force` fixture
renews the test data's certificates, then `expired_tea` lets exactly one lapse."""

import datetime
import io
import json
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from products.models import Commodity, ProductPage, add_months
from products.supply import pooled_products
from showcase.page_cache import purge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]

API = "/api/v1/products/search"
TEA, TEA_VI = "Tan Cuong green tea", "Chè Tân Cương"
EXPIRED = "OCOP certificate expired"


@pytest.fixture
def expired_tea():
    """Tan Cuong tea (both languages), certified 37 months ago: expired about a month ago.
    It is the only beverage and the only 5-star product of the test data."""
    certified = add_months(timezone.localdate(), -37)
    ProductPage.objects.filter(import_ref="T-002").update(ocop_certified_on=certified)
    tea = ProductPage.objects.get(import_ref="T-002", locale__language_code="en")
    assert tea.ocop_certificate_expired
    return tea


def valid_count(language="en"):
    products = ProductPage.objects.live().filter(locale__language_code=language)
    return products.filter(alias_of__isnull=True).certificate_valid().count()


def search(client, **params):
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return response.json()


def card(html, title):
    """The product card of `title` in a list page, or None."""
    for article in re.findall(r'<article class="card product-card">.*?</article>', html, re.S):
        if f">{title}</h2>" in article or f">{title}</h3>" in article:
            return article
    return None


# The search API


def test_api_leaves_expired_products_out_by_default(client, expired_tea):
    data = search(client, page_size=100)
    assert TEA not in {result["title"] for result in data["results"]}
    assert data["count"] == valid_count() == len(data["results"])
    assert not any(result["ocop_certificate_expired"] for result in data["results"])
    assert search(client, q="Tan Cuong")["count"] == 0
    assert search(client, lang="vi", page_size=100)["count"] == valid_count("vi")


def test_api_includes_them_flagged_when_asked(client, expired_tea):
    data = search(client, page_size=100, include_expired="true")
    assert data["count"] == valid_count() + 1
    flagged = {result["title"] for result in data["results"] if result["ocop_certificate_expired"]}
    assert flagged == {TEA}
    assert search(client, include_expired="false")["count"] == valid_count()
    assert [r["title"] for r in search(client, q="Tan Cuong", include_expired="1")["results"]] == [
        TEA
    ]


@pytest.mark.parametrize("value", ["maybe", "2", "expired"])
def test_api_refuses_a_bad_include_expired(client, value):
    response = client.get(API, {"include_expired": value})
    assert response.status_code == 400
    assert response.json() == {"error": "“include_expired” must be true or false."}


@pytest.mark.parametrize("include", [None, "true"])
def test_facet_counts_agree_with_the_results(client, expired_tea, include):
    params = {"include_expired": include} if include else {}
    data = search(client, **params)
    facets = data["facets"]
    assert sum(facets["category"].values()) == data["count"]
    assert sum(facets["stars"].values()) == data["count"]
    assert sum(facets["region"].values()) == data["count"]
    assert facets["category"].get("beverages", 0) == (1 if include else 0)
    assert facets["stars"]["5"] == (1 if include else 0)
    for region, n in facets["region"].items():
        assert search(client, region=region, **params)["count"] == n
    for category, n in facets["category"].items():
        assert search(client, category=category, **params)["count"] == n


def test_suggestions_leave_expired_products_out(client, expired_tea):
    suggested = client.get("/api/v1/products/suggest", {"q": "tan cu"}).json()
    assert TEA not in [s["title"] for s in suggested]
    suggested = client.get("/api/v1/products/suggest", {"q": "ba b"}).json()
    assert suggested[0]["title"] == "Ba Be fragrant green squash"


def test_expiry_is_counted_from_today(client):
    """Certified exactly 36 months ago: valid through today. One day earlier: expired."""
    today = timezone.localdate()
    squash = ProductPage.objects.filter(import_ref="T-001")
    # A date changes by a publication, which starts a new content generation: the
    # catalogue's facet table (search/facets.py) is rebuilt then, as purge() does here.
    squash.update(ocop_certified_on=add_months(today, -36))
    purge()
    assert "Ba Be fragrant green squash" in {r["title"] for r in search(client)["results"]}
    squash.update(ocop_certified_on=add_months(today - datetime.timedelta(days=1), -36))
    purge()
    assert "Ba Be fragrant green squash" not in {r["title"] for r in search(client)["results"]}
    assert squash.get(locale__language_code="en").ocop_certificate_expired


# The catalogue page


def test_catalogue_leaves_them_out_and_offers_to_include_them(client, expired_tea):
    response = client.get("/en/products/")
    html = response.content.decode()
    assert card(html, TEA) is None
    assert response.context["result"].count == valid_count()
    assert response.context["result"].expired_count == 1
    checkbox = re.search(r'<input type="checkbox" name="include_expired" value="true"[^>]*>', html)
    assert checkbox and "checked" not in checkbox.group()
    assert "Include products whose OCOP certificate has expired" in html
    html = client.get("/vi/san-pham/").content.decode()
    assert card(html, TEA_VI) is None


def test_catalogue_shows_them_flagged_when_included(client, expired_tea):
    response = client.get("/en/products/", {"include_expired": "true", "page_size": "2"})
    assert response.context["result"].count == valid_count() + 1
    html = client.get("/en/products/", {"include_expired": "true"}).content.decode()
    assert EXPIRED in card(html, TEA)
    assert EXPIRED not in card(html, "Ba Be fragrant green squash")
    checkbox = re.search(r'<input type="checkbox" name="include_expired" value="true"[^>]*>', html)
    assert "checked" in checkbox.group()
    # A removable chip says so, and links (sorting, paging, searching) keep the choice.
    assert 'aria-label="Remove filter: Including expired OCOP certificates"' in html
    assert '<input type="hidden" name="include_expired" value="true">' in html
    paged = client.get("/en/products/", {"include_expired": "true", "page_size": "2"})
    assert "include_expired=true&amp;page_size=2&amp;page=2" in paged.content.decode()


def test_catalogue_facets_count_only_what_is_shown(client, expired_tea):
    facets = {f["name"]: f for f in client.get("/en/products/").context["facets"]}
    categories = {option["value"]: option["count"] for option in facets["category"]["options"]}
    assert "beverages" not in categories  # nothing left to find there
    included = client.get("/en/products/", {"include_expired": "true"}).context["facets"]
    categories = {
        o["value"]: o["count"] for o in {f["name"]: f for f in included}["category"]["options"]
    }
    assert categories["beverages"] == 1


# Where a buyer meets the product


def test_product_page_says_so_before_anything_else(client, expired_tea):
    html = client.get(expired_tea.url).content.decode()
    notice = html.index('class="certificate-notice"')
    assert notice < html.index("OCOP 5-star product")
    assert EXPIRED in html[notice:] and "re-certified" in html[notice:]
    squash = ProductPage.objects.get(import_ref="T-001", locale__language_code="en")
    assert "certificate-notice" not in client.get(squash.url).content.decode()


def test_product_page_structured_data_marks_the_certificate_inactive(client, expired_tea):
    def ocop(page):
        html = client.get(page.url).content.decode()
        data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S)[1])
        return data, data["hasCertification"][0]

    data, certificate = ocop(expired_tea)
    assert certificate["certificationStatus"] == "https://schema.org/CertificationInactive"
    assert certificate["description"] == EXPIRED
    assert "award" not in data  # a lapsed rating is not an award
    squash = ProductPage.objects.get(import_ref="T-001", locale__language_code="en")
    data, certificate = ocop(squash)
    assert certificate["certificationStatus"] == "https://schema.org/CertificationActive"
    assert "description" not in certificate and data["award"] == "OCOP 3★"


def pdf_text(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_printed_catalogues_follow_the_catalogue_and_flag_expired_products(client, expired_tea):
    text = pdf_text(client.get("/en/print/products.pdf"))
    assert TEA not in text and EXPIRED not in text
    text = pdf_text(client.get("/en/print/products.pdf?include_expired=true"))
    assert TEA in text and EXPIRED in text
    assert "Including expired OCOP certificates" in text  # the cover says what was asked
    # A shortlisted product stays on the buyer's shortlist, flagged.
    client.post("/en/shortlist/add/", {"product": expired_tea.pk})
    text = pdf_text(client.get("/en/print/shortlist.pdf"))
    assert TEA in text and EXPIRED in text
    assert "1 product is marked “OCOP certificate expired”" in text.replace("\n", " ")


def test_shortlist_cards_flag_it(client, expired_tea):
    client.post("/en/shortlist/add/", {"product": expired_tea.pk})
    assert EXPIRED in card(client.get("/en/shortlist/").content.decode(), TEA)


def test_fair_exhibitors_and_the_inquiry_form_flag_it(client, expired_tea):
    from events.models import EventPage

    fair = EventPage.objects.get(slug="tea-fair-2099", locale__language_code="en")
    rows = re.findall(r"<tr[ >].*?</tr>", client.get(fair.url).content.decode(), re.S)
    [tea_row] = [row for row in rows if TEA in row]
    assert EXPIRED in tea_row
    assert not any(EXPIRED in row for row in rows if TEA not in row)
    html = client.get("/en/inquiry/", {"product": expired_tea.pk}).content.decode()
    assert EXPIRED in html


# What is counted


def test_pooled_supply_and_sourcing_inquiries_count_only_valid_certificates(
    client, expired_tea, en
):
    tea = Commodity.objects.get(slug="tea")
    assert expired_tea not in pooled_products(en, tea)
    html = client.get("/en/supply/tea/").content.decode()
    assert TEA not in html
    response = client.get("/en/inquiry/", {"commodity": "tea"})
    assert expired_tea not in response.context["products"]
    # An inquiry about the product itself is still possible: the buyer read the warning.
    response = client.get("/en/inquiry/", {"product": expired_tea.pk})
    assert response.status_code == 200 and expired_tea in response.context["products"]


def test_home_page_figures_leave_expired_products_out(client, expired_tea):
    html = client.get("/en/").content.decode()
    shown = re.search(
        r'class="stat-number">(\d+)</span><span class="stat-label">OCOP products', html
    )
    assert int(shown[1]) == valid_count()
    assert card(html, TEA) is None  # no longer featured among 5-star products
