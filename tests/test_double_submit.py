"""An inquiry form sent twice (a double click, a refresh, back and send again) saves one
inquiry, and the second answer shows the first one's reference.

Each form carries a one-time token (a hidden field, new for every visitor); the inquiry
keeps it under a unique constraint, so the second request finds the first inquiry, even
when both arrive at the same moment.
"""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, build_opener

import pytest
from django.core import mail
from django.test import Client

from inquiries import views
from inquiries.models import Inquiry
from products.models import ProductPage

BUYER = {
    "name": "Kenji Sato",
    "company": "Sato Trading K.K.",
    "email": "kenji@sato.example",
    "country": "JP",
    "message": "Please send your price list for green tea, 500 kg per month.",
    "consent": "on",
}
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REFERENCE = re.compile(r"OCOP-\d{6}")


def tea(language="en"):
    return ProductPage.objects.get(import_ref="T-002", locale__language_code=language)


def form_token(client, url):
    html = client.get(url).content.decode()
    return TOKEN.search(html).group(1)


def reference_shown(client, response):
    assert response.status_code == 302 and response.url.endswith("/inquiry/sent/")
    return REFERENCE.search(client.get(response.url).content.decode()).group(0)


@pytest.mark.django_db
def test_each_visitor_gets_a_fresh_one_time_token():
    url = f"/en/inquiry/?product={tea().pk}"
    first, second = form_token(Client(), url), form_token(Client(), url)
    assert first != second
    assert re.fullmatch(r"[A-Za-z0-9_-]{22,64}", first)
    # No shared cache (a CDN, the page cache) may hand one visitor's token to another.
    page = Client().get(url)
    assert "private" in page["Cache-Control"] and "X-Page-Cache" not in page
    # A re-rendered form (a field to correct) keeps its token: it is still the same form.
    client = Client()
    token = form_token(client, url)
    answer = client.post(url, {**BUYER, "email": "not an address", "form_token": token})
    assert answer.status_code == 400
    assert TOKEN.search(answer.content.decode()).group(1) == token


@pytest.mark.django_db
def test_the_same_form_sent_twice_saves_one_inquiry_and_shows_its_reference_again():
    url = f"/en/inquiry/?product={tea().pk}"
    client = Client()
    data = {**BUYER, "form_token": form_token(client, url)}
    first = reference_shown(client, client.post(url, data))
    mails = len(mail.outbox)
    # The same request again: from the same browser, and from one that lost its session
    # (back and resubmit after the session cookie went).
    again = reference_shown(client, client.post(url, data))
    other_browser = Client()
    resent = reference_shown(other_browser, other_browser.post(url, data))

    assert first == again == resent
    assert Inquiry.objects.count() == 1
    assert Inquiry.objects.get().items.count() == 1
    assert len(mail.outbox) == mails  # nobody is told twice


@pytest.mark.django_db
def test_a_new_form_is_a_new_inquiry():
    url = f"/en/inquiry/?product={tea().pk}"
    client = Client()
    first, second = (
        reference_shown(client, client.post(url, {**BUYER, "form_token": form_token(client, url)}))
        for _form in range(2)
    )
    assert first != second and Inquiry.objects.count() == 2


@pytest.mark.django_db
def test_a_form_without_a_token_is_still_accepted():
    """Forms rendered before the token existed, and scripts that never had one."""
    client = Client()
    response = client.post(f"/en/inquiry/?product={tea().pk}", BUYER)
    assert response.status_code == 302 and Inquiry.objects.count() == 1


@pytest.mark.django_db
def test_a_tampered_token_is_refused():
    client = Client()
    url = f"/en/inquiry/?product={tea().pk}"
    response = client.post(url, {**BUYER, "form_token": "x" * 300})
    assert response.status_code == 400 and not Inquiry.objects.exists()


@pytest.mark.django_db
def test_a_duplicate_is_not_counted_by_the_rate_limit(settings):
    settings.HUB_INQUIRY_RATE_LIMIT = "2/h"
    url = f"/en/inquiry/?product={tea().pk}"
    client = Client()
    data = {**BUYER, "form_token": form_token(client, url)}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the same inquiry: not counted
    assert client.post(url, {**BUYER, "form_token": form_token(client, url)}).status_code == 302
    refused = client.post(url, {**BUYER, "form_token": form_token(client, url)})
    assert refused.status_code == 429
    assert Inquiry.objects.count() == 2


@pytest.mark.django_db
def test_the_unique_token_settles_a_race_the_first_check_missed(monkeypatch):
    """Two requests with one token, both past the look-up before either saved: the
    database's unique constraint refuses the second insert, which then answers with the
    first inquiry (and saves, counts and e-mails nothing)."""
    url = f"/en/inquiry/?product={tea().pk}"
    client = Client()
    data = {**BUYER, "form_token": form_token(client, url)}
    first = reference_shown(client, client.post(url, data))
    mails = len(mail.outbox)
    monkeypatch.setattr(views, "_sent_with", lambda token: None)  # the look-up misses it
    again = reference_shown(client, client.post(url, data))
    assert again == first
    assert Inquiry.objects.count() == 1 and len(mail.outbox) == mails


class NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_racing_submissions_of_one_form_save_one_inquiry(hub, live_server, settings):
    """Eight copies of one form sent at the same moment to the threaded live server."""
    settings.HUB_INQUIRY_RATE_LIMIT = None
    copies = 8
    url = f"{live_server.url}/en/inquiry/?product={tea().pk}"
    jar = CookieJar()
    with build_opener(HTTPCookieProcessor(jar)).open(url, timeout=60) as response:
        html = response.read().decode()
    data = urlencode(
        {
            **BUYER,
            "csrfmiddlewaretoken": CSRF.search(html).group(1),
            "form_token": TOKEN.search(html).group(1),
        }
    ).encode()
    start = threading.Barrier(copies)

    def send(_number):
        cookies = CookieJar()
        for cookie in jar:  # the CSRF cookie of the page the form came from
            cookies.set_cookie(cookie)
        opener = build_opener(HTTPCookieProcessor(cookies), NoRedirect())
        start.wait()
        try:
            opener.open(url, data=data, timeout=60)
        except HTTPError as answer:  # the 302, once redirects are refused
            status = answer.code
        else:
            status = 200
        with opener.open(f"{live_server.url}/en/inquiry/sent/", timeout=60) as page:
            return status, REFERENCE.search(page.read().decode()).group(0)

    with ThreadPoolExecutor(max_workers=copies) as pool:
        answers = list(pool.map(send, range(copies)))

    assert {status for status, _reference in answers} == {302}
    assert len({reference for _status, reference in answers}) == 1
    assert Inquiry.objects.filter(email=BUYER["email"]).count() == 1
