"""Every public address and form under generated input (hypothesis): whatever a visitor, a
bot or a scanner sends — a number beyond 64 bits, zero or negative where an id goes, a
long list of words, any Unicode, one parameter many times — the answer is a page, a
redirect, a 400 or a 404, never a server error.

The addresses come from the URLconf itself (every route but the admin's, in both
languages) and, for Wagtail's pages, from tests/public_pages.py: a new route is fuzzed
without being listed here, and one whose pattern this file cannot fill fails
`test_every_public_route_is_fuzzed` until it can. The JSON search API is fuzzed against its
own schema in tests/test_fuzz_api.py.

Generation is derandomised (a run is reproducible) and bounded: the file takes about a
minute on SQLite.
"""

import re
from collections import Counter
from functools import cache
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import LocalePrefixPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from products.models import Commodity, ProductPage
from regions.models import RegionPage
from tests.public_pages import LANGUAGES, public_pages
from tests.test_fuzz_catalogue import HOSTILE_TEXT, MEANINGFUL

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]


def fuzzing(examples):
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- What a visitor sends ---------------------------------------------------------------

# Numbers where the databases' integers end (2**31 on PostgreSQL's integer, 2**63 on
# bigint and SQLite's INTEGER) and far beyond, zero and negative.
EDGES = [0, -1, 1, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**20 - 1, 10**40]
NUMBERS = st.one_of(st.sampled_from(EDGES), st.integers(), st.integers(-(10**30), 10**30)).map(str)
# Text that is almost a number, and one longer than Python converts (4300 digits).
NUMBER_LIKE = st.sampled_from(
    ["٣", "+4", " 4 ", "4.0", "1e3", "0x10", "1_000", "-0", "00000000000000000000001", "9" * 4301]
)
WORDS = st.sampled_from(
    ["tea", "chè", "Đà", "Nẵng", "thanh", "long", "and", "OR", "NOT", "NEAR", "-", "*", '"', "(", ")",
     "a", "b", "đ", "ể"]
)  # fmt: skip
# Hundreds of one-letter words fit in the 1000 characters a search takes.
MANY_WORDS = urlencode({"q": " ".join(["a"] * 460)})
WORD_LISTS = st.lists(st.one_of(WORDS, st.text(min_size=1, max_size=8)), min_size=20, max_size=600)
LONG_TEXT = WORD_LISTS.map(" ".join)
UNICODE = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
VALUES = st.one_of(NUMBERS, NUMBER_LIKE, LONG_TEXT, UNICODE, HOSTILE_TEXT, MEANINGFUL)

# Every parameter a public page, feed, PDF or API reads, and names nothing reads.
PARAMETERS = (
    "q", "lang", "region", "province", "category", "commodity", "certification", "stars",
    "month", "export_ready", "include_expired", "sort", "page", "page_size", "view", "type",
    "kind", "country", "product", "shortlist", "producer", "facet", "n", "offset", "limit",
    "id", "child_of", "descendant_of", "ancestor_of", "translation_of", "search",
    "search_operator", "fields", "order", "locale", "html_path", "slug", "title", "next",
    "language", "format",
)  # fmt: skip
NAMES = st.one_of(st.sampled_from(PARAMETERS), UNICODE)
REPEATED = st.tuples(NAMES, st.lists(VALUES, min_size=2, max_size=40)).map(
    lambda repeated: [(repeated[0], value) for value in repeated[1]]
)
PAIRS = st.tuples(st.lists(st.tuples(NAMES, VALUES), max_size=8), st.lists(REPEATED, max_size=1))
# Query strings no browser sends but a scanner does.
RAW = st.sampled_from(["", "", "", "%", "%ff", "%00", "&&=&", "=x", "a=%E1%BB", ";q=tea", "q"])


@st.composite
def query_strings(draw):
    pairs, repeated = draw(PAIRS)
    for more in repeated:
        pairs += more
    text = urlencode(pairs)
    raw = draw(RAW)
    return "&".join(part for part in (text, raw) if part)


