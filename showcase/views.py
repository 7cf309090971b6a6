from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.cache import never_cache

SUPPORTED = [code for code, _name in settings.LANGUAGES]


def preferred_language(request) -> str:
    """The visitor's chosen or browser language; English for everyone else (buyers abroad)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in SUPPORTED:
        return chosen
    for language, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        base = language.split("-")[0].lower()
        if base in SUPPORTED:
            return base
    return "en"


def language_redirect(request):
    response = HttpResponseRedirect(f"/{preferred_language(request)}/")
    response["Vary"] = "Accept-Language, Cookie"
    return response


@never_cache
def healthz(request):
    """For load balancers and the load benchmark: this process answers. No database query, so a
    database outage does not take every app server out of the pool at once."""
    return HttpResponse("ok", content_type="text/plain")
