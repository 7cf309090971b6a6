"""Wagtail's database search backend, ranking at most RANKED_AT_MOST matches on SQLite.

SQLite's backend ranks matches with a sub-query per matching row: the admin's search for
"chè" over the national catalogue's 40,000 pages (7,473 matches) took 48 s, the page
chooser's 52 s (bench/admin.py). Above the bound the matches come in the queryset's own
order (the page tree's), at once; a more precise search ranks again. PostgreSQL ranks in
its own index and keeps Wagtail's backend as it is.
"""

from functools import cache

from modelsearch.backends import database

RANKED_AT_MOST = 500


def SearchBackend(params):  # noqa: N802 (the name Wagtail's BACKEND setting looks up)
    backend = database.SearchBackend(params)
    if type(backend).__name__ != "SQLiteSearchBackend":
        return backend
    # The SQLite class is only importable on SQLite (its models need the FTS tables).
    return _bounded(type(backend))(params)


@cache
def _bounded(sqlite_backend):
    class BoundedRankingSQLiteBackend(sqlite_backend):
        def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
            if kwargs.get("order_by_relevance"):
                unranked = super()._search(
                    query_compiler_class, query, model_or_queryset,
                    **(kwargs | {"order_by_relevance": False}),
                )  # fmt: skip
                if unranked.count() > RANKED_AT_MOST:
                    return unranked
            return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    return BoundedRankingSQLiteBackend
