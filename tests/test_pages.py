"""Every public page type renders in both languages, linked to its twin."""

import re

import pytest
from django.utils import translation
from django.utils.formats import date_format
from wagtail.models import Locale, Page

from events.models import EventPage
from products.models import ProductPage
from regions.models import ProvincePage, SalesPointPage

pytestmark = pytest.mark.django_db


def pages_of_every_type(locale):
    pages = {}
    for page in Page.objects.live().filter(locale__language_code=locale, depth__gt=1).specific():
        pages.setdefault(type(page).__name__, page)
    return pages


def hreflang_links(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html))


@pytest.mark.parametrize("language", ["en", "vi"])
def test_every_page_type_renders_with_lang_and_hreflang(client, language):
    """What each page costs in queries is pinned in tests/test_page_cache.py."""
    pages = pages_of_every_type(language)
    assert set(pages) == {
        "HomePage",
        "RegionIndexPage",
        "RegionPage",
        "ProvincePage",
        "ProductIndexPage",
        "ProductPage",
        "EventIndexPage",
        "EventPage",
        "SalesPointIndexPage",
        "SalesPointPage",
        "InformationPage",
    }
    for name, page in pages.items():
        response = client.get(page.url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, name
        links = hreflang_links(html)
        twin = page.get_translation(
            Locale.objects.get(language_code="vi" if language == "en" else "en")
        )
        assert links[language].endswith(page.url), name
        assert links["vi" if language == "en" else "en"].endswith(twin.url), name
        assert "x-default" in links
        # The language switcher offers the twin.
        assert f'<a href="{twin.url}" hreflang=' in html, name


@pytest.mark.parametrize(
    ("accept", "cookie", "target"),
    [
        ("en-GB,en;q=0.9", None, "/en/"),
        ("vi-VN,vi;q=0.9,en;q=0.5", None, "/vi/"),
        ("nl-NL,nl;q=0.9", None, "/en/"),
        ("", None, "/en/"),
        ("en", "vi", "/vi/"),
    ],
)
def test_root_sends_each_visitor_to_their_language(client, accept, cookie, target):
    if cookie:
        client.cookies["django_language"] = cookie
    response = client.get("/", headers={"accept-language": accept})
    assert response.status_code == 302 and response["Location"] == target


@pytest.mark.usefixtures("certificates_in_force")
def test_home_page_shows_the_hub_in_figures(client):
    html = client.get("/en/").content.decode()
    assert "Source Vietnam’s certified local products" in html
    assert re.search(r'class="stat-number">6</span><span class="stat-label">OCOP products', html)
    assert re.search(
        r'class="stat-number">34</span><span class="stat-label">provinces and cities', html
    )
    assert "Tan Cuong green tea" in html  # the one 5-star product is featured
    assert 'href="/en/products/?category=beverages"' in html


@pytest.mark.usefixtures("certificates_in_force")
def test_product_page_tells_a_buyer_what_they_need(client, en):
    page = ProductPage.objects.get(import_ref="T-002", locale=en)
    html = client.get(page.url).content.decode()
    assert "<h1>Tan Cuong green tea</h1>" in html
    assert "OCOP 5-star product" in html
    with translation.override("en"):
        assert f"valid until {date_format(page.ocop_valid_until, 'DATE_FORMAT')}" in html
    assert "OCOP certificate expired" not in html
    assert "30 tonnes per year" in html
    assert "Canada, Russia, United Kingdom, United States of America" in html
    assert "Beverages · Tea" in html
    assert 'class="is-on"' in html  # the availability strip


def test_product_page_in_vietnamese(client, vi):
    page = ProductPage.objects.get(import_ref="T-002", locale=vi)
    html = client.get(page.url).content.decode()
    assert "<h1>Chè Tân Cương</h1>" in html
    assert "Đồ uống · Chè" in html
    assert "30 tấn mỗi năm" in html


def test_expired_certificates_are_flagged(client, en):
    page = ProductPage.objects.get(import_ref="T-004", locale=en)  # certified 2022-09-01
    html = client.get(page.url).content.decode()
    assert "is-expired" in html and "expired on" in html
    # Said prominently, before the rating, so a buyer reads it first.
    notice = html.index('class="certificate-notice"')
    assert notice < html.index("OCOP 4-star product")
    assert "OCOP certificate expired" in html[notice:]


def test_region_page_counts_products_per_province(client, en):
    region = ProvincePage.objects.get(slug="thai-nguyen", locale=en).region
    html = client.get(region.url).content.decode()
    assert re.search(r"Thai Nguyen</span>.*?3 products", html, re.S)


def test_province_page_lists_its_products_and_former_names(client, en):
    province = ProvincePage.objects.get(slug="thai-nguyen", locale=en)
    html = client.get(province.url).content.decode()
    assert "Merged on 1 July 2025 with" in html and "Bắc Kạn" in html
    assert "Ba Be fragrant green squash" in html and "Tan Cuong green tea" in html


@pytest.mark.usefixtures("certificates_in_force")
def test_catalogue_filters(client):
    html = client.get("/en/products/?category=beverages").content.decode()
    assert "1 product" in html and "Tan Cuong green tea" in html
    html = client.get("/en/products/?region=central-highlands").content.decode()
    assert "Binh Thuan red dragon fruit" in html and "Tan Cuong" not in html
    html = client.get("/vi/san-pham/?stars=5").content.decode()
    assert "Chè Tân Cương" in html and "Bí xanh" not in html


def test_event_and_sales_point_pages(client, en):
    event = EventPage.objects.live().filter(locale=en).first()
    assert client.get(event.url).status_code == 200
    point = SalesPointPage.objects.live().filter(locale=en).first()
    html = client.get(point.url).content.decode()
    assert point.address in html


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "It may have moved when provinces merged" in response.content.decode()


def test_pages_api_is_read_only_json(client):
    response = client.get("/api/v2/pages/?type=products.ProductPage&locale=en&fields=title")
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["items"]}
    assert "Tan Cuong green tea" in titles
    assert client.post("/api/v2/pages/", {}).status_code == 405


@pytest.mark.parametrize("search", ['"', "(", "NEAR(", "Đà Nẵng", "*", "AND"])
def test_pages_api_search_never_fails(client, search):
    response = client.get("/api/v2/pages/", {"search": search})
    assert response.status_code in (200, 400)


def test_pages_api_search_folds_diacritics(client):
    response = client.get("/api/v2/pages/", {"search": "Tân Cương", "type": "products.ProductPage"})
    assert response.status_code == 200
    assert {item["title"] for item in response.json()["items"]} >= {"Tan Cuong green tea"}
