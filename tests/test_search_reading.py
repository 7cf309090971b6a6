"""Search that forgives and understands (issue 18): typos, word forms, joined and split
words, what a query names read as filters, synonyms by language, partial matches, the
order of results, and what the page and the API say about it. On tests/data's six
products; tests/test_search_quality.py scores the demo's 130."""

import pytest

from search.understanding import strip_place_words
from search.words import key, query_words
from showcase.page_cache import purge

pytestmark = pytest.mark.usefixtures("certificates_in_force")


def api(client, **params):
    response = client.get("/api/v1/products/search", params)
    assert response.status_code == 200, response.content
    return response.json()


def titles(data):
    return [product["title"] for product in data["results"]]


# --- words ------------------------------------------------------------------------------


def test_english_words_are_held_by_their_stem_and_vietnamese_as_written():
    assert key("avocados", "en") == key("avocado", "en")
    assert key("carving", "en") == key("carved", "en")
    assert key("woven", "en") == key("weaving", "en")  # irregular: the stemmer alone fails
    assert key("nhan", "vi") == "nhan" and key("longans", "vi") == "longans"


def test_words_that_select_nothing_are_dropped_unless_nothing_is_left():
    assert query_words("Vietnamese pepper products from Viet Nam", "en") == ["pepper"]
    assert query_words("sản phẩm nấm Việt Nam", "vi") == ["nam"]  # nấm (mushroom) stays
    assert query_words("vietnam", "en") == ["vietnam"]


def test_a_place_name_loses_only_what_says_it_is_a_place():
    assert strip_place_words("Tỉnh Hà Tĩnh") == "ha tinh"
    assert strip_place_words("Ho Chi Minh City") == "ho chi minh"
    assert strip_place_words("Thành phố Huế") == "hue"


# --- spelling ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "lang", "read", "first"),
    [
        ("dragon frut", "en", "dragon fruit", "Binh Thuan red dragon fruit"),
        ("ginsen tea", "en", "ginseng tea", "Ngoc Linh ginseng tea"),
        ("squahs", "en", "squash", "Ba Be fragrant green squash"),  # two letters swapped
        ("homestya", "en", "homestay", "Pac Ngoi community homestay"),
        ("thanh logn", "vi", "thanh long", "Thanh long ruột đỏ Bình Thuận"),
    ],
)
def test_a_misspelt_word_is_corrected_and_said(client, typed, lang, read, first):
    data = api(client, q=typed, lang=lang)
    assert data["corrected_query"] == read
    assert titles(data)[0] == first


def test_as_typed_searches_the_words_as_they_are(client):
    data = api(client, q="dragon frut", as_typed="true")
    assert data["corrected_query"] is None
    # "frut" matches nothing: the partial match on "dragon" is said as such.
    assert data["partial"] is True and data["unmatched_words"] == ["frut"]
    assert titles(data) == ["Binh Thuan red dragon fruit"]


@pytest.mark.parametrize(
    ("typed", "lang", "first"),
    [
        ("greentea", "en", "Tan Cuong green tea"),  # joined
        ("dragonfruit", "en", "Binh Thuan red dragon fruit"),
        ("vanphuc silk", "en", "Van Phuc silk"),
        ("chetan cuong", "vi", "Chè Tân Cương"),
    ],
)
def test_joined_words_are_split_where_the_catalogue_holds_them_together(client, typed, lang, first):
    assert titles(api(client, q=typed, lang=lang))[0] == first


def test_plurals_find_the_singular(client):
    assert titles(api(client, q="squashes"))[0] == "Ba Be fragrant green squash"
    assert titles(api(client, q="homestays"))[0] == "Pac Ngoi community homestay"


def test_a_query_of_junk_words_reads_at_most_a_bounded_number_of_them(client):
    junk = " ".join(f"qz{n}x{n}" for n in range(150))[:1000]
    data = api(client, q=junk)
    assert data["count"] == 0 and len(data["unmatched_words"]) <= 32


# --- what a query names -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "facet", "value", "words"),
    [
        ("VietGAP squash", "certification", "vietgap", "squash"),
        ("5 star tea", "stars", "5", "tea"),
        ("chè 5 sao", "stars", "5", "che"),
        ("Bac Kan squash", "province", "thai-nguyen", "squash"),  # former name
        ("Binh Thuan", "province", "lam-dong", ""),
        ("hanoi silk", "province", "hanoi", "silk"),
        ("ha noi silk", "province", "hanoi", "silk"),
        ("Danang ginseng", "province", "da-nang", "ginseng"),  # written joined
        ("central highlands", "region", "central-highlands", ""),
        ("HS 0902.10", "hs", "090210", ""),
        ("0902", "hs", "0902", ""),
    ],
)
def test_what_a_query_names_becomes_a_filter(client, typed, facet, value, words):
    lang = "vi" if "sao" in typed else "en"
    data = api(client, q=typed, lang=lang)
    assert [(u["facet"], u["value"]) for u in data["understood"]] == [(facet, value)]
    assert data["searched_words"] == words
    assert data["count"] >= 1


