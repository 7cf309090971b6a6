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
a cookie (a form's CSRF token does), is not a 200, or says it is private.
"""

import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils.cache import patch_vary_headers

GENERATION_KEY = "hub:content-generation"
HEADER = "X-Page-Cache"
CONTENT_SECONDS = 24 * 3600  # lists that change only with the content (the key changes)


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
    """Start a new content generation: every cached page and listing is rebuilt on demand."""
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
    )


def page_key(request):
    address = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"hub:{generation()}:page:{digest}"


def mark_page(request):
    """Called by the page view (showcase/routing.py): only Wagtail pages are cached."""
    request.hub_page_response = True


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
            if response_is_cacheable(response):
                # A cache downstream (a CDN) must not give this page to a visitor with a
                # session either.
                patch_vary_headers(response, ["Cookie"])
                response[HEADER] = "miss"
                cache.set(key, response, settings.HUB_PAGE_CACHE_SECONDS)
            else:
                response[HEADER] = "skip"
        return response
