"""Finding the page for a URL in one query instead of two per level of the tree.

Wagtail routes `/en/regions/<region>/<province>/<product>/` from the home page down, with
a query for each child and one for its specific page: ten queries before a product page
starts to render. Here one query fetches the home page and every page whose slug matches
a segment at that segment's depth; the chain is then followed in memory (each page's path
starts with its parent's), and one more query loads the page found as its own type.

The result primes Wagtail's per-request route cache, so Wagtail's own view then serves
the page with its hooks (view restrictions, `before_serve_page`) as usual. A page type
that overrides `route()` (RoutablePageMixin) above the page found is routed by Wagtail,
exactly as before.
"""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from showcase.page_cache import mark_page


def serve(request, path):
    mark_page(request)
    if not hasattr(request, "_wagtail_route_for_request"):
        route = find_route(request, path)
        if route is not False:
            request._wagtail_route_for_request = route
    return wagtail_views.serve(request, path)


def find_route(request, path):
    """Wagtail's RouteResult for `path`, None for a 404, False to let Wagtail route."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    segments = [segment for segment in path.split("/") if segment]
    at_depth = Q(depth=root.depth, translation_key=root.translation_key)
    for level, slug in enumerate(segments, start=1):
        at_depth |= Q(depth=root.depth + level, slug=slug)
    candidates = list(Page.objects.filter(at_depth).select_related("locale").order_by("depth"))

    language = get_language()
    homes = {page.locale.language_code: page for page in candidates if page.depth == root.depth}
    home = homes.get(language)
    if home is None or not home.live:  # Wagtail's `localized`: the root itself
        home = next((page for page in candidates if page.pk == root.pk), None)
        if home is None:
            return None
    chain = [home]
    for level in range(1, len(segments) + 1):
        parent = chain[-1]
        child = next(
            (
                page
                for page in candidates
                if page.depth == root.depth + level
                and page.slug == segments[level - 1]
                and page.path.startswith(parent.path)
            ),
            None,
        )
        if child is None:
            break
        chain.append(child)

    found = chain[-1]
    if any(overrides_route(page) for page in chain[:-1]):
        return False
    specific = load_specific(found)
    specific.locale = found.locale
    if len(chain) > 1:
        specific._cached_parent_obj = chain[-2]
    specific.hub_ancestors = chain[:-1]
    request.hub_locale = found.locale
    try:
        return specific.route(request, segments[len(chain) - 1 :])
    except Http404:
        return None


def overrides_route(page):
    return page.specific_class is not None and page.specific_class.route is not Page.route


def load_specific(page):
    """`page` as its own type, with what its page type asks to load alongside."""
    model = page.specific_class
    if model is None:  # its type's app was removed
        return page
    queryset = model._default_manager.filter(pk=page.pk)
    if hasattr(model, "serve_queryset"):
        queryset = model.serve_queryset(queryset)
    return queryset.get()
