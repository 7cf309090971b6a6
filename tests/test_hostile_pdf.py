"""Printed catalogues under hostile traffic (issue 16, finding 1): the same content is
rendered once per content generation, whatever else the address carries; renders are
limited per machine and per address; the largest catalogue is bounded and says so."""

import io
import multiprocessing

import pytest
from django.conf import settings as django_settings
from django.test import Client, RequestFactory
from pypdf import PdfReader

from products import printing
from products.models import ProductPage
from regions.models import RegionPage
from showcase import page_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]

CATALOGUE_PDF = "/vi/print/products.pdf?include_expired=true&sort=stars"


@pytest.fixture
def renders(monkeypatch):
    """Counts WeasyPrint documents made (a spy on the renderer)."""
    made = []
    real = printing.HTML

    def spy(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(printing, "HTML", spy)
    return made


@pytest.fixture
def slots(settings, tmp_path):  # pytest-django's settings fixture: restored after the test
    """One render at a time on this 'machine', in a folder of this test's own."""
    settings.HUB_PDF_LOCKS = tmp_path / "pdf-renders"
    settings.HUB_PDF_RENDERS = 1
    return settings


def pdf_pages(response):
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def test_the_same_catalogue_is_rendered_once_whatever_else_the_address_carries(client, renders):
    first = client.get(f"{CATALOGUE_PDF}&n=1")
    for n in range(2, 6):
        again = Client().get(f"{CATALOGUE_PDF}&n={n}&utm_source=x")
        assert (again.status_code, again["X-PDF-Cache"]) == (200, "hit")
        assert again.content == first.content
    assert first["X-PDF-Cache"] == "miss"
    assert len(renders) == 1
    # The PDF prints the address it was made for, without what the visitor added.
    text = "\n".join(pdf_pages(first))
    assert "n=1" not in text and "include_expired=true" in text


def test_unknown_filter_values_and_their_order_do_not_make_new_catalogues(client, renders):
    client.get("/en/print/products.pdf?stars=5&stars=4")
    client.get("/en/print/products.pdf?stars=4&stars=5&region=atlantis")
    assert len(renders) == 1


def test_a_page_pdf_is_rendered_once_and_again_after_publishing(client, renders):
    region = RegionPage.objects.get(locale__language_code="en", key="northern-midlands-mountains")
    client.get(f"/en/print/{region.pk}.pdf")
    client.get(f"/en/print/{region.pk}.pdf?z=1")
    assert len(renders) == 1
    page_cache.purge()  # what publishing does
    client.get(f"/en/print/{region.pk}.pdf")
    assert len(renders) == 2


def test_the_shortlist_pdf_is_the_visitors_own(renders):
    pdfs = []
    for ref in ("T-001", "T-002"):
        buyer = Client()
        product = ProductPage.objects.get(import_ref=ref, locale__language_code="en")
        buyer.post("/en/shortlist/add/", {"product": product.pk})
        pdfs.append(buyer.get("/en/print/shortlist.pdf"))
    assert len(renders) == 2
    assert "squash" in "\n".join(pdf_pages(pdfs[0]))
    assert "squash" not in "\n".join(pdf_pages(pdfs[1]))


def hold_a_render(locks, ready, done):
    """In another process, as another gunicorn worker rendering a catalogue would."""
    django_settings.HUB_PDF_LOCKS = locks
    django_settings.HUB_PDF_RENDERS = 1
    request = RequestFactory().get("/en/print/products.pdf", REMOTE_ADDR="10.9.9.9")
    with printing.render_slot(request):
        ready.set()
        done.wait(30)


def test_when_every_render_slot_of_the_machine_is_busy_the_answer_is_503(client, slots, renders):
    fork = multiprocessing.get_context("fork")
    ready, done = fork.Event(), fork.Event()
    worker = fork.Process(target=hold_a_render, args=(slots.HUB_PDF_LOCKS, ready, done))
    worker.start()
    try:
        assert ready.wait(30)
        for url in (CATALOGUE_PDF, "/en/print/shortlist.pdf"):
            busy = client.get(url, REMOTE_ADDR="10.1.1.1")
            assert busy.status_code == 503, url
            assert int(busy["Retry-After"]) > 0
            # In the address's language: the catalogue is Vietnamese, the shortlist English.
            assert ("thử lại" if url.startswith("/vi/") else "try again") in busy.content.decode()
        assert renders == []
    finally:
        done.set()
        worker.join(30)
    assert client.get(CATALOGUE_PDF, REMOTE_ADDR="10.1.1.1").status_code == 200


def test_one_address_renders_one_catalogue_at_a_time(client, slots, renders):
    slots.HUB_PDF_RENDERS = 3
    mine = RequestFactory().get("/en/print/1.pdf", REMOTE_ADDR="10.2.2.2")
    with printing.render_slot(mine):
        refused = client.get(CATALOGUE_PDF, REMOTE_ADDR="10.2.2.2")
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) > 0
        # Another address is served meanwhile.
        assert client.get(CATALOGUE_PDF, REMOTE_ADDR="10.3.3.3").status_code == 200
    assert len(renders) == 1


def test_a_cached_catalogue_is_served_even_when_the_printers_are_busy(client, slots):
    client.get(CATALOGUE_PDF)
    with printing.render_slot(RequestFactory().get("/", REMOTE_ADDR="10.4.4.4")):
        assert client.get(f"{CATALOGUE_PDF}&again=1").status_code == 200


def test_the_largest_catalogue_is_bounded_and_says_so_on_its_cover(client, monkeypatch):
    assert printing.MAX_PRODUCTS <= 100
    monkeypatch.setattr(printing, "MAX_PRODUCTS", 2)
    pages = pdf_pages(client.get("/en/print/products.pdf"))
    assert "The first 2 of 6 products" in pages[0]
    assert len(pages) <= 1 + 2  # the cover, then no more than a page a product
    region = RegionPage.objects.get(locale__language_code="en", key="northern-midlands-mountains")
    pages = pdf_pages(client.get(f"/en/print/{region.pk}.pdf"))
    assert "The first 2 of 3 products" in pages[0]
