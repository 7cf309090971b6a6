"""200 buyers sending at the same moment: every inquiry is saved, none twice.

Real concurrency: 200 submissions from 20 threads against the live server (a threaded
WSGI server on 127.0.0.1), each with its own session and CSRF token, as browsers do.
"""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, build_opener

from inquiries.models import Inquiry
from products.models import ProductPage

SUBMISSIONS = 200
THREADS = 20
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def submit(url, number):
    """Open the form, then send it; the status of the POST (302 when accepted)."""
    opener = build_opener(HTTPCookieProcessor(CookieJar()), NoRedirect())
    with opener.open(url, timeout=60) as response:
        token = TOKEN.search(response.read().decode()).group(1)
    data = urlencode(
        {
            "csrfmiddlewaretoken": token,
            "name": f"Buyer {number}",
            "email": f"buyer{number}@load.example",
            "country": "NL",
            "message": f"Inquiry number {number}",
            "consent": "on",
        }
    ).encode()
    try:
        with opener.open(url, data=data, timeout=60) as response:
            return response.status
    except HTTPError as answer:  # urllib raises for 3xx once redirects are refused
        return answer.code


def test_200_concurrent_inquiries_leave_exactly_200_rows(hub, live_server, settings):
    settings.HUB_INQUIRY_RATE_LIMIT = None  # one address sends them all
    product = ProductPage.objects.get(import_ref="T-002", locale__language_code="en")
    url = f"{live_server.url}/en/inquiry/?product={product.pk}"
    start = threading.Barrier(THREADS)

    def worker(numbers):
        start.wait()  # all threads begin together
        return [submit(url, number) for number in numbers]

    batches = [range(first, SUBMISSIONS, THREADS) for first in range(THREADS)]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        statuses = [status for batch in pool.map(worker, batches) for status in batch]

    assert statuses == [302] * SUBMISSIONS
    saved = Inquiry.objects.filter(email__endswith="@load.example")
    assert saved.count() == SUBMISSIONS
    assert saved.values("email").distinct().count() == SUBMISSIONS
    assert all(inquiry.items.count() == 1 for inquiry in saved.prefetch_related("items"))
