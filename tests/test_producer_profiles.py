"""Producer profiles, /<lang>/producers/<slug>/ (products/profiles.py): what a buyer reads
of a producer in both languages, who may see it (live and approved, or making a live
product: an import alone publishes nothing), its structured data, its sitemap entries,
the links to it from product pages, cards and the search API, and its cost in queries."""

import datetime
import json
import re
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from products.importing import ProductImporter
from products.models import Certification, Producer, ProducerCertificate, ProductPage
from products.profiles import ProducerSitemap, public_profiles
from tests import test_import_review
from tests.test_import_review import _approve, _confirm, _new_tea, _sheet, _upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]
# An editor of Thái Nguyên, a central reviewer, T-002's row: tests/test_import_review.py's.
editor, reviewer = test_import_review.editor, test_import_review.reviewer
reviewers, tea_row = test_import_review.reviewers, test_import_review.tea_row
TEA = "HTX Chè Tân Hương"  # T-002, Thái Nguyên, imported: live without a review


def producer(name=TEA):
    return Producer.objects.get(name=name)


def product(ref, language="en"):
    return ProductPage.objects.get(import_ref=ref, locale__language_code=language)


def profile(client, slug, language="en"):
    return client.get(f"/{language}/producers/{slug}/")


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def json_ld(response):
    scripts = soup(response).select('script[type="application/ld+json"]')
    return [json.loads(script.string) for script in scripts]


# What it shows ---------------------------------------------------------------------------


def test_the_english_profile_tells_a_buyer_who_it_is_and_what_it_makes(client):
    tea = producer()
    tea.name_en, tea.year_established, tea.address = "Tan Huong Tea Co-op", 2009, "Tân Cương"
    tea.description_en = "A tea cooperative of 40 households."
    tea.save()
    response = profile(client, tea.slug)
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == TEA
    text = page.get_text(" ", strip=True)
    assert "English trading name: Tan Huong Tea Co-op" in text
    assert "a cooperative owned by its member farmers or households" in text  # what an HTX is
    assert "Year established 2009" in text and "A tea cooperative of 40 households." in text
    thai_nguyen = page.select_one(".facts a")
    assert thai_nguyen.get_text() == "Thai Nguyen" and thai_nguyen["href"].startswith("/en/")
    # Its products in English, as cards, with their OCOP certificates.
    assert page.select(".product-card .card-title")[0].get_text() == "Tan Cuong green tea"
    validity = page.select_one(".profile-validity").get_text(" ", strip=True)
    assert "OCOP-19-2024-002" in validity and "5 stars" in validity
    assert "United States" in text and "Canada" in text  # export markets of its products
    assert "2.5 tonnes" in page.select_one(".profile-capacity").get_text(" ", strip=True)
    # The fair where its tea is exhibited, at booth B12.
    assert "Tea and Specialities Fair 2099" in text and "booth B12" in text
    # One action: an inquiry to this producer.
    action = page.find("a", string="Send an inquiry to this producer")
    assert action["href"] == f"/en/inquiry/?producer={tea.pk}"
    # The language switcher and hreflang lead to the Vietnamese twin.
    switch = page.select_one('.language-switcher a[hreflang="vi"]')
    assert switch["href"] == f"/vi/producers/{tea.slug}/"
    alternate = page.select_one('link[rel="alternate"][hreflang="vi"]')
    assert alternate["href"].endswith(f"/vi/producers/{tea.slug}/")


def test_the_badge_says_who_verified_what_and_when(client):
    tea = producer()
    text = soup(profile(client, tea.slug)).select_one(".profile-badge").get_text(" ", strip=True)
    assert (
        "OCOP certified — verified by the Thai Nguyen Department of Agriculture and Environment"
        in text
    )
    assert "OCOP-19-2024-002" in text
    latest = product("T-002").ocop_certified_on
    with override("en"):
        assert f"latest certification is dated {date_format(latest, 'DATE_FORMAT')}" in text


