"""The anonymous page cache (showcase/page_cache.py): who is served from it, what purges it,
and what an uncached page costs in queries."""

import pytest
from django.test import Client
from wagtail.models import Page

from products.models import ProductPage
from showcase import page_cache
from tests.test_pages import pages_of_every_type

pytestmark = pytest.mark.django_db

HEADER = "X-Page-Cache"


@pytest.fixture
def tea(certificates_in_force):
    return ProductPage.objects.get(locale__language_code="en", title="Tan Cuong green tea")


def test_an_anonymous_visitor_gets_the_page_from_the_cache_the_second_time(
    client, tea, django_assert_num_queries
):
    first = client.get(tea.url)
    assert first[HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get(tea.url)
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert "Cookie" in second["Vary"]  # a CDN keeps sessions apart too
    assert not second.cookies


@pytest.mark.parametrize("language", ["en", "vi"])
def test_every_page_type_is_shared_between_anonymous_visitors(client, language):
    """Product cards carry the shortlist button: without a CSRF token, every page can be
    cached (inquiries.views.same_origin_only guards the button instead)."""
    for name, page in pages_of_every_type(language).items():
        client.get(page.url)
        assert client.get(page.url)[HEADER] == "hit", name


def test_publishing_purges_the_cache(client, tea):
    assert "Tan Cuong green tea" in client.get(tea.url).content.decode()
    catalogue = client.get("/en/products/").content.decode()
    assert "Tan Cuong green tea" in catalogue

    tea.title = "Tan Cuong first-flush green tea"
    tea.save_revision().publish()

    product = client.get(tea.url)
    assert product[HEADER] == "miss"
    assert "Tan Cuong first-flush green tea" in product.content.decode()
    # …and every other page that shows it, not only its own.
    assert "Tan Cuong first-flush green tea" in client.get("/en/products/").content.decode()


def test_unpublishing_removes_the_page_at_once(client, tea):
    assert client.get(tea.url).status_code == 200
    tea.unpublish()
    assert client.get(tea.url).status_code == 404


def test_a_snippet_change_purges_the_pages_that_name_it(client, tea):
    assert "Tea" in client.get("/en/products/").content.decode()
    tea.category.name_en = "Teas and infusions"
    tea.category.save()
    assert "Teas and infusions" in client.get("/en/products/").content.decode()


def test_a_logged_in_editor_is_never_served_the_visitors_page_nor_stores_one(
    client, admin_user, tea
):
    client.get(tea.url)  # cached for visitors
    editor = Client()
    editor.force_login(admin_user)
    response = editor.get(tea.url)
    assert response[HEADER] == "skip"
    assert "wagtail-userbar" in response.content.decode()  # the editor's own page
    # …and what the editor saw is not what the next visitor gets.
    visitor = client.get(tea.url)
    assert visitor[HEADER] == "hit"
    assert "wagtail-userbar" not in visitor.content.decode()


def test_a_buyer_with_a_shortlist_sees_their_own_shortlist(client, tea):
    client.get(tea.url)  # cached with an empty shortlist
    buyer = Client()
    assert buyer.post("/en/shortlist/add/", {"product": tea.pk}).status_code == 302
    response = buyer.get(tea.url)
    assert response[HEADER] == "skip"
    assert 'aria-pressed="true"' in response.content.decode()  # "On your shortlist"
    assert 'aria-pressed="true"' not in client.get(tea.url).content.decode()


def test_pages_with_a_form_and_a_token_are_not_cached(client):
    """The inquiry form carries a CSRF token tied to the visitor's cookie."""
    client.get("/en/inquiry/")
    response = Client().get("/en/inquiry/")
    assert HEADER not in response  # not a Wagtail page: never considered
    assert "csrftoken" in response.cookies


def test_posts_and_unknown_pages_are_not_cached(client, tea):
    client.get(tea.url)
    assert client.post(tea.url).get(HEADER) != "hit"
    client.get("/en/no-such-page/")
    assert client.get("/en/no-such-page/").get(HEADER) != "hit"


def test_the_shortlist_button_refuses_other_sites(client, tea):
    refused = client.post(
        "/en/shortlist/add/", {"product": tea.pk}, headers={"origin": "https://evil.example"}
    )
    assert refused.status_code == 403
    cross_site = client.post(
        "/en/shortlist/add/", {"product": tea.pk}, headers={"sec-fetch-site": "cross-site"}
    )
    assert cross_site.status_code == 403
    same = client.post(
        "/en/shortlist/add/",
        {"product": tea.pk},
        headers={"origin": "http://testserver", "sec-fetch-site": "same-origin"},
    )
    assert same.status_code == 302


def test_the_generation_is_shared_by_every_process_through_its_file(settings, tmp_path):
    settings.HUB_CACHE_STAMP = tmp_path / "generation"
    before = page_cache.generation()
    page_cache.purge()
    after = page_cache.generation()
    assert after != before
    # Another worker reads the same file.
    assert (tmp_path / "generation").read_text() == after


def test_the_cache_can_be_turned_off(client, settings, tea):
    settings.HUB_PAGE_CACHE_SECONDS = 0
    client.get(tea.url)
    assert client.get(tea.url)[HEADER] == "skip"


@pytest.mark.parametrize("language", ["en", "vi"])
def test_every_uncached_page_stays_within_12_queries(
    client, settings, language, django_assert_max_num_queries
):
    """With the page cache off: the router finds a page in two queries (showcase/routing.py),
    listings prefetch, and the lists every page shows (menu, facet names, places) are kept
    until the content changes."""
    settings.HUB_PAGE_CACHE_SECONDS = 0
    pages = pages_of_every_type(language)
    catalogue = pages["ProductIndexPage"].url
    urls = [page.url for page in pages.values()] + [
        f"{catalogue}?q=tea&region=northern-midlands-mountains&stars=5&category=tea",
        f"{catalogue}?province=thai-nguyen&month=4&export_ready=true&sort=stars",
        f"{pages['EventIndexPage'].url}?province=thai-nguyen",
    ]
    for url in urls:
        client.get(url)  # the first view renders image renditions and fills the lists
        with django_assert_max_num_queries(12, info=url):
            response = client.get(url)
        assert response.status_code == 200, url


def test_routing_finds_the_same_pages_as_wagtail(client, settings):
    """Every live page is served at its own URL, and a wrong last segment is a 404."""
    settings.HUB_PAGE_CACHE_SECONDS = 0
    for page in Page.objects.live().filter(depth__gt=1).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert response.context["page"].pk == page.pk
        assert client.get(f"{page.url}no-such-child/").status_code == 404
