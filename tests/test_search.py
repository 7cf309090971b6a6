"""Buyers find products however they spell them: without diacritics, with former names."""

import pytest
from django.utils import timezone

from products.models import ProductPage
from showcase.text import fold

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]


def titles(client, url):
    html = client.get(url).content.decode()
    # A card's title is an h2 where the list sits under the page's h1, an h3 under a section.
    return {
        page.title
        for page in ProductPage.objects.all()
        if f">{page.title}</h2>" in html or f">{page.title}</h3>" in html
    }


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Bí xanh thơm Ba Bể", "bi xanh thom ba be"),
        ("ĐÀ NẴNG", "da nang"),
        ("Đắk Lắk", "dak lak"),
        ("Bà Rịa – Vũng Tàu", "ba ria vung tau"),
        ("", ""),
    ],
)
def test_folding(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("query", ["Ba Be", "ba bể", "BA BỂ", "ba be squash"])
def test_queries_without_diacritics_find_the_squash_in_english(client, query):
    assert "Ba Be fragrant green squash" in titles(client, f"/en/products/?q={query}")


@pytest.mark.parametrize("query", ["bi xanh", "Bí xanh Ba Bể", "BI XANH BA BE"])
def test_and_in_vietnamese(client, query):
    assert titles(client, f"/vi/san-pham/?q={query}") == {"Bí xanh thơm Ba Bể"}


def test_da_nang_finds_its_products(client):
    assert "Ngoc Linh ginseng tea" in titles(client, "/en/products/?q=Da Nang")
    assert "Trà sâm Ngọc Linh" in titles(client, "/vi/san-pham/?q=Đà Nẵng")


def test_query_with_diacritics_finds_content_without_them(client):
    # English content is written without diacritics.
    assert "Binh Thuan red dragon fruit" in titles(client, "/en/products/?q=Bình Thuận")


@pytest.mark.parametrize(
    ("query", "expected"),
    # Bắc Kạn is now part of Thái Nguyên: its name finds all of Thái Nguyên's products.
    [
        (
            "Bac Kan",
            {"Ba Be fragrant green squash", "Pac Ngoi community homestay", "Tan Cuong green tea"},
        ),
        ("Binh Thuan dragon fruit", {"Binh Thuan red dragon fruit"}),
        ("Quang Nam ginseng", {"Ngoc Linh ginseng tea"}),
        ("Lam Dong", {"Binh Thuan red dragon fruit"}),
    ],
)
def test_former_and_current_province_names_find_the_products(client, query, expected):
    assert titles(client, f"/en/products/?q={query}") == expected


def test_english_searches_english_and_vietnamese_searches_vietnamese(client):
    assert titles(client, "/en/products/?q=squash") == {"Ba Be fragrant green squash"}
    assert titles(client, "/vi/san-pham/?q=squash") == set()
    assert titles(client, "/vi/san-pham/?q=thanh long") == {"Thanh long ruột đỏ Bình Thuận"}


def test_text_and_filters_combine(client):
    assert titles(client, "/en/products/?q=Bac Kan&category=tourism") == {
        "Pac Ngoi community homestay"
    }


def test_search_costs_no_query_per_result(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.HUB_PAGE_CACHE_SECONDS = 0  # what a search costs, not a cached page
    counts = {}
    for query, results in (("squash", 1), ("Bac Kan", 3)):
        client.get(f"/en/products/?q={query}")  # renditions are made on the first view
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/en/products/?q={query}")
        assert response.context["result"].count == results
        counts[query] = len(queries)
    assert counts["squash"] == counts["Bac Kan"] <= 12


@pytest.mark.parametrize("query", ["!!!", "-", '"', "(", "a" * 5000, "NEAR(a b)"])
def test_odd_queries_never_fail(client, query):
    response = client.get("/en/products/", {"q": query})
    assert response.status_code == (400 if len(query) > 1000 else 200)


@pytest.fixture
def synonyms():
    from search.models import SearchSynonym

    SearchSynonym.objects.create(terms="pitaya, dragon fruit, Thanh long")
    SearchSynonym.objects.create(terms="nuoc mam, fish sauce")


def test_editors_synonyms_widen_the_search(client, synonyms):
    assert titles(client, "/en/products/?q=pitaya") == {"Binh Thuan red dragon fruit"}
    assert titles(client, "/en/products/?q=Binh Thuan pitaya") == {"Binh Thuan red dragon fruit"}
    assert titles(client, "/vi/san-pham/?q=pitaya") == {"Thanh long ruột đỏ Bình Thuận"}
    assert titles(client, "/en/products/?q=squash") == {"Ba Be fragrant green squash"}


def test_a_synonym_needs_two_terms():
    from django.core.exceptions import ValidationError

    from search.models import SearchSynonym

    with pytest.raises(ValidationError):
        SearchSynonym(terms="pitaya, Pitaya").full_clean()


def test_synonyms_are_edited_in_the_admin(client, admin_user, synonyms):
    client.force_login(admin_user)
    response = client.get("/admin/snippets/catalogue/searchsynonym/")
    assert response.status_code == 200
    assert "pitaya, dragon fruit, Thanh long" in response.content.decode()


def test_a_bad_filter_keeps_the_words_and_says_what_was_wrong(client):
    response = client.get("/en/products/", {"q": "squash", "stars": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "“stars” must be a whole number" in html
    assert response.context["result"].count == 1  # still searching "squash"


def test_page_links_keep_the_page_size(client):
    response = client.get("/en/products/", {"page_size": "2"})
    assert 'href="?page_size=2&amp;page=2"' in response.content.decode()


def test_commodity_names_bridge_the_languages(client):
    """setup_hub makes each commodity's two names synonyms: English words on the
    Vietnamese catalogue find the Vietnamese products, best match first."""
    html = client.get("/vi/san-pham/", {"q": "dragon fruit"}).content.decode()
    assert "Thanh long ruột đỏ Bình Thuận" in html
    response = client.get("/api/v1/products/search", {"q": "pitaya", "lang": "vi"})
    assert response.json()["results"][0]["title"] == "Thanh long ruột đỏ Bình Thuận"


def test_bac_giang_finds_bac_ninh_products(client, write_csv, fixture_rows):
    from products.importing import ProductImporter

    header, row = fixture_rows[0], list(fixture_rows[1])
    for column, value in (("ref", "T-500"), ("name_vi", "Vải thiều Lục Ngạn"),
                          ("name_en", "Luc Ngan lychee"), ("province", "Bắc Giang"),
                          ("commodity", "lychee"),
                          ("ocop_certified_on", timezone.localdate().isoformat())):  # fmt: skip
        row[header.index(column)] = value
    assert ProductImporter().run(write_csv([header, row])).ok
    assert titles(client, "/en/products/?q=Bac Giang") == {"Luc Ngan lychee"}
    assert titles(client, "/en/products/?q=bac ninh lychee") == {"Luc Ngan lychee"}
    assert titles(client, "/vi/san-pham/?q=Bắc Giang") == {"Vải thiều Lục Ngạn"}


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        ("/en/products/", {"stars": "x"}, "“stars” must be a whole number, not “x”."),
        ("/vi/san-pham/", {"stars": "x"}, "“stars” phải là số nguyên, không phải “x”."),
        ("/vi/san-pham/", {"page_size": "500"}, "“page_size” phải nằm trong khoảng 1 đến 100."),
        ("/en/events/", {"region": "atlantis"}, "There is no region “atlantis”."),
        ("/vi/su-kien/", {"type": "picnic"}, "Không có loại hình sự kiện “picnic”."),
        ("/vi/diem-ban/", {"kind": "a", "province": "b"}, "Không có tỉnh, thành phố “b”."),
    ],
)
def test_a_bad_listing_parameter_is_a_400_in_the_pages_language(client, url, params, message):
    """Every listing reads its parameters the same way (showcase/params.py): the page
    answers 400 and says, in its own language, what to change."""
    response = client.get(url, params)
    assert response.status_code == 400
    assert message in response.content.decode()
