"""GET /api/v1/products/search as the README's *Public interfaces* specify it."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]

URL = "/api/v1/products/search"


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_answer_has_the_documented_shape(client):
    data = search(client, q="Ba Be squash", page_size=1)
    assert set(data) == {"count", "page", "page_size", "results", "facets", "corrected_query",
                         "understood", "searched_words", "partial", "unmatched_words"}  # fmt: skip
    assert (data["corrected_query"], data["understood"], data["partial"]) == (None, [], False)
    assert (data["searched_words"], data["unmatched_words"]) == ("ba be squash", [])
    assert (data["count"], data["page"], data["page_size"]) == (1, 1, 1)
    squash = data["results"][0]
    assert squash == {
        "title": "Ba Be fragrant green squash",
        "url": "http://testserver/en/regions/northern-midlands-mountains/thai-nguyen/ba-be-fragrant-green-squash/",
        "province": {"slug": "thai-nguyen", "title": "Thai Nguyen"},
        "region": {
            "slug": "northern-midlands-mountains",
            "title": "Northern Midlands and Mountains",
        },
        "category": {"slug": "food", "title": "Food"},
        "stars": 3,
        "certifications": ["vietgap"],
        "producer": {
            "name": "HTX Nông nghiệp Ba Bể",
            "type": "cooperative",
            "url": "http://testserver/en/producers/htx-nong-nghiep-ba-be/",  # its profile
        },
        "supply": {"amount": 40.0, "unit": "t", "period": "month"},
        "harvest_months": [5, 6, 7, 8],
        "export_markets": [],
        "ocop_certificate_expired": False,
        # No price given: "on request" (tests/test_commercial_terms.py has one).
        "terms": {
            "price": None,
            "incoterms": [],
            "port_of_loading": "",
            "lead_time_days": None,
            "samples": "",
        },
    }
    assert set(data["facets"]) >= {
        "region",
        "province",
        "category",
        "stars",
        "certification",
        "month",
    }
    assert data["facets"]["stars"] == {"3": 1, "4": 0, "5": 0}
    assert set(data["facets"]["month"]) == {str(n) for n in range(1, 13)}


def test_vietnamese(client):
    data = search(client, q="bi xanh", lang="vi")
    assert [r["title"] for r in data["results"]] == ["Bí xanh thơm Ba Bể"]
    assert data["results"][0]["category"]["title"] == "Thực phẩm"
    assert "/vi/" in data["results"][0]["url"]


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"region": "central-highlands"}, {"Binh Thuan red dragon fruit"}),
        ({"province": ["hanoi", "da-nang"]}, {"Van Phuc silk", "Ngoc Linh ginseng tea"}),
        ({"category": "beverages"}, {"Tan Cuong green tea"}),
        ({"certification": "haccp"}, {"Tan Cuong green tea"}),
        ({"stars": ["4", "5"], "category": "food"}, {"Binh Thuan red dragon fruit"}),
        (
            {"month": "1"},
            {"Binh Thuan red dragon fruit", "Van Phuc silk", "Pac Ngoi community homestay"},
        ),
        (
            {"export_ready": "true"},
            {"Tan Cuong green tea", "Binh Thuan red dragon fruit", "Van Phuc silk"},
        ),
        (
            {"export_ready": "false", "region": "northern-midlands-mountains"},
            {"Ba Be fragrant green squash", "Pac Ngoi community homestay"},
        ),
        ({"q": "Binh Thuan dragon fruit"}, {"Binh Thuan red dragon fruit"}),
    ],
)
def test_every_filter(client, params, titles):
    data = search(client, **params)
    assert {r["title"] for r in data["results"]} == titles
    assert data["count"] == len(titles)


def test_facets_drill_down(client):
    """Each facet is counted without its own filter; a count is what ticking it gives."""
    data = search(client, region="northern-midlands-mountains")
    facets = data["facets"]
    assert data["count"] == 3
    assert facets["region"]["northern-midlands-mountains"] == 3
    assert facets["region"]["central-highlands"] == 1  # other regions stay visible
    assert facets["category"] == {"food": 1, "beverages": 1, "tourism": 1}
    for region, n in facets["region"].items():
        assert search(client, region=region)["count"] == n
    for category, n in facets["category"].items():
        both = search(client, region="northern-midlands-mountains", category=category)
        assert both["count"] == n


def test_facets_are_per_language_and_skip_aliases(client, en):
    from products.models import ProductPage

    # An alias (a page mirroring another) is not a product of its own.
    tea = ProductPage.objects.get(import_ref="T-002", locale=en)
    tea.create_alias(parent=tea.get_parent(), update_slug="tan-cuong-alias")
    assert search(client, category="beverages")["count"] == 1
    assert search(client, lang="vi")["count"] == search(client, lang="en")["count"] == 6


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"stars": "6"}, "“stars” must be one of 3, 4, 5"),
        ({"month": "13"}, "“month” must be one of"),
        ({"lang": "fr"}, "“lang” must be “en” or “vi”"),
        ({"page": "0"}, "“page” must be 1 or more"),
        ({"page": "abc"}, "“page” must be a whole number"),
        ({"page_size": "101"}, "“page_size” must be between 1 and 100"),
        ({"page": "3", "page_size": "5"}, "“page” 3 is past the last page (2)"),
        ({"export_ready": "maybe"}, "“export_ready” must be true or false"),
        ({"include_expired": "perhaps"}, "“include_expired” must be true or false"),
        ({"sort": "cheapest"}, "“sort” must be one of"),
        ({"q": "x" * 1001}, "“q” is longer than 1000 characters"),
        ({"lang": ["en", "vi"]}, "“lang” takes one value"),
    ],
)
def test_bad_parameters_are_400_with_a_message(client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.json()["error"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"stars": "6"}, "“stars” phải là một trong 3, 4, 5."),
        ({"page": "abc"}, "“page” phải là số nguyên, không phải “abc”."),
        ({"page": "3", "page_size": "5"}, "“page” 3 vượt quá trang cuối (2)."),
        ({"export_ready": "maybe"}, "“export_ready” phải là true hoặc false."),
    ],
)
def test_errors_are_in_vietnamese_for_lang_vi(client, params, message):
    response = client.get(URL, {"lang": "vi", **params})
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_suggestion_errors_follow_lang(client):
    response = client.get("/api/v1/products/suggest", {"q": "x" * 101, "lang": "vi"})
    assert response.status_code == 400
    assert response.json() == {"error": "“q” dài quá 100 ký tự."}


def test_pages(client):
    first = search(client, page_size=4)
    second = search(client, page_size=4, page=2)
    assert first["count"] == second["count"] == 6
    assert len(first["results"]) == 4 and len(second["results"]) == 2
    assert not {r["url"] for r in first["results"]} & {r["url"] for r in second["results"]}
    assert search(client, q="nothing-matches-this")["count"] == 0  # page 1 of nothing is fine


def test_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    search(client)  # warm the per-process caches (site root paths, content types)
    with django_assert_max_num_queries(20):
        assert search(client, page_size=100)["count"] == 6
    with django_assert_max_num_queries(20):
        assert search(client, q="squash")["count"] == 1


def test_openapi_schema_documents_the_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/products/search"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names >= {
        "q",
        "lang",
        "region",
        "province",
        "category",
        "certification",
        "stars",
        "month",
        "export_ready",
        "include_expired",
        "page",
        "page_size",
    }
    assert "400" in operation["responses"]
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.parametrize(
    ("q", "lang", "first"),
    [
        ("ba b", "en", "Ba Be fragrant green squash"),
        ("tan cu", "en", "Tan Cuong green tea"),
        ("chè tân", "vi", "Chè Tân Cương"),
        ("CHE TAN", "vi", "Chè Tân Cương"),
    ],
)
def test_suggestions_complete_what_is_typed(client, q, lang, first, django_assert_max_num_queries):
    client.get("/api/v1/products/suggest", {"q": q, "lang": lang})
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/products/suggest", {"q": q, "lang": lang})
    assert response.status_code == 200
    assert response.json()[0]["title"] == first
    assert response.json()[0]["url"].startswith(f"/{lang}/")


def test_suggestions_need_two_characters_and_refuse_long_or_bad_input(client):
    assert client.get("/api/v1/products/suggest", {"q": "b"}).json() == []
    assert client.get("/api/v1/products/suggest", {"q": "x" * 101}).status_code == 400
    assert client.get("/api/v1/products/suggest", {"q": "ba", "lang": "fr"}).status_code == 400
