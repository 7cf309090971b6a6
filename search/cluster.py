"""The catalogue's text match on a search cluster (SEARCH_BACKEND=elasticsearch9 or
opensearch3): the same groups of words as search/matching.py, as one query body.

The hub reads the query first on every backend (search/reading.py: corrections,
understood filters); the cluster then matches the words left with its own analyzers
(showcase/settings/search_backends.py): folded text, its English stems ("search_text.english"),
Vietnamese syllable pairs ("search_text.pairs": "chè xanh" as one token, so a phrase
outranks its syllables scattered) and `fuzziness: AUTO` for the slips the vocabulary did
not correct. A synonym's terms are matched as phrases, whole terms only. Every group is
required; when that finds nothing, most of them (the partial match of the database path).

The cluster answers with product ids in its order of relevance; the database applies the
filters and counts the facets over them (search/query.py), as on the database backend.
"""

from django.conf import settings
from wagtail.search.backends import get_search_backend

from products.models import ProductPage
from search.matching import TextMatch, synonym_groups
from showcase.settings.search_backends import CLUSTER_BACKENDS

MAX_HITS = 10_000  # the cluster's default result window
# Of the groups a partial match must hold: "3<75%": all of up to three, then three in four.
PARTIAL = "3<75%"


def cluster_configured():
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    return backend.rsplit(".", 1)[-1] in CLUSTER_BACKENDS


def text_field(backend):
    """The column of the folded product text in the cluster's documents."""
    mapping = backend.mapping_class(ProductPage)
    field = next(
        f
        for f in ProductPage.get_search_fields()
        if f.field_name == "search_text" and type(f).__name__ == "SearchField"
    )
    return mapping.get_field_column_name(field)


def alternative_clause(alternative, field, language, whole):
    """A clause for one way of writing a group: a synonym's term as a phrase (`whole`), the
    typed words with fuzziness and, in English, their stems."""
    text = " ".join(alternative)
    if whole and len(alternative) > 1:
        return {"match_phrase": {field: {"query": text}}}
    if whole and language == "vi":  # one syllable: in the name only (search/matching.py)
        return {"match": {"title": {"query": text}}}
    fields = [field, f"{field}.english"] if language == "en" else [field]
    return {
        "multi_match": {
            "query": text,
            "fields": fields,
            "operator": "and",
            "fuzziness": "AUTO",
            "prefix_length": 1,  # people rarely mistype the first letter
        }
    }


def group_clause(group, field, language):
    clauses = [
        alternative_clause(alternative, field, language, whole=i > 0 or not group.typed_first)
        for i, alternative in enumerate(group.alternatives)
    ]
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def query_body(groups, language, locale_id, backend, partial=False):
    """The body that finds the products of `locale_id` holding the groups (all, or most
    when `partial`), phrases and syllable pairs first."""
    field = text_field(backend)
    mapping = backend.mapping_class(ProductPage)
    words = " ".join(" ".join(group.alternatives[0]) for group in groups)
    required = [group_clause(group, field, language) for group in groups]
    text = (
        {"bool": {"should": required, "minimum_should_match": PARTIAL}}
        if partial
        else {"bool": {"must": required}}
    )
    return {
        "query": {
            "bool": {
                "filter": [
                    {"match": {"_django_content_type": mapping.get_content_type()}},
                    {"term": {"locale_id_filter": locale_id}},
                    {"term": {"live_filter": True}},
                ],
                "must": [text],
                "should": [
                    {"match_phrase": {"title": {"query": words, "boost": 4}}},
                    {"match_phrase": {field: {"query": words, "boost": 2}}},
                    {"match": {f"{field}.pairs": {"query": words, "boost": 2}}},
                ],
            }
        }
    }


def cluster_match(words, language, locale_id):
    """TextMatch of the cluster's answer for the folded `words`: every group, else most."""
    groups = synonym_groups(words, language)
    backend = get_search_backend()
    index = backend.get_index_for_model(ProductPage).name
    for partial in (False, True):
        body = query_body(groups, language, locale_id, backend, partial=partial)
        found = ask(backend, index, body)
        if found or len(groups) < 2:
            return TextMatch(ranked=found, partial=partial and bool(found))
    return TextMatch(ranked=[])


def ask(backend, index, body):
    params = {"index": index, "size": MAX_HITS, "_source": False, "stored_fields": "pk"}
    if backend.use_new_elasticsearch_api:
        response = backend.es.search(**body, **params)
    else:
        response = backend.es.search(body=body, **params)
    return [int(hit["fields"]["pk"][0]) for hit in response["hits"]["hits"]]
