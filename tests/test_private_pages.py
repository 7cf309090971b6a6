"""Private pages: a page an editor gives a password, a login or groups to see it (Wagtail's
*Privacy*), on itself or on a page above it, is gone from everything an anonymous visitor
reads (listings, counts, search, suggestions, APIs, feeds, the sitemap, PDFs, the inquiry
form and the shortlist), and setting, changing or removing the privacy purges the page
cache at once. Everything here is done as an editor does it (the admin's privacy dialog)
and read as a visitor does (anonymous HTTP)."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader
from wagtail.models import Locale

from events.models import EventPage
from products.models import ProductPage
from regions.models import RegionIndexPage, SalesPointPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]

TEA = "Tan Cuong green tea"
FAIR = "Tea and Specialities Fair 2099"
SHOWROOM = "Tan Cuong OCOP showroom"
HEADER = "X-Page-Cache"


@pytest.fixture
def editor(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def tea():
    return ProductPage.objects.get(locale__language_code="en", import_ref="T-002")


@pytest.fixture
def fair():
    return EventPage.objects.get(locale__language_code="en", slug="tea-fair-2099")


def set_privacy(editor, page, restriction_type, password=""):
    """The admin's *Privacy* dialog, on the page and on its other-language twin (each
    language's tree has its own privacy, as wagtail-localize copies it)."""
    for twin in page.get_translations(inclusive=True):
        response = editor.post(
            f"/admin/pages/{twin.pk}/privacy/",
            {"restriction_type": restriction_type, "password": password},
        )
        assert response.status_code == 200
        assert b"set_privacy_done" in response.content


def read(client, url):
    """What a visitor gets at `url` as text ("" for a 404 or a redirect to the login):
    PDFs read back with pypdf."""
    response = client.get(url)
    if response.status_code in (302, 404):
        return ""
    assert response.status_code == 200, url
    if response["Content-Type"] == "application/pdf":
        reader = PdfReader(io.BytesIO(response.content))
        return "\n".join(page.extract_text() for page in reader.pages)
    return response.content.decode()


def showing(client, surfaces, page, title):
    """The names of the surfaces that show `page` (its title or its address), sorted."""
    return sorted(
        name
        for name, url in surfaces.items()
        if title in (text := read(client, url)) or page.url in text
    )


def product_surfaces(tea, fair):
    province = tea.get_parent().specific
    region = province.get_parent().specific
    showroom = SalesPointPage.objects.get(locale=tea.locale, title=SHOWROOM)
    commodity = tea.commodity.slug
    return {
        "home": "/en/",
        "catalogue": "/en/products/",
        "catalogue search": "/en/products/?q=tan+cuong",
        "search API": "/api/v1/products/search?page_size=100",
        "search API words": "/api/v1/products/search?q=tan+cuong",
        "suggestions": "/api/v1/products/suggest?q=tan+cu",
        "pages API": "/api/v2/pages/?type=products.ProductPage&limit=20",
        "pages API search": "/api/v2/pages/?search=tan+cuong",
        "pages API detail": f"/api/v2/pages/{tea.pk}/",
        "sitemap": "/sitemap-pages.xml",
        "region": region.url,
        "province": province.url,
        "sales point": showroom.url,
        "fair exhibitors": fair.url,
        "pooled supply": f"/en/supply/{commodity}/",
        "product inquiry": f"/en/inquiry/?product={tea.pk}",
        "sourcing inquiry": f"/en/inquiry/?commodity={commodity}",
        "catalogue PDF": "/en/print/products.pdf",
        "region PDF": f"/en/print/{region.pk}.pdf",
        "province PDF": f"/en/print/{province.pk}.pdf",
        "fair PDF": f"/en/print/{fair.pk}.pdf",
    }


def assert_the_page_itself_is_private(client, page, content):
    response = client.get(page.url)
    assert response[HEADER] != "hit"
    assert content not in response.content.decode()
    assert response.status_code in (200, 302)  # Wagtail's password form, or the login