def test_the_vietnamese_profile_is_in_vietnamese_with_the_english_description_marked(client):
    tea = producer()
    tea.description_vi, tea.description_en = "", "A tea cooperative."
    tea.save()
    response = profile(client, tea.slug, "vi")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "vi"
    assert page.select(".product-card .card-title")[0].get_text() == "Chè Tân Cương"
    assert "Gửi yêu cầu báo giá tới chủ thể này" in page.get_text()
    # The description in the other language says which it is.
    assert page.select_one(".profile-description")["lang"] == "en"
    switch = page.select_one('.language-switcher a[hreflang="en"]')
    assert switch["href"] == f"/en/producers/{tea.slug}/"
    badge = page.select_one(".profile-badge").get_text(" ", strip=True)
    assert "Sở Nông nghiệp và Môi trường Thái Nguyên" in badge


def test_certificates_with_their_numbers_and_the_expired_marked(client):
    tea = producer()
    vietgap, haccp = (
        Certification.objects.get(slug="vietgap"),
        Certification.objects.get(slug="haccp"),
    )
    today = timezone.localdate()
    ProducerCertificate.objects.create(
        producer=tea, certification=vietgap, number="VG-123", issued_by="Certifier A",
        valid_until=today + datetime.timedelta(days=300),
    )  # fmt: skip
    ProducerCertificate.objects.create(
        producer=tea,
        certification=haccp,
        number="H-9",
        valid_until=today - datetime.timedelta(days=1),
    )
    page = soup(profile(client, tea.slug))
    rows = {
        row.th.get_text(): row.get_text(" ", strip=True)
        for row in page.find(id="certificates-title").find_parent("section").select("tbody tr")
    }
    assert "VG-123" in rows["VietGAP"] and "Certifier A" in rows["VietGAP"]
    assert "expired" not in rows["VietGAP"]
    assert "H-9" in rows["HACCP"] and "expired" in rows["HACCP"]
    certifications = json_ld(profile(client, tea.slug))[0]["hasCertification"]
    assert {item["certificationIdentification"] for item in certifications} == {"VG-123", "H-9"}


def test_contacts_then_the_provinces_office_then_the_hubs_team(client):
    tea = producer()
    tea.phone = tea.email = tea.website = tea.contact_person = ""
    tea.save()
    contact = lambda: soup(profile(client, tea.slug)).select_one(".profile-contact")  # noqa: E731
    assert "The hub's team for its province answers" in contact().get_text()
    province = tea.province
    province.trade_office = "Trung tâm Xúc tiến Thương mại Thái Nguyên"
    province.trade_office_phone = "+84 208 385 1234"
    province.save_revision().publish()
    # The English province has not been synchronised yet: the Vietnamese page's office.
    box = contact()
    assert "+84 208 385 1234" in box.get_text() and "trade-promotion office" in box.get_text()
    tea.phone, tea.contact_person = "+84 912 345 678", "Nguyễn Thị Hoa, director"
    tea.save()
    box = contact().get_text()
    assert "+84 912 345 678" in box and "Nguyễn Thị Hoa" in box and "385 1234" not in box


def test_json_ld_describes_an_organization(client):
    tea = producer()
    tea.name_en, tea.year_established, tea.phone = "Tan Huong Tea Co-op", 2009, "+84 912 345 678"
    tea.save()
    data = json_ld(profile(client, tea.slug))
    assert len(data) == 1
    organization = data[0]
    assert organization["@type"] == "Organization"
    assert organization["name"] == TEA and organization["alternateName"] == "Tan Huong Tea Co-op"
    assert organization["url"] == f"http://testserver/en/producers/{tea.slug}/"
    assert organization["foundingDate"] == "2009"
    assert organization["telephone"] == "+84 912 345 678"
    assert organization["address"]["addressRegion"] == "Thai Nguyen"


# Who may see it -------------------------------------------------------------------------


def test_an_unknown_address_is_a_404(client):
    assert profile(client, "no-such-producer").status_code == 404
    assert profile(client, "no-such-producer", "vi").status_code == 404


