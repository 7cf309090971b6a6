"""Regression tests for the classes of Wagtail security advisory that apply to the hub.

Each test names the advisory it guards against and fails if the hub's (or Wagtail's)
protection were removed. Page permissions across provinces — preview, draft view,
revisions, compare, history, copy and move to and from another province (the fixes of
Wagtail 7.0.7 / 7.3.2: "improper permission handling when comparing revisions / viewing
page history / copying pages") — are tested once, in tests/test_permissions.py
(`test_every_view_of_another_provinces_page_is_refused`,
`test_no_change_reaches_another_provinces_page`,
`test_own_pages_cannot_be_copied_or_moved_into_another_province`); here only what those
do not reach, with their fixtures and helpers.
"""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import NoReverseMatch, reverse
from modelsearch.backends import get_search_backend

from inquiries.models import Inquiry
from search.query import MAX_QUERY_LENGTH
from tests import test_permissions
from tests.test_permissions import _product, _province, refused

pytestmark = pytest.mark.django_db

# Thái Nguyên's editor and the other accounts of tests/test_permissions.py.
people, editor = test_permissions.people, test_permissions.editor


# --- CVE-2024-39317 / GHSA-jmp3-39vp-fwg8: denial of service via search query parsing ----
# Wagtail's query parsing was quadratic on crafted input; the advised mitigation is to pass
# at most 1000 characters to a search. The hub folds queries to words (showcase/text.py) and
# caps them in search/query.py (API and catalogue) and showcase/api.py (page API).


@pytest.fixture
def searched(monkeypatch):
    """The length of every text handed to the search backend."""
    backend = type(get_search_backend())
    lengths = []
    for method in ("search", "autocomplete"):
        original = getattr(backend, method)

        def recording(self, query, *args, _original=original, **kwargs):
            lengths.append(len(str(getattr(query, "query_string", query) or "")))
            return _original(self, query, *args, **kwargs)

        monkeypatch.setattr(backend, method, recording)
    return lengths


LONG = "ba be " * 2000  # 12,000 characters of words the index knows


def test_the_search_api_refuses_long_queries_before_searching(client, searched):
    response = client.get("/api/v1/products/search", {"q": LONG})
    assert response.status_code == 400 and "longer than" in response.json()["error"]
    response = client.get("/api/v1/products/suggest", {"q": LONG})
    assert response.status_code == 400
    assert searched == []


@pytest.fixture
def read(monkeypatch):
    """The length of every query the catalogue reads (search/reading.py: its own index, not
    the backend's parser, but the same cap)."""
    import search.query

    lengths = []
    original = search.query.read

    def recording(q, *args, **kwargs):
        lengths.append(len(q))
        return original(q, *args, **kwargs)

    monkeypatch.setattr(search.query, "read", recording)
    return lengths


@pytest.mark.parametrize("catalogue", ["/en/products/", "/vi/san-pham/"])
def test_the_catalogue_searches_at_most_1000_characters(client, searched, read, catalogue):
    response = client.get(catalogue, {"q": LONG})
    assert response.status_code == 400 and response.context["filter_error"]
    lengths = searched + read
    assert lengths and max(lengths) <= MAX_QUERY_LENGTH == 1000


def test_the_page_api_searches_at_most_1000_characters(client, searched):
    response = client.get("/api/v2/pages/", {"search": LONG, "type": "products.ProductPage"})
    assert response.status_code == 200
    assert searched and max(searched) <= 1000


# --- CVE-2023-28837 / GHSA-33pv-vcgh-jfg9: memory exhaustion through large uploads --------
# The admin side (images decoded only after their size is checked) is tests/test_uploads.py.
# Buyers upload nothing, but the inquiry form is public: a huge body is refused by Django's
# DATA_UPLOAD_MAX_MEMORY_SIZE before it is read into a form, with a 400, not a 500.


def test_a_huge_inquiry_body_is_refused_unread(client):
    body = {"name": "Buyer", "email": "buyer@example.org", "message": "x" * 3_000_000}
    response = client.post("/en/inquiry/", body)
    assert response.status_code == 400
    assert not Inquiry.objects.exists()


# --- Wagtail 8.0rc2 / CVE-2026-55468 / GHSA-3vrh-m9w7-v94f: Pages admin API without access
# control. Another province's draft must not be readable through the admin's own API.


