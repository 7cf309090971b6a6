"""Printable catalogues: real PDFs (WeasyPrint), read back with pypdf."""

import io

import pytest
from pypdf import PdfReader

from events.models import EventPage
from products.models import ProductPage
from products.printing import LocalFilesOnly, catalogue_html, qr_code
from regions.models import RegionPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]


def pdf_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def add(client, *refs, language="en"):
    for ref in refs:
        page = ProductPage.objects.get(import_ref=ref, locale__language_code=language)
        client.post(f"/{language}/shortlist/add/", {"product": page.pk})


def test_shortlist_pdf_has_a_cover_and_every_product(client):
    add(client, "T-001", "T-002", "T-003")
    text, pages = pdf_text(client.get("/en/print/shortlist.pdf"))
    assert pages >= 2  # the cover, then the products
    for name in [
        "Ba Be fragrant green squash",
        "Tan Cuong green tea",
        "Binh Thuan red dragon fruit",
    ]:
        assert name in text
    assert "3 products" in text and "OCOP 5-star product" in text
    assert "HTX Chè Tân Hương" in text  # the producer
    assert "VietGAP" in text  # certifications


def test_pdf_is_in_the_visitors_language(client):
    add(client, "T-002", language="vi")
    text, _pages = pdf_text(client.get("/vi/print/shortlist.pdf"))
    assert "Chè Tân Cương" in text and "Sản phẩm OCOP 5 sao" in text


def test_search_result_pdf_follows_the_catalogue_parameters(client):
    text, _pages = pdf_text(client.get("/en/print/products.pdf?q=tea&stars=5"))
    assert "Tan Cuong green tea" in text
    assert "Ngoc Linh ginseng tea" not in text  # 4 stars
    response = client.get("/en/print/products.pdf?stars=9")
    assert response.status_code == 400 and b"stars" in response.content


def test_region_and_fair_pdfs(client):
    region = RegionPage.objects.get(locale__language_code="en", key="northern-midlands-mountains")
    text, _pages = pdf_text(client.get(f"/en/print/{region.pk}.pdf"))
    assert "Tan Cuong green tea" in text and "Van Phuc silk" not in text
    fair = EventPage.objects.get(slug="tea-fair-2099", locale__language_code="en")
    text, _pages = pdf_text(client.get(f"/en/print/{fair.pk}.pdf"))
    assert "Booth B12" in text and "Tan Cuong green tea" in text
    assert "Booth B14" in text and "Ba Be fragrant green squash" in text


def test_other_pages_are_not_printable(client):
    home = RegionPage.objects.get(locale__language_code="en", key="mekong-delta").get_parent()
    assert client.get(f"/en/print/{home.pk}.pdf").status_code == 404
    assert client.get("/en/print/999999.pdf").status_code == 404


def test_each_product_carries_a_qr_code_to_its_page(rf):
    products = list(
        ProductPage.objects.filter(import_ref__in=["T-002", "T-003"], locale__language_code="en")
    )
    html = catalogue_html(
        rf.get("/en/print/shortlist.pdf"), title="t", subtitle="s", products=products
    )
    for product in products:
        url = product.get_full_url()
        assert url.startswith("http://testserver/en/")
        assert qr_code(url) in html


def test_the_pdf_fetcher_reads_no_network_and_no_private_file(settings, tmp_path):
    fetcher = LocalFilesOnly()
    with pytest.raises(ValueError):
        fetcher.fetch("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    logo = settings.BASE_DIR / "static" / "img" / "logo.svg"
    response = fetcher.fetch(logo.as_uri())
    assert response is not None
