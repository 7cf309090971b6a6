"""Which search backend the hub uses, chosen by the environment (no Django imports here:
the settings module calls it).

- `SEARCH_BACKEND=database` (default): Wagtail's database backend, SQLite FTS5 or
  PostgreSQL full text.
- `SEARCH_BACKEND=elasticsearch9|opensearch3` with `SEARCH_URL`: a cluster, through the
  same Wagtail search API and the same catalogue code.

Diacritics fold on every backend because the indexed product text is folded by the hub
(ProductPage.search_text in products/models.py) and so is the query (search/query.py). On a cluster the index's
default analyzer folds too (`asciifolding`), so title and description fields match
"Da Nang" to "Đà Nẵng" as well. Facet counts are made by the database over the matching
products, so they are never cut at Elasticsearch's default of 10 buckets: all 34
provinces are counted.
"""

CLUSTER_BACKENDS = ("elasticsearch9", "opensearch3")

FOLDING_ANALYZER = {
    "type": "custom",
    "tokenizer": "standard",
    "filter": ["lowercase", "asciifolding"],
}

INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "analyzer": {
                # Every text field without an analyzer of its own (title, description, the
                # folded search text) is analysed with these: lower case, diacritics folded.
                "default": FOLDING_ANALYZER,
                "default_search": FOLDING_ANALYZER,
            }
        }
    }
}


class SearchConfigurationError(ValueError):
    pass


def search_backends(environ):
    """WAGTAILSEARCH_BACKENDS for this environment."""
    name = environ.get("SEARCH_BACKEND", "database")
    if name == "database":
        return {"default": {"BACKEND": "wagtail.search.backends.database"}}
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
