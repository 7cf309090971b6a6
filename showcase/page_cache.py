"""The anonymous page cache and the content generation that purges it.

Anonymous visitors are served Wagtail pages from Django's cache (Redis when REDIS_URL is
set, each process's local memory otherwise). Everything cached is keyed by the *content
generation*, a token that changes whenever editors publish, unpublish, move or delete a
page or change a snippet, image or setting: a new token makes every older entry
unreachable, so a purge is one write however many pages depend on what changed (a
product shows on its province, region, the home figures and the catalogue facets).

The token lives in the cache when the cache is shared (Redis: every server sees the
purge) and in a small file otherwise (local memory is per process: every gunicorn worker
on the machine reads the file). Entries also expire after HUB_PAGE_CACHE_SECONDS, which
bounds how long anything that changes with the date alone (upcoming fairs, certificates
expiring) can stay as it was.

Never cached: logged-in editors, previews, visitors with a session (their shortlist shows
on every page) or pending messages, anything but GET and HEAD, and any response that sets
a cookie (a form's CSRF token does), is not a 200, says it is private, or is larger than
HUB_PAGE_CACHE_MAX_BYTES.

Bounded against made-up addresses: a page sees, and its key holds, only the parameters
some listing reads (PAGE_PARAMETERS), sorted, so `?z=1`, `utm_source` or a reordered query
is the same entry; a page may refuse to be stored (`not_for_the_cache`); and the local
memory cache has a ceiling in bytes as well as entries (`BoundedLocMemCache`). Redis is
bounded by its own `maxmemory` (README, *Redis*).
"""

import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import QueryDict
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode

GENERATION_KEY = "hub:content-generation"
HEADER = "X-Page-Cache"
CONTENT_SECONDS = 24 * 3600  # lists that change only with the content (the key changes)

# Every parameter a Wagtail page reads: the catalogue's (search/query.py), the events
# listing's (events/listing.py) and the sales points' (regions/sections.py). Any other never
# reaches a page nor its cache key; a listing that reads a new parameter adds it here.
PAGE_PARAMETERS = frozenset(
    {
        "q", "region", "province", "category", "commodity", "certification", "stars",
        "month", "export_ready", "include_expired", "sort", "page", "page_size",
        "incoterm", "price_given",
        "type", "country", "view", "hs", "as_typed",
        "kind",
    }
)  # fmt: skip


def _stamp_file():
    return Path(settings.HUB_CACHE_STAMP)


def _shared_cache():
    return not isinstance(caches["default"], LocMemCache)


def generation():
    """The current content generation (a short token)."""
    if _shared_cache():
        token = cache.get(GENERATION_KEY)
        if token is None:
            token = secrets.token_hex(4)
            cache.add(GENERATION_KEY, token, timeout=None)
            token = cache.get(GENERATION_KEY, token)
        return token
    try:
        return _stamp_file().read_text() or "0"
    except OSError:
        return "0"


def purge(**_signal_kwargs):
    """Start a new content generation: every cached page and listing is rebuilt on demand.
    Inside a transaction, again when it commits: what a request read in between (the old
    content, under the new generation) would otherwise be kept as the new content's."""
    new_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(new_generation)


def new_generation():
    token = secrets.token_hex(4)
    if _shared_cache():
        cache.set(GENERATION_KEY, token, timeout=None)
        return
    stamp = _stamp_file()
    stamp.parent.mkdir(parents=True, exist_ok=True)
    temporary = stamp.with_name(f"{stamp.name}.{os.getpid()}.tmp")
    temporary.write_text(token)
    os.replace(temporary, stamp)  # readers see the old token or the new one, never half


def cached_content(name, compute, *parts):
    """`compute()`, kept until the content changes: for lists every page shows (the menu,
    the facet labels) that would otherwise cost queries on each uncached page."""
    key = ":".join(["hub", generation(), name, *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CONTENT_SECONDS)
    return value


def request_is_cacheable(request):
    if request.method not in ("GET", "HEAD") or getattr(request, "is_preview", False):
        return False
    cookies = request.COOKIES
    # Editors log in with a session, so without the cookie the visitor is anonymous.
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def response_is_cacheable(response):
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in ("private", "no-cache", "no-store"))
        and len(response.content) <= settings.HUB_PAGE_CACHE_MAX_BYTES
    )


def page_query(request):
    """The query string a page sees: only PAGE_PARAMETERS, without empty values or
    repeats, sorted (the order of a filter's values changes no page but their chips')."""
    pairs = {
        (name, value)
        for name, values in request.GET.lists()
        if name in PAGE_PARAMETERS
        for value in values
        if value
    }
    return urlencode(sorted(pairs))


def page_key(request):
    address = f"{request.get_host()}{request.path}?{page_query(request)}"
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"hub:{generation()}:page:{digest}"


def mark_page(request):
    """Called by the page view (showcase/routing.py): only Wagtail pages are cached, and a
    page reads the query string its cache key holds (links it prints, such as the shortlist
    buttons' return address, repeat nothing else)."""
    request.hub_page_response = True
    query = page_query(request)
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)


def not_for_the_cache(request):
    """Called by a page that shows something the address asked for but could not be read
    (the catalogue leaving out filter values that name nothing): not stored."""
    request.hub_page_uncacheable = True


class PageCacheMiddleware:
    """Outside the session, CSRF and message middleware, so a hit costs none of them and a
    miss is stored only once they have set (or not set) their cookies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.HUB_PAGE_CACHE_SECONDS or not request_is_cacheable(request):
            response = self.get_response(request)
            if getattr(request, "hub_page_response", False):
                response[HEADER] = "skip"
            return response
        key = page_key(request)
        cached = cache.get(key)
        if cached is not None:
            cached[HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if getattr(request, "hub_page_response", False):
            if response_is_cacheable(response) and not getattr(
                request, "hub_page_uncacheable", False
            ):
                # A cache downstream (a CDN) must not give this page to a visitor with a
                # session either.
                patch_vary_headers(response, ["Cookie"])
                response[HEADER] = "miss"
                cache.set(key, response, settings.HUB_PAGE_CACHE_SECONDS)
            else:
                response[HEADER] = "skip"
        return response


class BoundedLocMemCache(LocMemCache):
    """Django's local-memory cache with a ceiling in bytes as well as entries: OPTIONS
    MAX_BYTES (default 64 MB) per process. Beyond it the least recently used entries go;
    an entry larger than the whole ceiling is not kept.

    Django's own bounds only the number of entries, and entries are what a visitor's
    address decides: 2,000 pages of 1.8 MB each were 3.6 GB a worker. Summing the stored
    sizes on each write costs ~30 µs for 2,000 entries, less than keeping a count right
    through every path that removes one."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 64 * 1024 * 1024))

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        if len(value) > self._max_bytes:  # `value` is the pickled bytes
            self._delete(key)
            return
        super()._set(key, value, timeout)
        stored = sum(map(len, self._cache.values()))
        while stored > self._max_bytes:
            forgotten, pickled = self._cache.popitem()  # the least recently used is last
            self._expire_info.pop(forgotten, None)
            stored -= len(pickled)

    def stored_bytes(self):
        with self._lock:
            return sum(map(len, self._cache.values()))