def test_the_admin_page_api_does_not_show_another_provinces_draft(client, editor):
    other = _product("T-003")
    other.title = "Bản nháp bí mật"
    other.save_revision()
    own = _product("T-002")
    url = reverse("wagtailadmin_api:pages:detail", args=[other.pk])
    response = client.get(url)
    # 404 (which the language middleware turns into a redirect to /vi/…, itself a 404).
    assert response.status_code in (302, 404), response.content[:200]
    assert client.get(url, follow=True).status_code == 404
    listing = client.get(
        reverse("wagtailadmin_api:pages:listing"), {"child_of": other.get_parent().pk}
    )
    assert listing.status_code in (200, 400, 404)
    if listing.status_code == 200:
        assert "Bản nháp bí mật" not in [item["title"] for item in listing.json()["items"]]
    assert client.get(reverse("wagtailadmin_api:pages:detail", args=[own.pk])).status_code == 200


# --- Preview of a new page under another province: the add-form's preview takes the
# parent from the address, a path test_permissions' list of views does not cover.


def test_no_preview_of_a_new_page_under_another_province(client, editor):
    other_province = _province("Lâm Đồng")
    url = reverse(
        "wagtailadmin_pages:preview_on_add", args=["products", "productpage", other_province.pk]
    )
    assert refused(client.get(url, follow=True))
    response = client.post(url, {"title": "<b>preview</b>", "slug": "preview"}, follow=True)
    assert refused(response) or b'"is_valid": true' not in response.content


# --- CVE-2023-45809 / GHSA-fc75-58r8-rm3h: user names disclosed by the admin's bulk action
# views to editors without rights over users.


def test_bulk_user_actions_do_not_disclose_names(client, editor, people):
    reviewer = people["reviewer"]
    reviewer.first_name, reviewer.last_name = "Kiểm", "Duyệt Bí Danh"
    reviewer.save()
    url = reverse("wagtail_bulk_action", args=["wagtailusers", "user", "delete"])
    response = client.get(url, {"id": reviewer.pk}, follow=True)
    assert refused(response)
    assert "Duyệt Bí Danh".encode() not in response.content
    assert b"review@example.org" not in response.content


# --- CVE-2024-35228 / GHSA-xxfm-vmcf-g33f: site settings editable with too few permissions.
# The hub has no site settings (its only settings model held fields nothing rendered and
# was removed): the settings admin is not installed, so there is nothing to edit.


def test_there_are_no_site_settings_to_edit(client, editor):
    assert reverse("wagtailadmin_home")
    with pytest.raises(NoReverseMatch):
        reverse("wagtailsettings:edit", args=["showcase", "hubsettings", 1])
    assert client.get("/admin/settings/showcase/hubsettings/1/", follow=True).status_code == 404


# --- User enumeration on the admin's login and password reset (OWASP ASVS V2.2; Django's
# ModelBackend hashes a password for unknown users, ticket #20760): an unknown account and
# a wrong password look the same, and the reset page never says whether an address exists.


def _without_token(html):
    """The page without what differs on every request (the CSRF token, in two places)."""
    import re

    html = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)
    return re.sub(rb'"CSRF_TOKEN": "[^"]+"', b"", html)


def test_login_answers_unknown_users_and_wrong_passwords_alike(client, people, monkeypatch):
    hashed = []
    original = MD5PasswordHasher.encode

    def counting(self, *args, **kwargs):
        hashed.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    url = reverse("wagtailadmin_login")
    answers = []
    for username in ("tn", "nobody-by-this-name"):
        hashed.clear()
        response = client.post(url, {"username": username, "password": "wrong"})
        answers.append((response.status_code, _without_token(response.content), len(hashed)))
    (status_known, html_known, hashes_known), (status_unknown, html_unknown, hashes_unknown) = (
        answers
    )
    assert status_known == status_unknown == 200
    # Only the name typed differs: it is kept in the form for a second try.
    assert html_known.replace(b'value="tn"', b"") == html_unknown.replace(
        b'value="nobody-by-this-name"', b""
    )
    assert b'value="tn"' in html_known
    # The same work for both, so timing does not tell an account apart.
    assert hashes_known == hashes_unknown == 1


def test_password_reset_never_says_whether_an_account_exists(client, people):
    url = reverse("wagtailadmin_password_reset")
    answers = []
    for address in ("tn@example.org", "nobody@example.org"):
        response = client.post(url, {"email": address}, follow=True)
        answers.append(
            (
                response.status_code,
                [u for u, _ in response.redirect_chain],
                _without_token(response.content),
            )
        )
    assert answers[0] == answers[1]
    assert answers[0][0] == 200 and answers[0][1]  # redirected to the same "sent" page
    assert [m.to for m in mail.outbox] == [["tn@example.org"]]
