"""Printable catalogues: a shortlist, a search result, a region, a province or a fair's
exhibitors as a PDF a buyer can carry to a meeting, in the visitor's language.

WeasyPrint renders an HTML template; every picture is read from this server's own files
(the fetcher refuses anything else, so rendering never waits on the network), and each
product carries a QR code back to its page.

Rendering is what costs (a 100-product catalogue: ~5 s of one core; ten at once took a
2-core server off line for 50 s), so it is bounded:

- a catalogue that anyone may ask for is rendered once per content generation and address
  (`shared_pdf`: the path and the parameters its view read, nothing else) and kept in the
  "pdfs" cache, which every worker of the machine shares;
- at most HUB_PDF_RENDERS renders run at once on the machine, all gunicorn workers
  together, and one per client address (`render_slot`: lock files held with fcntl, which
  the kernel releases if a worker dies); anyone else is answered at once, 503 or 429 with
  Retry-After, rather than queued on a thread the pages need;
- a render runs at a lower CPU priority than pages and API calls (`write_pdf`);
- a catalogue holds at most MAX_PRODUCTS products (each fits on a page: at most
  MAX_PRODUCTS + 1 pages), and its cover says when there were more.

The shortlist's PDF is the visitor's own: limited, never shared.
"""

import fcntl
import functools
import hashlib
import ipaddress
import os
import threading
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from weasyprint import HTML, URLFetcher

from products.models import ProductPage
from showcase.base import visible
from showcase.page_cache import generation

MAX_PRODUCTS = 100
PHOTO = "fill-480x360|format-jpeg|jpegquality-75"
RETRY_AFTER = 10  # seconds: about two renders of the largest catalogue
RENDER_NICENESS = 10
ADDRESS_LOCKS = 256  # client addresses share this many lock files (a rare false 429)


def with_print_details(products):
    """The products again, with what a printed block shows, in a fixed number of queries;
    only those anyone may read, whatever list they came from."""
    pks = [product.pk for product in products]
    found = {
        product.pk: product
        for product in visible(ProductPage.objects)
        .filter(pk__in=pks)
        .for_listing()
        .prefetch_related("certifications", "image__renditions")
    }
    return [found[pk] for pk in pks if pk in found]


def catalogue_pdf(request, *, title, **kwargs):
    """An HttpResponse with the PDF of `products` (at most MAX_PRODUCTS of them), rendered
    within the render limits (a 503 or 429 when they are reached)."""
    try:
        with render_slot(request):
            pdf = write_pdf(catalogue_html(request, title=title, **kwargs))
    except PrintersBusy as busy:
        return busy.response()
    name = slugify(title) or "catalogue"
    return pdf_response(pdf, f'inline; filename="ocop-{name}.pdf"')


def write_pdf(html):
    """WeasyPrint's PDF of `html`, laid out on a thread of its own at a lower CPU priority
    (nice 10, that thread only): when the cores are short, pages and API calls on the other
    workers go first. Measured on 2 cores busy with other work, four 100-product renders
    each way: the search API's p95 during a render was ×1.8–3.0 of idle at the same
    priority, ×1.3–1.6 niced (and once ×4.7). Calls that land on the rendering worker
    still share its GIL with the render."""
    made = {}

    def lay_out():
        with suppress(OSError):  # Linux: a thread's own nice value
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), RENDER_NICENESS)
        try:
            made["pdf"] = HTML(
                string=html, base_url=str(settings.BASE_DIR), url_fetcher=LocalFilesOnly()
            ).write_pdf()
        except Exception as error:  # raised again on the request's thread
            made["error"] = error

    renderer = threading.Thread(target=lay_out, name="pdf-render")
    renderer.start()
    renderer.join()
    if "error" in made:
        raise made["error"]
    return made["pdf"]


def pdf_response(pdf, disposition):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = disposition
    return response


def shared_pdf(request, address, render):
    """The PDF of `address` (the path and the parameters the view read, in one order) for
    anyone who asks: from the "pdfs" cache while the content generation lasts, else
    `render()` — a view's catalogue_pdf response — within the render limits, whose slot is
    taken before `render` runs its queries."""
    key = "pdf:{}:{}".format(
        generation(), hashlib.sha256(f"{request.get_host()}{address}".encode()).hexdigest()[:32]
    )
    store = caches["pdfs"]
    kept, verdict = store.get(key), "hit"
    if kept is None:
        try:
            with render_slot(request):
                kept = store.get(key)  # another worker may have just rendered it
                if kept is None:
                    verdict = "miss"
                    response = render()
                    if response.status_code != 200:
                        return response
                    kept = (response.content, response["Content-Disposition"])
                    if len(response.content) <= settings.HUB_PDF_CACHE_MAX_BYTES:
                        store.set(key, kept, settings.HUB_PAGE_CACHE_SECONDS)
        except PrintersBusy as busy:
            return busy.response()
    response = pdf_response(*kept)
    response["X-PDF-Cache"] = verdict  # rendered for this request or not, as X-Page-Cache
    return response


class PrintersBusy(Exception):
    """No render may start now: this address has one under way (429), or every render slot
    of the machine is taken (503)."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status

    def response(self):
        response = HttpResponse(
            str(self), status=self.status, content_type="text/plain; charset=utf-8"
        )
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response


@contextmanager
def render_slot(request):
    """Hold the request's address's render lock and one of the machine's HUB_PDF_RENDERS
    slots, or raise PrintersBusy. Held once per request (shared_pdf takes it, and
    catalogue_pdf within it does not again)."""
    if getattr(request, "holds_render_slot", False):
        yield
        return
    folder = Path(settings.HUB_PDF_LOCKS)
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(client_address(request).encode()).digest()
    with ExitStack() as held:
        if not _lock(held, folder / f"address-{digest[0] % ADDRESS_LOCKS:03}.lock"):
            raise PrintersBusy(
                429,
                _(
                    "A printed catalogue is already being prepared for your address. "
                    "Please wait for it, then try again."
                ),
            )
        if not any(
            _lock(held, folder / f"render-{n}.lock") for n in range(settings.HUB_PDF_RENDERS)
        ):
            raise PrintersBusy(
                503,
                _(
                    "Printed catalogues are being prepared for other visitors. "
                    "Please try again in a few seconds."
                ),
            )
        request.holds_render_slot = True
        try:
            yield
        finally:
            request.holds_render_slot = False


def _lock(held, path):
    """Take `path`'s lock without waiting, kept until `held` closes. flock, not lockf:
    two threads of one worker each holding a slot must exclude each other too."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return False
    held.callback(os.close, descriptor)
    return True


def client_address(request):
    """The address django-ratelimit counts: REMOTE_ADDR, or the header a proxy sets
    (RATELIMIT_IP_META_KEY); an IPv6 client by its /64, which one host usually has."""
    meta_key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    address = request.META.get(meta_key, "").split(",")[0].strip()
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


@functools.lru_cache(maxsize=4096)
def qr_code(url):
    """A QR code of `url` as an SVG data URI (vector: sharp at any print size). Choosing
    the best mask takes ~10 ms a code, and a product's address rarely changes: cached."""
    return segno.make(url, error="m").svg_data_uri(scale=3, border=1)


def catalogue_html(
    request, *, title, subtitle, products, notes=None, total=None, shareable=True, address=None
):
    """The catalogue as the HTML WeasyPrint prints; a shared catalogue prints `address`
    (the request's own by default) as where it came from."""
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
            "source_url": request.build_absolute_uri(address) if shareable else "",
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
