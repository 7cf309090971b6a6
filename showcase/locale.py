"""Django's LocaleMiddleware, but an address outside the languages keeps its 404.

Django answers a 404 without a language prefix with a redirect to the same address under
the visitor's language whenever a prefixed pattern would match it, and Wagtail's page
pattern matches any path: `/api/v2/pages/999999/` became a redirect to
`/vi/api/v2/pages/999999/`, an HTML 404. The APIs, the admin, documents, static and media
files are never under a language; there the 404 is the answer. Every other address
without a language (an old link to `/san-pham/`) is still sent to one.
"""

from django.conf import settings
from django.middleware import locale
from django.urls import LocalePrefixPattern, URLResolver, get_resolver
from django.utils import translation
from django.utils.cache import patch_vary_headers


def outside_languages(path, urlconf):
    """Whether `path` is one the URLconf serves without a language prefix (its patterns
    outside `i18n_patterns`: api/, admin/, documents/…) or a static or media file."""
    if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return True
    for entry in get_resolver(urlconf).url_patterns:
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern):
            continue
        if entry.pattern.match(path.removeprefix("/")):
            return True
    return False


class LocaleMiddleware(locale.LocaleMiddleware):
    def process_response(self, request, response):
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        if response.status_code == 404 and outside_languages(request.path_info, urlconf):
            # What Django's middleware adds to an answer it does not redirect.
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