# --- Where it is sent -------------------------------------------------------------------

# The URLconf's patterns that are regular expressions, and how to fill them. Route
# converters (<int:…>, <id:…>, <slug:…>, <str:…>, <path:…>) are filled from their type.
REGEX_ROUTES = {
    r"documents/^(\d+)/(.*)$": "documents/{number}/{text}",
    r"^documents/(\d+)/(.*)$": "documents/{number}/{text}",  # its privacy-aware front
    r"{lang}/^((?:[\w\-]+/)*)$": "{lang}/{page}",  # Wagtail's pages
    r"^api/": "api/{text}",
}
CONVERTERS = {
    "int": "{number}",
    "id": "{number}",
    "slug": "{text}",
    "str": "{text}",
    "path": "{text}",
}
NOT_PUBLIC = ("admin/",)


def routes(patterns=None, prefix=""):
    """Every route of the URLconf as text, the language prefix as `{lang}/`."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        prefixed = isinstance(entry.pattern, LocalePrefixPattern)
        text = "{lang}/" if prefixed else str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + text)
        else:
            yield prefix + text


def template(route):
    """An address with `{lang}`, `{number}`, `{text}` and `{page}` holes for `route`."""
    if route in REGEX_ROUTES:
        return REGEX_ROUTES[route]
    simple = re.sub(r"(^|/)\^", r"\1", route).removesuffix("$")
    if re.search(r"[\\^$()\[\]*+?|]", simple):
        raise LookupError(f"add {route!r} to REGEX_ROUTES: this file cannot fill it")
    return re.sub(r"<(\w+):\w+>", lambda converter: CONVERTERS[converter[1]], simple)


@cache
def templates():
    return tuple(
        sorted({"/" + template(route) for route in routes() if not route.startswith(NOT_PUBLIC)})
    )


@cache
def pages():
    """The public pages' paths without their language prefix, and their own queries."""
    return tuple(
        sorted(
            {path.split("/", 2)[2] for language in LANGUAGES for _, path in public_pages(language)}
        )
    )


SEGMENTS = st.lists(st.one_of(WORDS, UNICODE, NUMBERS), min_size=1, max_size=4)


@st.composite
def addresses(draw):
    address = draw(st.sampled_from(templates()))
    if "{page}" in address:
        page = draw(
            st.one_of(
                st.sampled_from(pages()),
                SEGMENTS.map(lambda parts: "/".join(quote(part, safe="") for part in parts) + "/"),
            )
        )
        address = address.replace("{page}", page)
    while "{number}" in address or "{text}" in address:
        hole = "{number}" if "{number}" in address else "{text}"
        value = draw(NUMBERS if hole == "{number}" else st.one_of(VALUES, NUMBERS))
        address = address.replace(hole, quote(value, safe=""), 1)
    return address.replace("{lang}", draw(st.sampled_from(LANGUAGES)))


def test_every_public_route_is_fuzzed():
    found = templates()
    assert "/{lang}/events/{number}.ics" in found
    assert "/api/v2/pages/{number}/" in found
    assert "/{lang}/{page}" in found
    assert all("<" not in address and "^" not in address for address in found), found


@cache
def _client():
    # One client for every example: a new one loads the middleware again, and WhiteNoise
    # then indexes every static file (a third of a second a request).
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def visitor():
    """A new visitor, without a session. A server error raises in the test, with its
    traceback; the status is checked too."""
    client = _client()
    client.cookies.clear()
    return client


