"""Shortlists and inquiries: saved before anything else, routed to the right provinces,
and closed to abuse."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from editorial.groups import sync_groups
from editorial.teams import CENTRAL_REVIEWERS
from inquiries.models import Inquiry, InquiryActivity
from products.models import ProductPage
from regions.models import ProvincePage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]
BUYER = {
    "name": "Anna de Vries",
    "company": "Groen Import B.V.",
    "email": "anna@groen.example",
    "country": "NL",
    "quantity": "2",
    "quantity_unit": "t",
    "destination_country": "NL",
    "incoterm": "CIF",
    "message": "Please quote CIF Rotterdam for a trial order.",
    "consent": "on",
}


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()  # the rate limiter counts in the cache


def product(ref, language="en"):
    return ProductPage.objects.get(import_ref=ref, locale__language_code=language)


def province(slug):
    return ProvincePage.objects.get(slug=slug, locale__language_code="vi")


@pytest.fixture
def people():
    """An editor for Thái Nguyên, one for Lâm Đồng, and a central reviewer."""
    from django.contrib.auth.models import Group

    _reviewers, groups = sync_groups()
    User = get_user_model()

    def user(name, group):
        person = User.objects.create_user(name, f"{name}@hub.example", "pw")
        person.groups.add(group)
        return person

    return {
        "thai_nguyen": user("thainguyen", groups[province("thai-nguyen").translation_key]),
        "lam_dong": user("lamdong", groups[province("lam-dong").translation_key]),
        "reviewer": user("reviewer", Group.objects.get(name=CENTRAL_REVIEWERS)),
    }


def shortlist(client, *refs):
    for ref in refs:
        response = client.post("/en/shortlist/add/", {"product": product(ref).pk, "next": "/en/"})
        assert response.status_code == 302


def send(client, url, **changes):
    return client.post(url, {**BUYER, **changes})


# The shortlist


def test_shortlist_is_kept_in_the_session_and_follows_the_language(client):
    shortlist(client, "T-001", "T-002")
    english = client.get("/en/shortlist/").content.decode()
    assert "Ba Be fragrant green squash" in english and "Tan Cuong green tea" in english
    vietnamese = client.get("/vi/shortlist/").content.decode()
    assert "Bí xanh thơm Ba Bể" in vietnamese and "Chè Tân Cương" in vietnamese
    client.post("/en/shortlist/remove/", {"product": product("T-001").pk})
    remaining = client.get("/en/shortlist/").context["products"]
    assert [page.title for page in remaining] == ["Tan Cuong green tea"]


def test_shortlist_buttons_on_catalogue_product_and_exhibitor_lists(client):
    from events.models import EventPage

    tea = product("T-002")
    fair = EventPage.objects.get(slug="tea-fair-2099", locale__language_code="en")
    for url in ["/en/products/", tea.url, fair.url]:
        html = client.get(url).content.decode()
        assert 'action="/en/shortlist/add/"' in html, url
        assert f'name="product" value="{tea.pk}"' in html, url
    shortlist(client, "T-002")
    assert "On your shortlist" in client.get(tea.url).content.decode()


def test_shortlist_refuses_get_and_unknown_products(client):
    assert client.get("/en/shortlist/add/").status_code == 405
    assert client.post("/en/shortlist/add/", {"product": "999999"}).status_code == 404
    assert client.post("/en/shortlist/add/", {"product": "abc"}).status_code == 404


def test_shortlist_never_redirects_off_site(client):
    response = client.post(
        "/en/shortlist/add/", {"product": product("T-001").pk, "next": "https://evil.example/"}
    )
    assert response.url == "/en/shortlist/"


def test_shortlist_page_query_count(client, django_assert_max_num_queries):
    shortlist(client, "T-001", "T-002", "T-003")
    with django_assert_max_num_queries(12):
        assert client.get("/en/shortlist/").status_code == 200


# Inquiries: saved, routed, confirmed


def test_product_inquiry_is_saved_routed_and_confirmed(client, people):
    tea = product("T-002")
    response = send(client, f"/en/inquiry/?product={tea.pk}")
    assert response.status_code == 302 and response.url == "/en/inquiry/sent/"

    inquiry = Inquiry.objects.get(email=BUYER["email"])
    assert inquiry.kind == Inquiry.Kind.PRODUCT and inquiry.language == "en"
    assert [item.title for item in inquiry.items.all()] == ["Tan Cuong green tea"]
    assert list(inquiry.provinces.all()) == [province("thai-nguyen")]
    assert inquiry.consent_at is not None and inquiry.notified_at is not None

    confirmation = client.get(response.url).content.decode()
    assert inquiry.reference in confirmation and "Thai Nguyen" in confirmation

    addressed = {message.to[0]: message for message in mail.outbox}
    assert set(addressed) == {
        BUYER["email"],
        people["thai_nguyen"].email,
        people["reviewer"].email,
    }  # never the Lâm Đồng editor
    assert inquiry.reference in addressed[BUYER["email"]].subject
    staff = addressed[people["thai_nguyen"].email]
    assert f"/admin/inquiries/edit/{inquiry.pk}/" in staff.body
    assert "Groen Import B.V." in staff.body and "Tan Cuong" not in staff.body.split("\n")[0]


def test_one_inquiry_about_a_shortlist_from_two_provinces(client, people):
    shortlist(client, "T-001", "T-002", "T-003")
    assert "3 products" in client.get("/en/inquiry/?shortlist=1").content.decode()
    response = send(client, "/en/inquiry/?shortlist=1")
    assert response.status_code == 302
    inquiry = Inquiry.objects.get(email=BUYER["email"])
    assert inquiry.kind == Inquiry.Kind.SHORTLIST
    assert inquiry.items.count() == 3
    assert {p.slug for p in inquiry.provinces.all()} == {"thai-nguyen", "lam-dong"}
    # Sent, the shortlist stays (to print it) until the buyer clears it (issue 20).
    assert len(client.get("/en/shortlist/").context["products"]) == 3
    recipients = {message.to[0] for message in mail.outbox}
    assert {people["thai_nguyen"].email, people["lam_dong"].email} <= recipients


def test_empty_shortlist_cannot_be_sent(client):
    response = client.get("/en/inquiry/?shortlist=1")
    assert response.status_code == 302 and response.url == "/en/shortlist/"


def test_sourcing_request_reaches_every_producer_of_the_commodity_in_the_region(client):
    response = send(client, "/en/inquiry/", commodity=_commodity("tea").pk)
    assert response.status_code == 302
    inquiry = Inquiry.objects.get(email=BUYER["email"])
    assert inquiry.kind == Inquiry.Kind.SOURCING
    assert [item.title for item in inquiry.items.all()] == ["Tan Cuong green tea"]


def test_sourcing_request_without_commodity_goes_to_the_central_team(client, people):
    response = send(client, "/en/inquiry/", message="We need 20 t of cashew kernels W320 monthly.")
    assert response.status_code == 302
    inquiry = Inquiry.objects.get(email=BUYER["email"])
    assert not inquiry.provinces.exists()
    assert {m.to[0] for m in mail.outbox} == {BUYER["email"], people["reviewer"].email}


def test_sourcing_request_needs_a_commodity_or_a_description(client):
    response = send(client, "/en/inquiry/", message="hi")
    assert response.status_code == 400
    assert "Choose a commodity" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_vietnamese_inquiry_gets_a_vietnamese_receipt(client):
    response = send(client, f"/vi/inquiry/?product={product('T-002', 'vi').pk}")
    assert response.status_code == 302
    receipt = next(m for m in mail.outbox if m.to == [BUYER["email"]])
    assert "Chè Tân Cương" in receipt.body
    assert Inquiry.objects.get().language == "vi"


def test_inquiry_is_stored_when_email_fails(client, settings, people):
    settings.EMAIL_BACKEND = "tests.test_inquiries.BrokenBackend"
    response = send(client, f"/en/inquiry/?product={product('T-002').pk}")
    assert response.status_code == 302  # the buyer is not told off for our mail server
    inquiry = Inquiry.objects.get(email=BUYER["email"])
    assert inquiry.notified_at is None
    assert "SMTP server unreachable" in inquiry.notification_error
    assert inquiry.items.count() == 1


# Abuse and privacy


def test_honeypot_blocks_robots(client):
    response = send(client, f"/en/inquiry/?product={product('T-002').pk}", website="http://spam")
    assert response.status_code == 400
    assert not Inquiry.objects.exists() and not mail.outbox


def test_rate_limit_per_address_keeps_what_was_written(client, settings):
    settings.HUB_INQUIRY_RATE_LIMIT = "2/h"
    url = f"/en/inquiry/?product={product('T-002').pk}"
    assert send(client, url).status_code == 302
    assert send(client, url).status_code == 302
    blocked = send(client, url, message="A third one, too soon.")
    assert blocked.status_code == 429
    assert "Too many inquiries" in blocked.content.decode()
    assert "A third one, too soon." in blocked.content.decode()  # nothing lost
    assert Inquiry.objects.count() == 2
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert send(other, url).status_code == 302  # another address is not blocked


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", "Anna\r\nBcc: victim@example.com"),
        ("email", "anna@groen.example\nBcc: victim@example.com"),
        ("company", "Groen\rImport"),
        ("phone", "+31 20\n555"),
    ],
)
def test_header_injection_is_refused_with_a_field_error(client, field, value):
    response = send(client, f"/en/inquiry/?product={product('T-002').pk}", **{field: value})
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Inquiry.objects.exists() and not mail.outbox


def test_oversized_input_is_refused_with_clear_errors(client):
    response = send(
        client,
        f"/en/inquiry/?product={product('T-002').pk}",
        name="A" * 500,
        message="x" * 5000,
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "at most 120 characters" in errors["name"][0]
    assert "at most 4000 characters" in errors["message"][0]


def test_consent_and_email_are_required(client):
    response = send(client, f"/en/inquiry/?product={product('T-002').pk}", consent="", email="")
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"consent", "email"}


def test_past_target_date_is_refused(client):
    response = send(
        client, "/en/inquiry/", commodity=_commodity("tea").pk, target_date="2001-01-01"
    )
    assert response.status_code == 400 and "target_date" in response.context["form"].errors


def test_csrf_is_enforced():
    client = Client(enforce_csrf_checks=True)
    response = send(client, f"/en/inquiry/?product={product('T-002').pk}")
    assert response.status_code == 403
    assert not Inquiry.objects.exists()


def test_bad_query_parameters_are_404_not_500(client):
    assert client.get("/en/inquiry/?product=abc").status_code == 404
    assert client.get("/en/inquiry/?commodity=no-such-thing").status_code == 404
    assert client.get("/en/inquiry/?region=atlantis").status_code == 404


def test_form_shows_what_the_inquiry_is_about(client):
    html = client.get(f"/en/inquiry/?product={product('T-003').pk}").content.decode()
    assert "Ask about Binh Thuan red dragon fruit" in html and "Lam Dong" in html
    html = client.get("/en/inquiry/?commodity=tea").content.decode()
    assert "Tan Cuong green tea" in html


# The admin


def inquire(*refs, **fields):
    inquiry = Inquiry.objects.create(
        kind=Inquiry.Kind.SHORTLIST,
        language="en",
        **{"name": "Buyer", "email": "b@x.example", **fields},
    )
    inquiry.attach([product(ref) for ref in refs])
    return inquiry


def admin_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_each_editor_sees_only_their_provinces_inquiries(people):
    tea = inquire("T-002", company="Tea buyer")
    fruit = inquire("T-003", company="Fruit buyer")
    both = inquire("T-001", "T-003", company="Mixed buyer")
    silk = inquire("T-005", company="Silk buyer")

    def listed(user):
        response = admin_client(user).get("/admin/inquiries/")
        assert response.status_code == 200
        return {inquiry.pk for inquiry in response.context["object_list"]}

    assert listed(people["thai_nguyen"]) == {tea.pk, both.pk}
    assert listed(people["lam_dong"]) == {fruit.pk, both.pk}
    assert listed(people["reviewer"]) >= {tea.pk, fruit.pk, both.pk, silk.pk}

    editor = admin_client(people["lam_dong"])
    for url in [
        f"/admin/inquiries/edit/{tea.pk}/",
        f"/admin/inquiries/history/{tea.pk}/",
        f"/admin/inquiries/usage/{tea.pk}/",
        f"/admin/inquiries/edit/{silk.pk}/",
    ]:
        response = editor.get(url, follow=True)
        assert response.status_code == 404, url
        assert "Tea buyer" not in response.content.decode()
    response = editor.post(f"/admin/inquiries/edit/{tea.pk}/", {"status": "closed"}, follow=True)
    assert response.status_code == 404
    assert Inquiry.objects.get(pk=tea.pk).status == Inquiry.Status.NEW

    # In an inquiry shared by two provinces each editor sees their own products.
    page = editor.get(f"/admin/inquiries/edit/{both.pk}/").content.decode()
    assert "Binh Thuan red dragon fruit" in page
    assert "Ba Be fragrant green squash" not in page


def test_history_and_usage_of_an_inquiry_open_for_those_who_see_it(people):
    """Regression: both answered 500 for every user (the listing's rows were inquiries)."""
    tea = inquire("T-002", company="Tea buyer")
    tea.set_status(Inquiry.Status.FORWARDED, user=people["thai_nguyen"], note="sent on")
    for user in (people["thai_nguyen"], people["reviewer"]):
        client = admin_client(user)
        for view in ("history", "usage"):
            response = client.get(f"/admin/inquiries/{view}/{tea.pk}/")
            assert response.status_code == 200, (user, view)
            assert tea.reference in response.content.decode()


def test_editors_cannot_add_or_delete_inquiries(people):
    inquiry = inquire("T-002")
    editor = admin_client(people["thai_nguyen"])
    assert editor.get(f"/admin/inquiries/delete/{inquiry.pk}/").status_code in (302, 403)
    assert editor.get("/admin/inquiries/new/").status_code in (302, 403)
    assert Inquiry.objects.filter(pk=inquiry.pk).exists()


def test_status_changes_remember_who_and_when(people):
    inquiry = inquire("T-002")
    editor = admin_client(people["thai_nguyen"])
    response = editor.post(
        f"/admin/inquiries/edit/{inquiry.pk}/",
        {"status": "forwarded", "note": "Sent to HTX Chè Tân Hương"},
    )
    assert response.status_code == 302
    editor.post(f"/admin/inquiries/edit/{inquiry.pk}/", {"status": "closed", "note": ""})
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CLOSED and inquiry.closed_at is not None
    steps = list(InquiryActivity.objects.filter(inquiry=inquiry))
    assert [(s.status_from, s.status_to, s.user) for s in steps] == [
        ("new", "forwarded", people["thai_nguyen"]),
        ("forwarded", "closed", people["thai_nguyen"]),
    ]
    assert steps[0].note == "Sent to HTX Chè Tân Hương"
    page = editor.get(f"/admin/inquiries/edit/{inquiry.pk}/").content.decode()
    assert "Sent to HTX Chè Tân Hương" in page


def test_everything_the_buyer_typed_is_escaped_in_the_admin(people):
    inquire("T-002", name="<script>alert(1)</script>", message="<img src=x onerror=alert(2)>")
    reviewer = admin_client(people["reviewer"])
    listing = reviewer.get("/admin/inquiries/").content.decode()
    inquiry = Inquiry.objects.get()
    detail = reviewer.get(f"/admin/inquiries/edit/{inquiry.pk}/").content.decode()
    for html in (listing, detail):
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail


def test_csv_export_is_scoped_and_safe_for_spreadsheets(people):
    inquire("T-002", company='=HYPERLINK("http://evil")')
    inquire("T-003", company="Fruit buyer")
    response = admin_client(people["thai_nguyen"]).get("/admin/inquiries/?export=csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1  # headings are in the editor's (Vietnamese) admin language
    cells = list(rows[0].values())
    assert '\'=HYPERLINK("http://evil")' in cells
    assert not any(cell.startswith("=") for cell in cells)
    assert "Tan Cuong green tea" in cells


def test_admin_index_query_count(people, django_assert_max_num_queries):
    for _ in range(5):
        inquire("T-001", "T-002")
    reviewer = admin_client(people["reviewer"])
    reviewer.get("/admin/inquiries/")  # warm the per-user caches
    with django_assert_max_num_queries(40):
        assert reviewer.get("/admin/inquiries/").status_code == 200


# Retention


def test_closed_inquiries_are_anonymised_after_the_retention_period(settings):
    settings.HUB_INQUIRY_RETENTION_DAYS = 30
    old = inquire("T-002", name="Old Buyer", email="old@x.example", message="Old message")
    old.set_status(Inquiry.Status.CLOSED, note="Phone +84 912 345 678")
    Inquiry.objects.filter(pk=old.pk).update(closed_at=timezone.now() - datetime.timedelta(days=31))
    recent = inquire("T-002", name="Recent Buyer", email="recent@x.example")
    recent.set_status(Inquiry.Status.CLOSED)
    open_one = inquire("T-002", name="Open Buyer", email="open@x.example")

    out = io.StringIO()
    call_command("anonymise_inquiries", stdout=out)
    assert out.getvalue().startswith("1 closed inquiries anonymised")

    old.refresh_from_db()
    assert old.email == "" and old.message == "" and "Old Buyer" not in old.name
    assert old.anonymised_at is not None
    assert old.items.count() == 1 and old.provinces.exists()  # the statistics stay
    assert old.activity.get().note == ""
    assert Inquiry.objects.get(pk=recent.pk).email == "recent@x.example"
    assert Inquiry.objects.get(pk=open_one.pk).email == "open@x.example"

    out = io.StringIO()
    call_command("anonymise_inquiries", "--dry-run", stdout=out)
    assert out.getvalue().startswith("0 closed inquiries would be anonymised")


def _commodity(slug):
    from products.models import Commodity

    return Commodity.objects.get(slug=slug)
