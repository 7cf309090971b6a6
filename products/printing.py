"""Printable catalogues: a shortlist, a search result, a region, a province or a fair's
exhibitors as a PDF a buyer can carry to a meeting, in the visitor's language.

WeasyPrint renders an HTML template; every picture is read from this server's own files
(the fetcher refuses anything else, so rendering never waits on the network), and each
product carries a QR code back to its page.
"""

import functools
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from weasyprint import HTML, URLFetcher

from products.models import ProductPage

MAX_PRODUCTS = 200
PHOTO = "fill-480x360|format-jpeg|jpegquality-75"


def with_print_details(products):
    """The products again, with what a printed block shows, in a fixed number of queries."""
    pks = [product.pk for product in products]
    found = {
        product.pk: product
        for product in ProductPage.objects.filter(pk__in=pks)
        .for_listing()
        .prefetch_related("certifications", "image__renditions")
    }
    return [found[pk] for pk in pks if pk in found]


def catalogue_pdf(request, *, title, **kwargs):
    """An HttpResponse with the PDF of `products` (at most MAX_PRODUCTS of them)."""
    html = catalogue_html(request, title=title, **kwargs)
    pdf = HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=LocalFilesOnly()
    ).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(title) or "catalogue"
    response["Content-Disposition"] = f'inline; filename="ocop-{name}.pdf"'
    return response


@functools.lru_cache(maxsize=4096)
def qr_code(url):
    """A QR code of `url` as an SVG data URI (vector: sharp at any print size). Choosing
    the best mask takes ~10 ms a code, and a product's address rarely changes: cached."""
    return segno.make(url, error="m").svg_data_uri(scale=3, border=1)


def catalogue_html(request, *, title, subtitle, products, notes=None, total=None, shareable=True):
    """The catalogue as the HTML WeasyPrint prints."""
    products = with_print_details(products[:MAX_PRODUCTS])
    blocks = [
        {
            "product": product,
            "photo": _file_uri(product.image.get_rendition(PHOTO).file.path)
            if product.image
            else None,
            "qr": qr_code(product.get_full_url(request)),
            "note": (notes or {}).get(product.pk, ""),
        }
        for product in products
    ]
    return render_to_string(
        "products/print/catalogue.html",
        {
            "title": title,
            "subtitle": subtitle,
            "blocks": blocks,
            "total": total if total is not None else len(products),
            "expired_count": sum(product.ocop_certificate_expired for product in products),
            "printed_on": timezone.localdate(),
            "logo": _file_uri(finders.find("img/logo.svg")),
            # A shortlist lives in the buyer's session: its address means nothing to others.
            "source_url": request.build_absolute_uri() if shareable else "",
        },
        request=request,
    )


class LocalFilesOnly(URLFetcher):
    """WeasyPrint's fetcher, for data: URIs and this server's media and static files only."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "file"})

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            folders = [Path(settings.MEDIA_ROOT), Path(settings.BASE_DIR, "static")]
            if not any(path.is_relative_to(folder.resolve()) for folder in folders):
                raise ValueError(
                    f"The printable catalogue reads no file outside media and static: {path}"
                )
        return super().fetch(url, headers)


def _file_uri(path):
    return Path(path).resolve().as_uri() if path else None
