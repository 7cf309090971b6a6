from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path, register_converter
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import index as sitemap_index
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from editorial import admin_inputs, documents
from events.feeds import event_file, upcoming_feed
from inquiries import sourcing
from inquiries import views as inquiries
from products import views as products
from products.profiles import ProducerSitemap, producer_profile
from search import views as search
from search.api import api as search_api
from showcase import routing
from showcase.api import api_router, unknown_api_address
from showcase.discovery import BilingualSitemap, robots_txt
from showcase.params import IdConverter
from showcase.views import healthz, language_redirect

# `<id:…>`: a page id, never beyond what the database takes (showcase/params.py).
register_converter(IdConverter, "id")

SITEMAPS = {"sitemaps": {"pages": BilingualSitemap, "producers": ProducerSitemap}}

urlpatterns = [
    path("", language_redirect, name="language_redirect"),
    *admin_inputs.urlpatterns(),  # ahead of Wagtail's own
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document address, its answer marked private for a restricted document.
    re_path(r"^documents/(\d+)/(.*)$", documents.serve),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/v1/", unknown_api_address),  # before django-ninja's root, an HTML 404
    path("api/v1/", search_api.urls),
    # Any other address under /api/ is a JSON 404 too, never a page.
    re_path(r"^api/", unknown_api_address),
    path("i18n/", include("django.conf.urls.i18n")),
    # A sitemap index, and its parts (showcase/discovery.py).
    path(
        "sitemap.xml",
        sitemap_index,
        SITEMAPS | {"sitemap_url_name": "sitemap"},
        name="sitemap_index",
    ),
    path("sitemap-<slug:section>.xml", sitemap, SITEMAPS, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("healthz", healthz, name="healthz"),
]


def media_files():
    """MEDIA_ROOT served by Django, but for documents: they are served only through
    /documents/, which checks who may read them; by their file name here anyone could."""
    media = settings.MEDIA_URL.lstrip("/")
    pattern = rf"^{media}(?!documents/)(?P<path>.*)$"
    return [re_path(pattern, serve, {"document_root": settings.MEDIA_ROOT})]


if settings.DEBUG or settings.HUB_SERVE_MEDIA:
    urlpatterns += media_files()

urlpatterns += i18n_patterns(
    # The same address in both languages, before Wagtail's page routes.
    path("events/feed.ics", upcoming_feed, name="events_feed"),
    path("events/<id:page_id>.ics", event_file, name="event_ics"),
    path("shortlist/", inquiries.shortlist, name="shortlist"),
    path("shortlist/add/", inquiries.shortlist_add, name="shortlist_add"),
    path("shortlist/remove/", inquiries.shortlist_remove, name="shortlist_remove"),
    path("shortlist/clear/", inquiries.shortlist_clear, name="shortlist_clear"),
    path("inquiry/", inquiries.inquiry, name="inquiry_new"),
    path("inquiry/sent/", inquiries.inquiry_sent, name="inquiry_sent"),
    path("sourcing/", sourcing.sourcing, name="sourcing"),
    path("supply/", products.supply_index, name="supply_index"),
    path("supply/<slug:slug>/", products.commodity_supply, name="commodity_supply"),
    path("producers/<slug:slug>/", producer_profile, name="producer_profile"),
    path("print/shortlist.pdf", inquiries.print_shortlist, name="print_shortlist"),
    path("print/products.pdf", search.print_products, name="print_products"),
    path("print/<id:page_id>.pdf", search.print_page, name="print_page"),
    # Wagtail's pages, found in two queries (showcase/routing.py) and served by Wagtail.
    re_path(serve_pattern, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
