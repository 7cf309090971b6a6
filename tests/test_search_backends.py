"""The Elasticsearch / OpenSearch path, proved without a server: configuration, index
settings, mapping and query bodies. Integration tests run when SEARCH_URL is set."""

import os

import pytest
from modelsearch.query import PlainText

from products.models import ProductPage
from showcase.settings.search_backends import SearchConfigurationError, search_backends


def test_database_backend_by_default():
    assert search_backends({}) == {"default": {"BACKEND": "showcase.search_backend"}}


@pytest.mark.parametrize("name", ["elasticsearch9", "opensearch3"])
def test_cluster_backends_from_the_environment(name):
    config = search_backends(
        {"SEARCH_BACKEND": name, "SEARCH_URL": "https://a:9200, https://b:9200"}
    )
    default = config["default"]
    assert default["BACKEND"] == f"wagtail.search.backends.{name}"
    assert default["URLS"] == ["https://a:9200", "https://b:9200"]
    analyzers = default["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]
    assert analyzers["default"]["filter"] == ["lowercase", "asciifolding"]
    assert analyzers["default_search"]["filter"] == ["lowercase", "asciifolding"]


@pytest.mark.parametrize(
    "environ",
    [
        {"SEARCH_BACKEND": "elasticsearch5", "SEARCH_URL": "http://x"},
        {"SEARCH_BACKEND": "opensearch3"},
    ],
)
def test_misconfiguration_is_refused(environ):
    with pytest.raises(SearchConfigurationError):
        search_backends(environ)


@pytest.fixture(params=["elasticsearch9", "opensearch3"])
def cluster_backend(request):
    """A backend object as Wagtail builds it; creating it contacts no server."""
    from django.utils.module_loading import import_string

    from search.opensearch_compat import load_opensearch

    load_opensearch()  # as the catalogue app does when OpenSearch is configured
    params = search_backends({"SEARCH_BACKEND": request.param, "SEARCH_URL": "http://127.0.0.1:9"})
    config = dict(params["default"])
    return import_string(config.pop("BACKEND") + ".SearchBackend")(config)


def test_opensearch_imports_beside_our_events_app():
    import events
    from search.opensearch_compat import load_opensearch

    opensearchpy = load_opensearch()
    assert opensearchpy.OpenSearch
    import events as after

    assert after is events and hasattr(events, "models")  # our fairs app, untouched
    from events.models import EventPage

    assert EventPage._meta.app_label == "events"


def test_the_index_folds_diacritics(cluster_backend):
    analysis = cluster_backend.settings["settings"]["analysis"]
    assert "asciifolding" in analysis["analyzer"]["default"]["filter"]
    # Wagtail's own autocomplete analyzers are kept alongside.
    assert "edgengram_analyzer" in analysis["analyzer"]


def test_mapping_indexes_the_folded_product_text(cluster_backend):
    mapping = cluster_backend.mapping_class(ProductPage)
    properties = mapping.get_mapping()["properties"]
    search_text = mapping.get_field_column_name(
        next(f for f in ProductPage.get_search_fields() if f.field_name == "search_text")
    )
    assert properties[search_text]["type"] == "text"
    for key in (
        "products_productpage__ocop_stars_filter",
        "products_productpage__ocop_certified_on_filter",
        "products_productpage__category_id_filter",
        "products_productpage__province_id_filter",
        "locale_id_filter",
        "live_filter",
    ):
        assert properties[key]["type"] in ("keyword", "integer", "long", "boolean", "date"), key


@pytest.mark.django_db
def test_document_carries_folded_text_and_former_names(cluster_backend, en):
    product = ProductPage.objects.get(import_ref="T-003", locale=en)
    document = cluster_backend.mapping_class(ProductPage).get_document(product)
    text = " ".join(str(value) for value in document.values() if isinstance(value, str))
    assert "binh thuan red dragon fruit" in text
    assert "lam dong" in text and "binh thuan" in text and "dak nong" in text


@pytest.mark.django_db
def test_query_body_is_folded_and_filtered_by_language(cluster_backend, en):
    from showcase.text import fold

    queryset = ProductPage.objects.live().filter(locale=en)
    compiler = cluster_backend.query_compiler_class(
        queryset, PlainText(fold("Bà Bể"), operator="and")
    )
    body = str(compiler.get_query())
    assert "'ba be'" in body and "'and'" in body
    assert str(en.pk) in body  # the locale filter
    assert "live" in body


@pytest.mark.django_db
def test_query_body_leaves_expired_certificates_out(cluster_backend, en):
    """The catalogue's default: certificates issued before the cutoff (36 months before
    today) are excluded in the cluster's query, products without a date are kept."""
    from products.models import certificate_cutoff
    from showcase.text import fold

    mapping = cluster_backend.mapping_class(ProductPage)
    column = "products_productpage__ocop_certified_on_filter"
    assert mapping.get_mapping()["properties"][column]["type"] == "date"
    queryset = ProductPage.objects.live().filter(locale=en).certificate_valid()
    compiler = cluster_backend.query_compiler_class(queryset, PlainText(fold("tea")))
    compiler.check()  # a FilterFieldError if ocop_certified_on were not a filter field
    body = compiler.get_query()

    def nodes(node):  # every clause of the body, at any depth
        children = node.values() if isinstance(node, dict) else node
        if isinstance(node, dict):
            yield node
        for child in children:
            if isinstance(child, dict | list):
                yield from nodes(child)

    excluded = [n["bool"]["must_not"] for n in nodes(body) if "must_not" in n.get("bool", {})]
    assert excluded == [
        {
            "bool": {
                "must": [
                    {"range": {column: {"lt": certificate_cutoff()}}},
                    {"exists": {"field": column}},  # no date: not excluded
                ]
            }
        }
    ]


def test_database_backend_filters_search_by_certificate(db, en):
    from products.models import certificate_cutoff

    found = ProductPage.objects.live().filter(locale=en).certificate_valid().search("tea")
    assert all(
        p.ocop_certified_on is None or p.ocop_certified_on >= certificate_cutoff() for p in found
    )


@pytest.mark.skipif(
    not os.environ.get("SEARCH_URL"),
    reason="set SEARCH_BACKEND and SEARCH_URL to test against a real Elasticsearch/OpenSearch",
)
@pytest.mark.django_db(transaction=True)
def test_against_a_real_cluster(client):
    from django.core.management import call_command

    from tests.conftest import load_test_data

    load_test_data()
    call_command("update_index")
    data = client.get("/api/v1/products/search", {"q": "BA BỂ squash"}).json()
    assert [r["title"] for r in data["results"]] == ["Ba Be fragrant green squash"]
    data = client.get("/api/v1/products/search", {"q": "Binh Thuan dragon fruit"}).json()
    assert [r["title"] for r in data["results"]] == ["Binh Thuan red dragon fruit"]
    # Read by the hub, matched by the cluster's analyzers (search/cluster.py).
    data = client.get("/api/v1/products/search", {"q": "dragon frut", "as_typed": "true"}).json()
    assert [r["title"] for r in data["results"]] == ["Binh Thuan red dragon fruit"]  # fuzzy
    data = client.get("/api/v1/products/search", {"q": "squashes"}).json()
    assert [r["title"] for r in data["results"]] == ["Ba Be fragrant green squash"]  # stems


# --- the catalogue's own query body on a cluster (issue 18) ------------------------------


def test_the_index_has_english_stems_and_syllable_pairs(cluster_backend):
    analysis = cluster_backend.settings["settings"]["analysis"]
    assert analysis["filter"]["hub_english_stems"] == {"type": "stemmer", "language": "english"}
    pairs = analysis["filter"]["hub_syllable_pairs"]
    assert (pairs["type"], pairs["min_shingle_size"], pairs["max_shingle_size"]) == (
        "shingle",
        2,
        2,
    )
    assert analysis["analyzer"]["hub_english"]["filter"][-1] == "hub_english_stems"
    assert "asciifolding" in analysis["analyzer"]["hub_pairs"]["filter"]


def test_the_product_text_is_mapped_with_its_sub_fields(cluster_backend):
    from search.cluster import text_field

    field = text_field(cluster_backend)
    mapping = cluster_backend.mapping_class(ProductPage).get_mapping()["properties"][field]
    assert mapping["fields"]["english"]["analyzer"] == "hub_english"
    assert mapping["fields"]["pairs"]["analyzer"] == "hub_pairs"


def clauses(node, kind):
    """Every `kind` clause ("match_phrase", "multi_match"…) of a body, at any depth."""
    if isinstance(node, dict):
        for name, child in node.items():
            if name == kind:
                yield child
            yield from clauses(child, kind)
    elif isinstance(node, list):
        for child in node:
            yield from clauses(child, kind)


@pytest.mark.django_db
def test_query_body_fuzzy_stemmed_and_every_word_required(cluster_backend, en):
    from search.cluster import query_body, text_field
    from search.matching import synonym_groups

    field = text_field(cluster_backend)
    groups = synonym_groups(["dragon", "frut"], "en")
    body = query_body(groups, "en", en.pk, cluster_backend)
    text = body["query"]["bool"]["must"][0]["bool"]["must"]
    assert len(text) == 2  # each word required
    fuzzy = list(clauses(body, "multi_match"))
    assert {c["fuzziness"] for c in fuzzy} == {"AUTO"}
    assert all(c["fields"] == [field, f"{field}.english"] for c in fuzzy)
    assert {"term": {"locale_id_filter": en.pk}} in body["query"]["bool"]["filter"]
    # The words side by side rank first: a phrase on the title, syllable pairs.
    boosts = body["query"]["bool"]["should"]
    assert boosts[0] == {"match_phrase": {"title": {"query": "dragon frut", "boost": 4}}}
    assert {"match": {f"{field}.pairs": {"query": "dragon frut", "boost": 2}}} in boosts


@pytest.mark.django_db
def test_query_body_synonyms_are_whole_terms_in_their_language(cluster_backend, vi, en):
    from search.cluster import query_body, text_field
    from search.matching import synonym_groups
    from search.models import SearchSynonym

    SearchSynonym.objects.create(terms="jade", vietnamese_terms="ngọc bích, ngọc")
    field = text_field(cluster_backend)
    english = query_body(synonym_groups(["jade"], "en"), "en", en.pk, cluster_backend)
    assert "ngoc" not in str(english)  # a Vietnamese word, not searched in English
    vietnamese = query_body(synonym_groups(["jade"], "vi"), "vi", vi.pk, cluster_backend)
    phrases = [c[field]["query"] for c in clauses(vietnamese, "match_phrase") if field in c]
    assert "ngoc bich" in phrases  # as a phrase: whole terms only
    assert all(c["fields"] == [field] for c in clauses(vietnamese, "multi_match"))  # no stems


@pytest.mark.django_db
def test_query_body_partial_needs_most_groups(cluster_backend, en):
    from search.cluster import PARTIAL, query_body
    from search.matching import synonym_groups

    groups = synonym_groups(["green", "tea", "wholesale"], "en")
    body = query_body(groups, "en", en.pk, cluster_backend, partial=True)
    text = body["query"]["bool"]["must"][0]["bool"]
    assert text["minimum_should_match"] == PARTIAL and len(text["should"]) == 3


def test_the_catalogue_asks_the_cluster_when_one_is_configured(db, settings, monkeypatch):
    import search.query
    from search.matching import TextMatch

    settings.WAGTAILSEARCH_BACKENDS = search_backends(
        {"SEARCH_BACKEND": "opensearch3", "SEARCH_URL": "http://127.0.0.1:9"}
    )
    asked = []

    def cluster_match(words, language, locale_id):
        asked.append(words)
        return TextMatch(ranked=[])

    monkeypatch.setattr(search.query, "cluster_match", cluster_match)
    result = search.query.run(search.query.CatalogueQuery(q="dragon frut", lang="en"))
    assert asked == [["dragon", "fruit"]]  # read (corrected) by the hub first
    assert result.count == 0


@pytest.mark.django_db
def test_sqlite_ranks_a_bounded_number_of_matches(monkeypatch):
    """Ranking 7,473 matches took SQLite 48 s in the admin's search: above the bound the
    same matches come unranked, in the tree's order."""
    from django.db import connection
    from wagtail.models import Page

    from showcase import search_backend

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL ranks in its own index")
    ranked = list(Page.objects.autocomplete("tea"))
    assert len(ranked) > 2
    monkeypatch.setattr(search_backend, "RANKED_AT_MOST", 2)
    bounded = list(Page.objects.autocomplete("tea"))
    assert sorted(page.pk for page in bounded) == sorted(page.pk for page in ranked)
    assert [page.path for page in bounded] == sorted(page.path for page in bounded)