def test_a_number_is_a_code_only_where_some_product_has_it(client):
    data = api(client, q="9999 tea")
    assert data["understood"] == []


def test_understood_filters_add_to_the_ones_given(client):
    data = api(client, q="vietgap", certification="haccp", lang="en")
    # Values of one facet add up (either certification), as ticking both would.
    assert set(titles(data)) == {"Ba Be fragrant green squash", "Tan Cuong green tea"}


def test_a_word_of_the_catalogue_is_not_read_as_a_joined_place_name(client, hub_longan):
    data = api(client, q="longan")
    assert data["understood"] == []  # not Long An
    assert titles(data) == ["Hung Yen longan"]


@pytest.fixture
def hub_longan(db, en):
    """A longan among the test products (its English name holds the word "longan")."""
    from products.models import ProductPage

    squash = ProductPage.objects.get(locale=en, import_ref="T-001")
    squash.title = "Hung Yen longan"
    squash.save_revision().publish()


# --- synonyms -----------------------------------------------------------------------------


def test_a_vietnamese_synonym_is_searched_in_vietnamese_only(client):
    from search.index import catalogue_index
    from search.models import SearchSynonym

    # "Ngọc" (jade) is a Vietnamese word, and in English text only a syllable of a place
    # name: Ngoc Linh, where the ginseng grows.
    assert catalogue_index("en").holding("ngoc")
    SearchSynonym.objects.create(terms="jade", vietnamese_terms="ngọc")
    purge()
    assert api(client, q="jade", lang="en")["count"] == 0
    assert titles(api(client, q="jade", lang="vi")) == ["Trà sâm Ngọc Linh"]


def test_a_synonym_applies_as_a_whole_term(client):
    from search.models import SearchSynonym

    before = titles(api(client, q="red"))
    SearchSynonym.objects.create(terms="pitaya, red dragon fruit")
    purge()
    assert titles(api(client, q="pitaya")) == ["Binh Thuan red dragon fruit"]
    assert titles(api(client, q="red")) == before  # "red" alone is not the term


# --- partial matches, order --------------------------------------------------------------


def test_no_empty_page_when_most_words_match(client):
    data = api(client, q="green tea from Thai Nguyen wholesale")
    assert data["count"] >= 1 and titles(data)[0] == "Tan Cuong green tea"
    assert data["partial"] is True and data["unmatched_words"] == ["wholesale"]


def test_with_no_words_complete_listings_come_first(client, en):
    from products.models import ProductPage

    listed = titles(api(client, page_size=10))
    products = {p.title: p for p in ProductPage.objects.filter(locale=en).live()}
    scores = [products[title] for title in listed]
    # A certification, a capacity and a minimum order before a bare listing.
    assert listed[0] != "Pac Ngoi community homestay"
    assert scores[0].certifications.exists() and scores[0].supply_capacity is not None


def test_words_side_by_side_in_the_name_come_first(client):
    # "green" and "squash"/"tea" both appear; the phrase "green tea" is one name's.
    assert titles(api(client, q="green tea"))[0] == "Tan Cuong green tea"


# --- the page ----------------------------------------------------------------------------


def test_the_page_says_what_it_searched_for_and_offers_the_words_as_typed(client):
    response = client.get("/en/products/", {"q": "dragon frut"})
    page = response.content.decode()
    assert "Showing results for <strong>dragon fruit</strong>" in page
    assert "as_typed=true" in page and "dragon+frut" in page


def test_the_page_shows_what_it_understood_as_removable_filters(client):
    response = client.get("/vi/san-pham/", {"q": "VietGAP chè"})
    context = response.context
    assert context["reading"]["understood"] == ["VietGAP"]
    chip = next(chip for chip in context["chips"] if chip["label"] == "VietGAP")
    wider = client.get("/vi/san-pham/" + chip["url"])
    assert wider.context["result"].count >= context["result"].count
    assert "certification" not in chip["url"]


def test_a_page_with_nothing_found_links_a_sourcing_request(client):
    response = client.get("/en/products/", {"q": "qzxv tea", "stars": "3"})
    page = response.content.decode()
    assert response.context["result"].count == 0
    assert "/en/inquiry/?commodity=tea" in page


def test_a_bad_hs_code_is_a_400_in_the_pages_language(client):
    response = client.get("/vi/san-pham/", {"hs": "09x"})
    assert response.status_code == 400
    assert "mã HS" in response.context["filter_error"]
    assert client.get("/api/v1/products/search", {"hs": "12"}).status_code == 400


def test_suggestions_offer_commodities_and_provinces_and_forgive_a_slip(client):
    found = client.get("/api/v1/products/suggest", {"q": "drag", "lang": "en"}).json()
    assert found[0]["kind"] == "commodity" and found[0]["url"].endswith("?commodity=dragon-fruit")
    found = client.get("/api/v1/products/suggest", {"q": "thai ng", "lang": "en"}).json()
    assert any(s["kind"] == "province" and s["title"] == "Thai Nguyen" for s in found)
    found = client.get("/api/v1/products/suggest", {"q": "ginsneg", "lang": "en"}).json()
    assert any(s["title"] == "Ngoc Linh ginseng tea" for s in found)


