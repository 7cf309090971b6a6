"""The rough edges a buyer met (issue 20, item 6): a region's "see all", the language switch
that kept no search, month numbers, "1 tonnes", the home page's doubled title, and a
delegation page with no way to join. The phone menu is tests/browser/test_phone_menu.py."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from events.models import EventPage
from products import sections
from products.models import ProductPage
from products.units import amount_with_unit, unit_label
from regions.models import RegionPage

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- a region's products ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_region_page_links_all_its_products_in_the_catalogue(
    client, monkeypatch, language, certificates_in_force
):
    monkeypatch.setattr(sections, "REGION_PRODUCTS", 1)  # tests/data has few products
    region = RegionPage.objects.get(
        locale__language_code=language, key="northern-midlands-mountains"
    )
    count = ProductPage.objects.filter(
        locale__language_code=language, province__region=region, live=True
    ).count()
    assert count > 1
    html = html_of(client, region.url)
    link = re.search(r'<a class="see-all-region" href="([^"]+)">([^<]+)</a>', html)
    assert link, "no see-all link at the head of the region's products"
    href = link.group(1).replace("&amp;", "&")
    assert href.endswith("?region=northern-midlands-mountains")
    words = "See all" if language == "en" else "Xem tất cả"
    assert f"{words} {count} " in link.group(2) and region.title in link.group(2)
    catalogue = html_of(client, href)
    assert catalogue.count('class="card product-card"') == count


# --- the language switcher -----------------------------------------------------------------


def switcher_link(html, language):
    switcher = html[html.index('<nav class="language-switcher"') :]
    return (
        re.search(rf'<a href="([^"]+)" hreflang="{language}"', switcher)
        .group(1)
        .replace("&amp;", "&")
    )


def test_switching_language_on_the_catalogue_keeps_the_search_and_filters(client):
    html = html_of(client, "/en/products/?q=tea&stars=5&stars=4&province=thai-nguyen&utm_source=x")
    link = switcher_link(html, "vi")
    assert link.startswith("/vi/san-pham/?")
    assert sorted(link.split("?", 1)[1].split("&")) == [
        "province=thai-nguyen", "q=tea", "stars=4", "stars=5",
    ]  # fmt: skip
    back = switcher_link(html_of(client, link), "en")
    assert back.startswith("/en/products/?") and "q=tea" in back
    # hreflang names the page itself, not one search of it.
    assert '<link rel="alternate" hreflang="vi" href="http://testserver/vi/san-pham/">' in html


def test_switching_language_keeps_a_query_in_words_with_diacritics(client):
    html = html_of(client, "/vi/san-pham/?q=ch%C3%A8+t%C3%A2n+c%C6%B0%C6%A1ng")
    assert switcher_link(html, "en") == "/en/products/?q=ch%C3%A8+t%C3%A2n+c%C6%B0%C6%A1ng"


def test_switching_language_on_a_view_keeps_its_query(client):
    html = html_of(client, "/en/supply/?region=mekong-delta")
    assert switcher_link(html, "vi") == "/vi/supply/?region=mekong-delta"


def test_a_page_without_a_query_switches_to_its_plain_twin(client):
    assert switcher_link(html_of(client, "/en/products/"), "vi") == "/vi/san-pham/"


# --- month names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "short", "full"),
    [("en", "Jan", "January"), ("vi", "T1", "Tháng 1")],
)
def test_the_availability_strip_names_the_months(client, language, short, full):
    product = ProductPage.objects.get(import_ref="T-002", locale__language_code=language)
    product.harvest_months = [1, 2, 3]
    product.save_revision().publish()
    html = html_of(client, product.url)
    strip = html[html.index('<ol class="month-strip"') :]
    strip = strip[: strip.index("</ol>")]
    assert f'<span aria-hidden="true">{short}</span>' in strip
    assert f'<span class="visually-hidden">{full}:' in strip
    assert '<span aria-hidden="true">1</span>' not in strip


# --- units after an amount ---------------------------------------------------------------


def test_units_agree_with_their_amount_in_english():
    with translation.override("en"):
        assert unit_label("t", 1) == "tonne"
        assert unit_label("t", Decimal("1.000")) == "tonne"
        assert unit_label("t", 2) == "tonnes"
        assert unit_label("t", Decimal("1.5")) == "tonnes"
        assert unit_label("t", Decimal("0.5")) == "tonnes"
        assert unit_label("l", 1) == "litre" and unit_label("box", 3) == "boxes"
        assert unit_label("kg", 1) == "kg"
        assert unit_label("c40", 1, "40 ft containers") == "40 ft containers"
        assert amount_with_unit("t", 2500) == "2,500 tonnes"


def test_units_in_vietnamese_have_one_form():
    with translation.override("vi"):
        assert unit_label("t", 1) == unit_label("t", 7) == "tấn"
        assert amount_with_unit("t", 2500) == "2.500 tấn"


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("en", "1", "1 tonne per month"),
        ("en", "2", "2 tonnes per month"),
        ("vi", "1", "1 tấn mỗi tháng"),
    ],
)
def test_a_product_page_writes_one_tonne(client, language, amount, expected):
    product = ProductPage.objects.get(import_ref="T-002", locale__language_code=language)
    ProductPage.objects.filter(pk=product.pk).update(
        supply_capacity=Decimal(amount), supply_unit="t", supply_period="month"
    )
    html = re.sub(r"\s+", " ", html_of(client, product.url))
    assert expected in html
    assert "1 tonnes" not in html


# --- the home page's title -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "OCOP Vietnam Hub · One Commune One Product"),
        ("vi", "Cổng thông tin OCOP Việt Nam · Mỗi xã một sản phẩm"),
    ],
)
def test_the_home_page_title_names_the_hub_once(client, language, title):
    html = html_of(client, f"/{language}/")
    assert re.search(r"<title>(.*?)</title>", html).group(1) == title


def test_other_pages_keep_the_hub_after_their_title(client):
    html = html_of(client, "/en/products/")
    assert re.search(r"<title>(.*?)</title>", html).group(1) == "OCOP products · OCOP Vietnam Hub"


# --- joining a delegation ------------------------------------------------------------------


def delegation(language="en"):
    return (
        EventPage.objects.get(
            locale__language_code=language, title__startswith="Trade delegation to the Netherlands"
        )
        if language == "en"
        else EventPage.objects.get(
            locale__language_code=language, title__startswith="Đoàn giao thương tại Hà Lan"
        )
    )


def test_a_delegation_without_a_registration_form_offers_to_ask_to_join(client):
    page = delegation()
    EventPage.objects.filter(pk=page.pk).update(
        registration_url="", registration_deadline=timezone.now() + timedelta(days=30)
    )
    html = html_of(client, page.url)
    assert "Registration closes" in html
    assert f'href="/en/inquiry/?event={page.pk}">Ask to join the delegation</a>' in html
    assert ">Register</a>" not in html


def test_a_delegation_with_a_registration_form_links_it(client):
    page = delegation("vi")
    EventPage.objects.filter(pk=page.pk).update(
        registration_url="https://example.org/dang-ky",
        registration_deadline=timezone.now() + timedelta(days=30),
    )
    html = html_of(client, page.url)
    assert 'href="https://example.org/dang-ky"' in html
    assert "/inquiry/?event=" not in html


def test_after_the_deadline_neither_shows(client):
    page = delegation()
    EventPage.objects.filter(pk=page.pk).update(
        registration_url="", registration_deadline=timezone.now() - timedelta(days=1)
    )
    html = html_of(client, page.url)
    assert "/inquiry/?event=" not in html and ">Register</a>" not in html


# --- the general sourcing request ------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_home_page_links_the_sourcing_request(client, language):
    html = html_of(client, f"/{language}/")
    call = html[html.index('<div class="sourcing-call">') :]
    assert f'href="/{language}/sourcing/"' in call[: call.index("</div>")]