def test_a_draft_producer_is_a_404_even_with_live_products(client):
    tea = producer()
    Producer.objects.filter(pk=tea.pk).update(live=False)
    assert profile(client, tea.slug).status_code == 404
    assert profile(client, tea.slug, "vi").status_code == 404
    # Its products show no producer, as before.
    html = client.get(product("T-002").url).content.decode()
    assert 'class="producer"' not in html and "/producers/" not in html


def test_an_approved_producer_without_products_is_public(client, en):
    lone = Producer(name="HTX Mới Duyệt", producer_type=Producer.Type.COOPERATIVE)
    lone.province = producer().province
    lone.live = False
    lone.save()
    assert profile(client, lone.slug).status_code == 404
    lone.save_revision().publish()  # a central reviewer approves it
    assert public_profiles(en).filter(pk=lone.pk).exists()
    response = profile(client, lone.slug)
    assert response.status_code == 200
    assert "No product of this producer is published in this language yet." in (
        response.content.decode()
    )


def test_a_profile_is_public_only_where_a_product_is_live(client):
    """Imported producers are live without review: only their published products make
    their profile public, language by language."""
    tea = producer()
    product("T-002").unpublish()  # its only English product
    assert profile(client, tea.slug).status_code == 404
    assert profile(client, tea.slug, "vi").status_code == 200
    # …and its Vietnamese profile neither offers nor announces an English twin (both did,
    # linking a 404).
    page = soup(profile(client, tea.slug, "vi"))
    links = [a["href"] for a in page.select("a[href]")] + [
        link["href"] for link in page.select('link[rel="alternate"][hreflang]')
    ]
    assert not any(f"/en/producers/{tea.slug}/" in href for href in links)


def test_an_editors_import_publishes_no_profile_before_the_review(
    client, editor, reviewer, tea_row
):
    """A Thái Nguyên editor imports a product with a new producer: the producer is live at
    once (imports make it so) but its profile is a 404 until a reviewer approves the
    product."""
    _upload(client, _sheet(_new_tea(tea_row, producer="HTX Chè Mới Tinh")))
    _confirm(client, submit_for_review="1")
    new = producer("HTX Chè Mới Tinh")
    assert new.live and new.live_revision_id is None
    assert profile(client, new.slug, "vi").status_code == 404
    assert profile(client, new.slug, "en").status_code == 404
    _approve(client, reviewer, "TN-201")
    assert product("TN-201", "vi").live
    response = profile(client, new.slug, "vi")
    assert response.status_code == 200
    assert "Chè TN-201" in response.content.decode()


# Links to it -----------------------------------------------------------------------------


def test_the_product_page_links_the_producer_to_its_profile(client):
    tea = producer()
    for language in ("en", "vi"):
        page = soup(client.get(product("T-002", language).url))
        link = page.select_one("aside.producer .producer-name a")
        assert link["href"] == f"/{language}/producers/{tea.slug}/"
        assert profile(client, tea.slug, language).status_code == 200


def test_catalogue_cards_link_their_producers(client):
    tea = producer()
    page = soup(client.get("/en/products/"))
    links = {a["href"] for a in page.select(".product-card .card-producer a")}
    assert f"/en/producers/{tea.slug}/" in links
    assert all(profile(client, href.split("/")[3]).status_code == 200 for href in links)


def test_the_search_api_gives_the_producers_profile(client):
    tea = producer()
    for language in ("en", "vi"):
        data = client.get("/api/v1/products/search", {"q": "Tân Cương", "lang": language}).json()
        tea_result = next(r for r in data["results"] if r["producer"]["name"] == TEA)
        assert tea_result["producer"]["url"] == (
            f"http://testserver/{language}/producers/{tea.slug}/"
        )
    schema = client.get("/api/v1/openapi.json").json()
    assert "url" in schema["components"]["schemas"]["ProducerOut"]["properties"]


# The sitemap ----------------------------------------------------------------------------

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def sitemap_entries(client):
    index = client.get("/sitemap.xml")
    entries = {}
    for part in ElementTree.fromstring(index.content).iter(f"{SITEMAP}loc"):
        response = client.get(part.text)
        assert response.status_code == 200
        for url in ElementTree.fromstring(response.content).iter(f"{SITEMAP}url"):
            location = url.find(f"{SITEMAP}loc").text
            entries[location] = {
                link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
            }
    return entries