@pytest.mark.parametrize(
    ("restricted", "restriction_type"),
    [("product", "password"), ("province", "login")],
)
def test_a_private_product_is_gone_from_everything_a_visitor_reads(
    client, editor, tea, fair, settings, restricted, restriction_type
):
    surfaces = product_surfaces(tea, fair)
    page = tea if restricted == "product" else tea.get_parent()
    hidden = ProductPage.objects.live().descendant_of(page, inclusive=True).count()
    before = client.get("/api/v1/products/search").json()
    buyer = Client()  # a shortlist needs a session, which the page cache never serves
    buyer.post("/en/shortlist/add/", {"product": tea.pk})
    assert client.get(tea.url)[HEADER] == "miss" and client.get(tea.url)[HEADER] == "hit"
    assert showing(client, surfaces, tea, TEA) == sorted(surfaces)  # and now all cached
    assert TEA in read(buyer, "/en/shortlist/")

    set_privacy(editor, page, restriction_type, password="only-for-importers")

    assert showing(client, surfaces, tea, TEA) == []
    assert_the_page_itself_is_private(client, tea, "Pan-fired by hand")
    assert TEA not in read(buyer, "/en/shortlist/")
    assert TEA not in read(buyer, "/en/print/shortlist.pdf")
    assert buyer.post("/en/shortlist/add/", {"product": tea.pk}).status_code == 404
    # Counted nowhere either: not in the catalogue's total, its facets, the home figures.
    after = client.get("/api/v1/products/search").json()
    assert after["count"] == before["count"] - hidden
    provinces = before["facets"]["province"]
    assert after["facets"]["province"].get("thai-nguyen", 0) == provinces["thai-nguyen"] - hidden
    assert after["facets"]["stars"]["5"] == 0  # it was the only 5-star product
    settings.HUB_PAGE_CACHE_SECONDS = 0  # the home page's context, not its cached copy
    assert client.get("/en/").context["stats"]["products"] == before["count"] - hidden


def test_a_private_province_leaves_the_lists_of_places(client, editor, tea):
    province = tea.get_parent().specific
    regions = RegionIndexPage.objects.get(locale__language_code="en").url
    assert province.url in read(client, regions)
    set_privacy(editor, province, "login")
    assert province.url not in read(client, regions)
    assert province.url not in read(client, province.get_parent().url)
    found = client.get("/api/v1/products/search?province=thai-nguyen").json()
    assert found["count"] == 0
    catalogue = client.get("/en/products/?province=thai-nguyen")
    assert catalogue.context["filter_notice"]  # a filter that names nothing any more


def test_a_private_event_is_gone_from_every_listing_feed_and_pdf(client, editor, tea, fair):
    province = tea.get_parent().specific
    region = province.get_parent().specific
    surfaces = {
        "home": "/en/",
        "events": "/en/events/",
        "events calendar": "/en/events/?view=calendar&month=2099-12",
        "events of a province": "/en/events/?province=thai-nguyen",
        "region": region.url,
        "province": province.url,
        "sales point": SalesPointPage.objects.get(locale=tea.locale, title=SHOWROOM).url,
        "exhibiting product": tea.url,
        "iCalendar feed": "/en/events/feed.ics",
        "iCalendar file": f"/en/events/{fair.pk}.ics",
        "sitemap": "/sitemap-pages.xml",
        "pages API": "/api/v2/pages/?type=events.EventPage",
        "fair PDF": f"/en/print/{fair.pk}.pdf",
    }
    client.get(fair.url)
    assert showing(client, surfaces, fair, FAIR) == sorted(surfaces)

    set_privacy(editor, fair, "password", password="exhibitors-only")

    assert showing(client, surfaces, fair, FAIR) == []
    assert_the_page_itself_is_private(client, fair, "Booth")


def test_changing_or_removing_privacy_purges_the_cache_at_once(client, editor, tea):
    catalogue = "/en/products/"
    set_privacy(editor, tea, "password", password="first")
    assert TEA not in read(client, catalogue)
    assert client.get(catalogue)[HEADER] == "hit"

    set_privacy(editor, tea, "login")  # changed: still private, a new generation
    assert client.get(catalogue)[HEADER] == "miss"
    assert_the_page_itself_is_private(client, tea, "Pan-fired by hand")
    assert client.get(tea.url).status_code == 302  # now the login, not the password form

    set_privacy(editor, tea, "none")  # public again: back everywhere, not a cached absence
    assert TEA in read(client, catalogue)
    assert "Pan-fired by hand" in client.get(tea.url).content.decode()


def test_privacy_on_the_vietnamese_page_takes_the_english_twin_along(
    client, editor, tea, django_capture_on_commit_callbacks
):
    """Set once, on the Vietnamese page (the source editors work on), not on each twin."""
    vietnamese = tea.get_translation(Locale.get_default())
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            f"/admin/pages/{vietnamese.pk}/privacy/",
            {"restriction_type": "password", "password": "importers"},
        )
    assert b"set_privacy_done" in response.content
    assert TEA not in read(client, "/en/products/?q=tea")
    assert TEA not in read(client, "/api/v1/products/search?q=tea&lang=en")
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(f"/admin/pages/{vietnamese.pk}/privacy/", {"restriction_type": "none"})
    assert not tea.view_restrictions.exists()
    assert TEA in read(client, "/en/products/?q=tea")
