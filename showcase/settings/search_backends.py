"""Which search backend the hub uses, chosen by the environment (no Django imports here:
the settings module calls it).

- `SEARCH_BACKEND=database` (default): Wagtail's database backend, SQLite FTS5 or
  PostgreSQL full text.
- `SEARCH_BACKEND=elasticsearch9|opensearch3` with `SEARCH_URL`: a cluster, through the
  same Wagtail search API and the same catalogue code.

Diacritics fold on every backend because the indexed product text is folded by the hub
(ProductPage.search_text in products/models.py) and so is the query (search/query.py). On a cluster the index's
default analyzer folds too (`asciifolding`), so title and description fields match
"Da Nang" to "Đà Nẵng" as well; the product text has English stems and Vietnamese
syllable pairs as sub-fields, which the catalogue's query body uses (search/cluster.py). Facet counts are made by the database over the matching
products, so they are never cut at Elasticsearch's default of 10 buckets: all 34
provinces are counted.
"""

CLUSTER_BACKENDS = ("elasticsearch9", "opensearch3")

FOLDING_ANALYZER = {
    "type": "custom",
    "tokenizer": "standard",
    "filter": ["lowercase", "asciifolding"],
}


def folding_with(*filters):
    return {**FOLDING_ANALYZER, "filter": [*FOLDING_ANALYZER["filter"], *filters]}


INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "filter": {
                "hub_english_stems": {"type": "stemmer", "language": "english"},
                # Vietnamese words are two syllables written apart: "che xanh" as one token.
                "hub_syllable_pairs": {
                    "type": "shingle",
                    "min_shingle_size": 2,
                    "max_shingle_size": 2,
                    "output_unigrams": False,
                },
            },
            "analyzer": {
                # Every text field without an analyzer of its own (title, description, the
                # folded search text) is analysed with these: lower case, diacritics folded.
                "default": FOLDING_ANALYZER,
                "default_search": FOLDING_ANALYZER,
                # Sub-fields of the product text (products/models.py, search/cluster.py).
                "hub_english": folding_with("hub_english_stems"),
                "hub_pairs": folding_with("hub_syllable_pairs"),
            },
        }
    }
}
# The product text's sub-fields on a cluster: its English stems ("avocados" meets
# "avocado") and its syllable pairs (a Vietnamese two-syllable word as one token).
TEXT_SUBFIELDS = {
    "fields": {
        "english": {"type": "text", "analyzer": "hub_english"},
        "pairs": {"type": "text", "analyzer": "hub_pairs"},
    }
}


class SearchConfigurationError(ValueError):
    pass


def search_backends(environ):
    """WAGTAILSEARCH_BACKENDS for this environment."""
    name = environ.get("SEARCH_BACKEND", "database")
    if name == "database":
        # Wagtail's, ranking a bounded number of matches on SQLite (showcase/search_backend.py).
        return {"default": {"BACKEND": "showcase.search_backend"}}
    if name not in CLUSTER_BACKENDS:
        raise SearchConfigurationError(
            f"SEARCH_BACKEND must be 'database' or one of {', '.join(CLUSTER_BACKENDS)}, not {name!r}"
        )
    url = environ.get("SEARCH_URL")
    if not url:
        raise SearchConfigurationError(f"SEARCH_BACKEND={name} needs SEARCH_URL")
    return {
        "default": {
            "BACKEND": f"wagtail.search.backends.{name}",
            "URLS": [part.strip() for part in url.split(",") if part.strip()],
            "INDEX_PREFIX": environ.get("SEARCH_INDEX_PREFIX", "ocop_"),
            "TIMEOUT": int(environ.get("SEARCH_TIMEOUT", "5")),
            "OPTIONS": {},
            "INDEX_SETTINGS": INDEX_SETTINGS,
        }
    }