def test_the_sitemap_lists_public_profiles_in_their_languages(client):
    tea = producer()
    entries = sitemap_entries(client)
    en_url = f"http://testserver/en/producers/{tea.slug}/"
    vi_url = f"http://testserver/vi/producers/{tea.slug}/"
    assert entries[en_url] == {"en": en_url, "vi": vi_url}
    assert entries[vi_url] == {"en": en_url, "vi": vi_url}
    listed = {url for url in entries if "/producers/" in url}
    for url in listed:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200
    product("T-002").unpublish()
    entries = sitemap_entries(client)
    assert en_url not in entries and "en" not in entries[vi_url]  # no twin to point at


def test_the_sitemaps_parts_of_profiles_stay_within_their_limit(client, monkeypatch):
    monkeypatch.setattr(ProducerSitemap, "limit", 3)
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    parts = [loc.text for loc in index.iter(f"{SITEMAP}loc") if "producers" in loc.text]
    assert len(parts) > 1
    for part in parts:
        urls = ElementTree.fromstring(client.get(part).content).findall(f"{SITEMAP}url")
        assert 0 < len(urls) <= 3


# What it costs --------------------------------------------------------------------------


def _more_products(write_csv, fixture_rows, count):
    """`count` more products of the tea cooperative (T-002's row with other refs)."""
    header, tea = fixture_rows[0], fixture_rows[2]
    rows = [header]
    for n in range(count):
        row = dict(zip(header, tea, strict=True))
        row |= {"ref": f"TEA-{n}", "name_vi": f"Chè số {n}", "name_en": f"Tea number {n}"}
        rows.append([row[column] for column in header])
    result = ProductImporter().run(write_csv(rows))
    assert result.ok, result.errors


def _queries(client, slug):
    with CaptureQueriesContext(connection) as queries:
        response = profile(client, slug)
    assert response.status_code == 200
    return len(queries), response


def test_the_profile_costs_the_same_queries_with_50_products(
    client, settings, write_csv, fixture_rows, django_assert_max_num_queries
):
    """As many queries with 50 products as with one (bench/profiles.py times it at national
    scale: 10 queries, ~240 ms on SQLite, less than a province page with 24 cards)."""
    settings.HUB_PAGE_CACHE_SECONDS = 0  # every visit is rendered
    tea = producer()
    profile(client, tea.slug)  # the content generation's caches, renditions
    few, _response = _queries(client, tea.slug)
    _more_products(write_csv, fixture_rows, 49)
    profile(client, tea.slug)
    with django_assert_max_num_queries(few):
        response = profile(client, tea.slug)
    assert len(re.findall(r'<article class="card product-card', response.content.decode())) == 50
    assert few <= PINNED_QUERIES


# Measured on the test data; products, photos, certificates and events are a query each
# however many there are.
PINNED_QUERIES = 9


# The demo ---------------------------------------------------------------------------------


def test_the_demo_producers_have_public_profiles(client):
    """`make run` loads showcase/demo/products.csv through the importer: each of its
    producers gets a profile in both languages, linked from its products."""
    from showcase.demo.loader import PRODUCTS_CSV

    assert ProductImporter().run(PRODUCTS_CSV).ok
    names = set(
        ProductPage.objects.filter(import_ref__in=_demo_refs(PRODUCTS_CSV)).values_list(
            "producer__name", flat=True
        )
    )
    producers = Producer.objects.filter(name__in=names - {None})
    assert producers.count() >= 50
    for demo_producer in producers[:40]:
        for language in ("en", "vi"):
            response = profile(client, demo_producer.slug, language)
            assert response.status_code == 200, (demo_producer.name, language)


def _demo_refs(path):
    import csv

    with open(path, encoding="utf-8", newline="") as handle:
        return [row["ref"] for row in csv.DictReader(handle)]
