"""What keeps pages fast with the national catalogue, seen as a buyer sees it: long lists
show their best and link into the filtered catalogue, the catalogue's facets come from the
compact table of the content generation (search/facets.py) and agree with the database,
and a page unpublished while the search index is rebuilt in a thread leaves at once.
The figures themselves are benchmarks (bench/pages.py), not tests."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from products import sections
from products.importing import ProductImporter
from products.models import ProductPage
from search import index
from search.query import CatalogueQuery, run
from showcase.page_cache import purge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]


def cards(html):
    return re.findall(r'<article class="card product-card', html)


def test_a_province_shows_its_best_products_and_links_to_the_rest(client, monkeypatch, en):
    monkeypatch.setattr(sections, "PROVINCE_PRODUCTS", 1)
    province = ProductPage.objects.get(import_ref="T-002", locale=en).get_parent()
    products = ProductPage.objects.live().child_of(province)
    assert products.count() > 1
    html = client.get(province.url).content.decode()
    assert len(cards(html)) == 1
    best = products.order_by("-ocop_stars", "title").first()
    assert best.title in html
    link = f'href="/en/products/?province={province.slug}"'
    assert link in html
    assert f"See all {products.count()} products in the catalogue" in html
    catalogue = client.get(f"/en/products/?province={province.slug}")
    assert catalogue.context["result"].count == products.count()


def test_a_province_in_vietnamese_links_to_the_vietnamese_catalogue(client, monkeypatch, vi):
    monkeypatch.setattr(sections, "PROVINCE_PRODUCTS", 1)
    province = ProductPage.objects.get(import_ref="T-002", locale=vi).get_parent()
    html = client.get(province.url).content.decode()
    assert f'href="/vi/san-pham/?province={province.slug}"' in html
    assert "Xem tất cả" in html


def test_a_small_province_has_no_link_to_more(client, en):
    province = ProductPage.objects.get(import_ref="T-002", locale=en).get_parent()
    assert "See all" not in client.get(province.url).content.decode()


def test_the_province_page_costs_the_same_queries_however_many_products(
    client, en, settings, write_csv, fixture_rows, django_assert_max_num_queries
):
    settings.HUB_IMPORT_BULK_ROWS = 10
    province = ProductPage.objects.get(import_ref="T-002", locale=en).get_parent()
    client.get(province.url)

    with CaptureQueriesContext(connection) as before:
        client.get(province.url)
    header, tea = fixture_rows[0], fixture_rows[2]
    more = [[f"X-{n}", f"{tea[1]} {n}", f"{tea[2]} {n}", *tea[3:]] for n in range(30)]

    assert ProductImporter().run(write_csv([header, *more])).ok
    client.get(province.url)
    with django_assert_max_num_queries(len(before)):
        html = client.get(province.url).content.decode()
    assert len(cards(html)) == sections.PROVINCE_PRODUCTS


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"region": ("mekong-delta", "central-highlands")},
        {"stars": (4, 5), "month": (6,)},
        {"certification": ("vietgap",), "export_ready": True},
        {"q": "tea"},
        {"include_expired": True, "category": ("food",)},
    ],
)
def test_facets_from_the_table_agree_with_the_database(en, params):
    result = run(CatalogueQuery(lang="en", **params), en)
    pages = ProductPage.objects.live().filter(locale=en)
    if not params.get("include_expired"):
        pages = pages.certificate_valid()
    by_region = {}
    for page in pages.select_related("province__region"):
        key = page.province.region.key
        wanted = result.query
        keep = (
            (not wanted.stars or page.ocop_stars in wanted.stars)
            and (not wanted.month or set(page.harvest_months) & set(wanted.month))
            and (not wanted.category or page.category.slug in wanted.category)
            and (
                not wanted.certification
                or {c.slug for c in page.certifications.all()} & set(wanted.certification)
            )
            and (wanted.export_ready is None or bool(page.export_markets) == wanted.export_ready)
            and (result.text is None or page.pk in result.text.ranked)
        )
        if keep:
            by_region[key] = by_region.get(key, 0) + 1
    assert result.facets["region"] == by_region


def test_an_unpublished_product_leaves_the_catalogue_while_the_index_is_rebuilt(
    client, settings, en
):
    """The index rebuilds in a thread after a publication and only ranks: the table of the
    new generation decides what is shown, at once."""
    settings.HUB_SEARCH_REBUILD_IN_BACKGROUND = True
    settings.HUB_SEARCH_REBUILD_SECONDS = 3600  # the old index stays held
    tea = ProductPage.objects.get(import_ref="T-002", locale=en)
    before = client.get("/api/v1/products/search", {"q": "tan cuong tea"}).json()
    assert tea.title in [found["title"] for found in before["results"]]
    held = index.catalogue_index("en")
    tea.unpublish()
    assert index.catalogue_index("en") is held  # not rebuilt yet
    after = client.get("/api/v1/products/search", {"q": "tan cuong tea"}).json()
    assert tea.title not in [found["title"] for found in after["results"]]
    catalogue = client.get("/en/products/").content.decode()
    assert tea.title not in catalogue
    assert Locale.objects.count() == 2


def test_a_province_counts_what_its_catalogue_link_shows(client, monkeypatch, en):
    """The link's number is the catalogue's: products whose certificate is in force."""
    monkeypatch.setattr(sections, "PROVINCE_PRODUCTS", 1)
    tea = ProductPage.objects.filter(import_ref="T-002")
    tea.update(ocop_certified_on=datetime.date(2020, 1, 1))
    purge()  # as the publication of the change would
    province = tea.get(locale=en).get_parent()
    html = client.get(province.url).content.decode()
    shown = client.get(f"/en/products/?province={province.slug}").context["result"].count
    assert f"See all {shown} products in the catalogue" in html
    assert "Tan Cuong green tea" not in html
