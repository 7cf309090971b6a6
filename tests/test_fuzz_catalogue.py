"""The catalogue page under generated query strings (hypothesis): whatever a buyer or a bot
puts in the address, in either language, the answer is the catalogue page — with a message
saying which parameter could not be read — and never a server error.

Bad input never answers 500. The page keeps the words typed and drops the filters it could
not read (search/catalogue.py): a wrong parameter is the catalogue with an alert, answered
400 like every listing (showcase/params.py), and a page past the last one is the last page.
"""

from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]

CATALOGUES = ("/en/products/", "/vi/san-pham/")
PARAMETERS = (
    "q",
    "lang",
    "region",
    "province",
    "category",
    "commodity",
    "certification",
    "stars",
    "month",
    "export_ready",
    "include_expired",
    "sort",
    "page",
    "page_size",
)

# Values that mean something to the catalogue, and values that look almost right.
MEANINGFUL = st.sampled_from(
    [
        "thai-nguyen", "lam-dong", "hanoi", "da-nang", "central-highlands",
        "northern-midlands-mountains", "food", "beverages", "vietgap", "haccp", "tea",
        "3", "4", "5", "1", "12", "13", "0", "-1", "+4", " 4 ", "4.0", "1e3", "0x10", "٣",
        "99999999999999999999999999", "-99999999999999999999", "NaN", "inf",
        "true", "false", "TRUE", "yes", "no", "maybe", "",
        "relevance", "stars", "updated", "price", "-stars",
        "en", "vi", "fr", "EN",
    ]
)  # fmt: skip
# Text a person, a paste or a scanner might send as the query.
HOSTILE_TEXT = st.sampled_from(
    [
        "Bắc Kạn", "BA BỂ", "Đà Nẵng", "thanh long Bình Thuận", "ｔｅａ", "ba\u0300 be\u0301",
        ".*", "(a+)+$", "[", "\\", "^$|", "a{1,99999}", "%", "_", "%%", "'", '"', '"unterminated',
        "' OR 1=1 --", "NEAR(tea squash)", "tea AND NOT squash", "tea*", "-tea", "col:tea",
        "\x00", "a\x00b", "\t\n\r", "\x1b[31m", "\u202e", "\ufeff", "\U0001f375 tea",
        "x" * 1000, "x" * 1001, "tea " * 300, "ể" * 2000,
        "<script>alert(1)</script>", "{{ 7*7 }}", "{% debug %}",
    ]
)  # fmt: skip
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
# Long lists of words, as a paste or a scanner sends (hundreds of words once exceeded
# Python's recursion limit in the search backend).
WORD_LISTS = st.lists(
    st.one_of(st.sampled_from(["chè", "tea", "Thái", "Nguyên", "OR", "NOT", "-", "*"]), ANY_TEXT),
    min_size=20,
    max_size=600,
).map(" ".join)
VALUES = st.one_of(MEANINGFUL, HOSTILE_TEXT, ANY_TEXT, WORD_LISTS, st.integers().map(str))
NAMES = st.one_of(st.sampled_from(PARAMETERS), st.sampled_from(PARAMETERS), ANY_TEXT)
QUERY_STRINGS = st.lists(st.tuples(NAMES, VALUES), max_size=8)
# One client for every example: a new one loads the middleware again, and WhiteNoise then
# indexes every static file (a third of a second a request). The catalogue keeps no session.
BUYER = Client()


@given(catalogue=st.sampled_from(CATALOGUES), pairs=QUERY_STRINGS)
@example(catalogue=CATALOGUES[0], pairs=[("q", " ".join(["a"] * 460))])
@example(catalogue=CATALOGUES[1], pairs=[("q", " ".join(["đ"] * 460))])
@settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow],
)
def test_any_query_string_gets_the_catalogue_page(catalogue, pairs):
    response = BUYER.get(f"{catalogue}?{urlencode(pairs)}")
    assert response.status_code in (200, 400), (pairs, response.status_code)
    # A 400 is the catalogue with the message that says which parameter was wrong.
    assert (response.status_code == 400) == (b'class="form-error"' in response.content), pairs
    assert response["Content-Type"].startswith("text/html")
    assert b'id="result-count"' in response.content  # the catalogue itself, not an error page