# --- found in review -----------------------------------------------------------------------


@pytest.mark.parametrize("q", ["joined", "apart", "tp", "thanh pho", "a" * 999, "09041100 11 22"])
def test_odd_words_are_read_without_error(client, q):
    assert client.get("/en/products/", {"q": q}).status_code == 200
    assert client.get("/api/v1/products/search", {"q": q}).status_code == 200


def test_a_long_junk_word_is_not_kept_in_the_word_cache(client):
    from search.words import _cached_key

    client.get("/api/v1/products/search", {"q": "qwertyuiop" * 50})
    before = _cached_key.cache_info().currsize
    client.get("/api/v1/products/search", {"q": "zxcvbnmasd" * 50})
    assert _cached_key.cache_info().currsize == before


def test_with_a_filter_understood_words_that_select_nothing_stay_dropped(client):
    data = api(client, q="5 star products")
    assert data["searched_words"] == "" and data["partial"] is False
    assert titles(data) == ["Tan Cuong green tea"]  # every 5-star product
    data = api(client, q="sản phẩm OCOP 3 sao", lang="vi")
    assert data["searched_words"] == "" and data["count"] == 2


def test_place_words_are_dropped_only_beside_the_place(db):
    from search.understanding import understand

    left, understood = understand(["tinh", "dau", "ha", "noi"], "vi")
    assert left == ["tinh", "dau"]  # tinh dầu, essential oil
    assert [(u.facet, u.value) for u in understood] == [("province", "hanoi")]
    left, understood = understand(["tinh", "ha", "noi", "lua"], "vi")
    assert left == ["lua"]
    left, understood = understand(["lua", "thanh", "pho", "hue"], "vi")
    assert left == ["lua"] and understood[0].value == "hue"


def test_a_one_syllable_vietnamese_synonym_is_looked_for_in_names_only(client, vi):
    from products.models import ProductPage
    from search.models import SearchSynonym

    tea = ProductPage.objects.get(locale=vi, import_ref="T-002")
    tea.description = "<p>Chè được bán tại chợ Ngọc Hà.</p>"  # "ngọc", a place here
    tea.save()
    SearchSynonym.objects.create(terms="jade", vietnamese_terms="ngọc")
    purge()
    assert titles(api(client, q="jade", lang="vi")) == ["Trà sâm Ngọc Linh"]


def test_an_hs_code_typed_without_its_dot_is_found(client, en):
    from products.models import ProductPage

    ProductPage.objects.filter(import_ref="T-002").update(hs_code="090210")
    purge()
    assert titles(api(client, q="0902.10")) == ["Tan Cuong green tea"]
    assert titles(api(client, hs="0902")) == ["Tan Cuong green tea"]


def test_a_new_search_does_not_keep_the_filters_read_from_the_last_one(client):
    response = client.get("/en/products/", {"q": "VietGAP squash", "stars": "3"})
    assert response.context["result"].query.certification == ("vietgap",)
    assert response.context["search_form_params"] == [("stars", "3")]


def test_publishing_inside_a_transaction_starts_a_generation_again_at_commit(
    db, django_capture_on_commit_callbacks
):
    from showcase.page_cache import generation

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        purge()
        during = generation()
    assert callbacks  # the purge to come at commit
    callbacks[-1]()
    assert generation() != during


def test_a_correction_is_shown_as_product_names_write_it(client):
    # The typed words as typed; the corrected one with the marks product names give it.
    data = api(client, q="che tan cuogn", lang="vi")
    assert data["corrected_query"] == "che tan cương"
    assert titles(data) == ["Chè Tân Cương"]


def test_the_openapi_schema_documents_how_the_query_was_read(client):
    schema = client.get("/api/v1/openapi.json").json()
    fields = schema["components"]["schemas"]["SearchOut"]["properties"]
    assert {"corrected_query", "understood", "searched_words", "partial", "unmatched_words"} <= set(
        fields
    )
    assert "dragon frut" in fields["corrected_query"]["description"]
    parameters = schema["paths"]["/api/v1/products/search"]["get"]["parameters"]
    assert {"hs", "as_typed"} <= {parameter["name"] for parameter in parameters}


def test_a_product_published_since_the_index_was_built_is_still_listed(client, en, settings):
    from products.models import ProductPage

    settings.HUB_SEARCH_REBUILD_SECONDS = 3600  # the index is not rebuilt in this test
    silk = ProductPage.objects.get(locale=en, import_ref="T-005")
    silk.unpublish()
    without = api(client, page_size=100)  # the index is built without the silk
    assert "Van Phuc silk" not in titles(without)
    silk.save_revision().publish()
    data = api(client, page_size=100)
    assert data["count"] == without["count"] + 1 and titles(data)[-1] == "Van Phuc silk"


def test_words_nothing_mentions_are_named_as_the_buyer_wrote_them(client):
    response = client.get("/vi/san-pham/", {"q": "chè xyzzỹ", "as_typed": "true"})
    assert response.context["reading"]["unmatched"] == "xyzzỹ"