def test_any_address_with_any_query():
    statuses = Counter()

    @given(address=addresses(), query=query_strings())
    @example(address="/en/products/", query=MANY_WORDS)
    @example(address="/vi/san-pham/", query=MANY_WORDS)
    @example(address="/api/v2/pages/", query=MANY_WORDS.replace("q=", "search="))
    @fuzzing(1200)
    def answers(address, query):
        separator = "&" if "?" in address else "?"
        response = visitor().get(f"{address}{separator}{query}")
        statuses[response.status_code] += 1
        assert response.status_code < 500, (address, query, response.status_code)
        if address.startswith("/api/"):  # an API address is never sent to a language
            assert not re.match(r"/(en|vi)/", response.get("Location", "")), response["Location"]

    answers()
    # The fuzzing reached pages, files and answers, not only errors.
    assert statuses[200] > 200 and statuses[400] > 50 and statuses[404] > 200, statuses
    print(statuses)


# --- The forms a visitor sends ----------------------------------------------------------


@cache
def ids():
    """Ids that exist: products in both languages, the commodities and regions."""
    return {
        "product": tuple(ProductPage.objects.live().values_list("pk", flat=True)),
        "commodity": tuple(Commodity.objects.values_list("pk", flat=True)),
        "region": tuple(RegionPage.objects.live().values_list("pk", flat=True)),
    }


def field(name):
    """A value for form field `name`: one that exists, or anything."""
    real = st.sampled_from(ids()[name]).map(str) if name in ids() else st.nothing()
    return st.one_of(real, VALUES)


@given(
    data=st.data(), action=st.sampled_from(["add", "remove"]), language=st.sampled_from(LANGUAGES)
)
@fuzzing(200)
def test_the_shortlist_buttons(data, action, language):
    pairs = data.draw(
        st.lists(st.tuples(st.sampled_from(["product", "next"]), field("product")), max_size=4)
    )
    pairs += data.draw(st.lists(REPEATED, max_size=1).map(lambda more: sum(more, [])))
    response = visitor().post(
        f"/{language}/shortlist/{action}/",
        urlencode(pairs),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code < 500, (pairs, response.status_code)


INQUIRY_FIELDS = (
    "name", "company", "email", "phone", "country", "commodity", "region", "quantity",
    "quantity_unit", "destination_country", "incoterm", "target_date", "packaging",
    "message", "consent", "website",
)  # fmt: skip
PLAUSIBLE = {
    "name": "Anna de Vries",
    "email": "anna@groen.example",
    "message": "Please quote CIF Rotterdam for a trial order.",
    "consent": "on",
}


@st.composite
def inquiries(draw):
    """(query, form fields) of an inquiry about a product, a shortlist or a commodity."""
    subject = draw(
        st.one_of(
            st.tuples(st.just("product"), field("product")),
            st.just(("shortlist", "1")),
            st.tuples(st.sampled_from(["commodity", "region"]), VALUES),
            st.just(("", "")),
        )
    )
    fields = dict(PLAUSIBLE)
    for name in draw(st.lists(st.sampled_from(INQUIRY_FIELDS), max_size=6, unique=True)):
        fields[name] = draw(field(name))
    pairs = list(fields.items()) + sum(draw(st.lists(REPEATED, max_size=1)), [])
    return urlencode([subject]) if subject[0] else "", pairs


@given(inquiry=inquiries(), language=st.sampled_from(LANGUAGES))
@fuzzing(120)
def test_the_inquiry_form(inquiry, language):
    query, pairs = inquiry
    buyer = visitor()
    if "shortlist" in query:
        buyer.post(f"/{language}/shortlist/add/", {"product": ids()["product"][0]})
    response = buyer.post(
        f"/{language}/inquiry/?{query}",
        urlencode(pairs),
        content_type="application/x-www-form-urlencoded",
    )
    # 429: the rate limit, which the fuzzing reaches; the form keeps what was typed.
    assert response.status_code < 500, (query, pairs, response.status_code)


@given(pairs=st.lists(st.tuples(st.sampled_from(["language", "next"]), VALUES), max_size=4))
@fuzzing(100)
def test_the_language_switch(pairs):
    response = visitor().post(
        "/i18n/setlang/", urlencode(pairs), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code < 500, (pairs, response.status_code)