@pytest.mark.parametrize("catalogue", CATALOGUES)
@pytest.mark.parametrize(
    "pairs",
    [
        [("page", "0")],
        [("page", "-5")],
        [("page", "abc")],
        [("page_size", "100000")],
        [("stars", "6")],
        [("month", "13")],
        [("export_ready", "maybe")],
        [("sort", "cheapest")],  # ("price" is a sort since issue 20)
        [("incoterm", "XYZ")],
        [("price_given", "maybe")],
        [("page", "1"), ("page", "2")],
        [("province", "a\x00b")],
    ],
)
def test_a_wrong_parameter_is_said_and_the_words_kept(client, catalogue, pairs):
    response = client.get(f"{catalogue}?{urlencode(pairs + [('q', 'tea')])}")
    assert response.status_code == 400
    assert response.context["filter_error"], pairs
    assert response.context["query"].q == "tea"


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_too_long_a_query_is_said_and_cut(client, catalogue):
    response = client.get(catalogue, {"q": "chè " * 300})
    assert response.status_code == 400
    assert response.context["filter_error"]
    assert len(response.context["query"].q) == 1000


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_a_page_past_the_last_is_the_last_page(client, catalogue):
    response = client.get(catalogue, {"page": "99999999999999999999"})
    assert response.status_code == 200
    page = response.context["page_of_products"]
    assert page.number == page.paginator.num_pages


# The other listings read some of the same parameters (showcase/params.py, regions/filters.py).
@pytest.mark.parametrize(
    "path",
    [
        "/en/events/",
        "/vi/su-kien/",
        "/en/events/feed.ics",
        "/en/sales-points/",
        "/vi/diem-ban/",
        "/en/supply/",
        "/vi/supply/",
        "/en/print/products.pdf",
    ],
)
@pytest.mark.parametrize(
    "pairs",
    [
        [("region", "a\x00b")],
        [("province", "\x00")],
        [("type", "\x00"), ("kind", "\x00"), ("country", "\x00")],
        [("month", "2026-13"), ("view", "calendar")],
        [("month", "99999-01"), ("view", "calendar")],
        [("region", "x" * 5000)],
        [("q", "\x00"), ("stars", "\x00"), ("page", "\x00")],
    ],
)
def test_other_listings_never_fail_on_bad_parameters(client, path, pairs):
    response = client.get(f"{path}?{urlencode(pairs)}")
    # The supply pages answer an unknown region with 404, as they do any missing page.
    allowed = (200, 400, 404) if "/supply/" in path else (200, 400)
    assert response.status_code in allowed, (path, pairs, response.status_code)


# PostgreSQL refuses a NUL character in any text it is sent (SQLite takes it): every
# parameter that reaches a query must be refused or dropped before it does.
@pytest.mark.parametrize(
    "url",
    [
        "/en/inquiry/?commodity=%00",
        "/en/inquiry/?commodity=tea&region=%00",
        "/en/inquiry/?product=%00",
        "/vi/supply/?region=%00",
        "/en/print/products.pdf?province=%00",
        "/api/v2/pages/?search=%00",
        "/api/v2/pages/?slug=%00",
        "/api/v2/pages/?type=%00",
        "/api/v2/pages/?locale=%00",
        "/api/v2/pages/?type=products.ProductPage&title=%00",
        "/api/v2/pages/find/?html_path=%00",
        "/api/v2/images/?title=%00",
        "/api/v2/documents/?search=%00",
        "/en/%00/",
        "/en/products/%00/",
    ],
)
def test_nul_characters_never_reach_the_database(client, url):
    response = client.get(url)
    assert response.status_code in (200, 302, 400, 404), (url, response.status_code)
