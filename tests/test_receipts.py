"""The buyer's receipt (issue 16, finding 8): anyone may type someone else's address into
the inquiry form, so the receipt carries nothing the sender wrote but the products they
chose, and one address gets one receipt an hour at most, whoever sends the inquiries.
The inquiry is saved and the editors are told either way."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache, caches

from inquiries.models import Inquiry
from tests.test_inquiries import BUYER, people, product, send  # noqa: F401 (people: a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]

# What an abuser would put in front of someone else's eyes.
LURE = {
    "name": "Your account is locked, log in at phish.example",
    "company": "Security Desk phish.example",
    "message": "Urgent: confirm your password at https://phish.example/login",
    "quantity": "987654",
    "email": "victim@example.org",
}


@pytest.fixture(autouse=True)
def fresh_counters():
    """The inquiry rate limit and the receipts both count in the cache."""
    cache.clear()
    caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")].clear()


def receipts(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_the_receipt_holds_no_text_of_the_sender(client):
    tea = product("T-002")
    assert send(client, f"/en/inquiry/?product={tea.pk}", **LURE).status_code == 302
    inquiry = Inquiry.objects.get()
    [receipt] = receipts(LURE["email"])
    for text in (receipt.subject, receipt.body):
        assert "phish" not in text and "locked" not in text and "Security Desk" not in text
        assert "987654" not in text and "987,654" not in text
    assert inquiry.reference in receipt.subject and inquiry.reference in receipt.body
    assert "Tan Cuong green tea" in receipt.body
    assert "If you did not send this inquiry" in receipt.body


def test_receipts_differ_only_by_reference_and_products(client):
    """Two senders with everything else different get the same fixed text."""
    tea = product("T-002")
    send(client, f"/en/inquiry/?product={tea.pk}", **LURE)
    send(client, f"/en/inquiry/?product={tea.pk}", email="someone.else@example.net")
    first, second = Inquiry.objects.order_by("pk")
    [one] = receipts(LURE["email"])
    [other] = receipts("someone.else@example.net")
    assert one.body.replace(first.reference, "REF") == other.body.replace(second.reference, "REF")
    assert one.subject.replace(first.reference, "REF") == other.subject.replace(
        second.reference, "REF"
    )


def test_the_receipt_is_in_the_buyers_language(client):
    tea = product("T-002", "vi")
    send(client, f"/vi/inquiry/?product={tea.pk}", **LURE)
    [receipt] = receipts(LURE["email"])
    assert "Chè Tân Cương" in receipt.body
    assert "Vui lòng ghi mã tham chiếu" in receipt.body  # fixed text, in Vietnamese
    assert "phish" not in receipt.body and "Your account" not in receipt.body


def test_one_receipt_per_address_an_hour_and_the_inquiry_saved_anyway(client, people):  # noqa: F811
    tea = product("T-002")
    send(client, f"/en/inquiry/?product={tea.pk}", **LURE)
    mail.outbox.clear()
    again = send(
        client, f"/en/inquiry/?product={tea.pk}", **{**LURE, "email": "Victim@Example.ORG"}
    )
    assert again.status_code == 302  # the sender is told nothing different
    assert Inquiry.objects.count() == 2
    second = Inquiry.objects.order_by("pk").last()
    assert second.notified_at is not None and second.notification_error == ""
    assert receipts("Victim@Example.ORG") == [] and receipts(LURE["email"]) == []
    # The editors and reviewers hear of the second inquiry as of the first.
    assert {message.to[0] for message in mail.outbox} == {
        people["thai_nguyen"].email,
        people["reviewer"].email,
    }
    # Another address is not held back by the first one's hour.
    send(client, f"/en/inquiry/?product={tea.pk}", email=BUYER["email"])
    assert len(receipts(BUYER["email"])) == 1


def test_the_editors_notification_still_shows_what_the_buyer_wrote(client, people):  # noqa: F811
    tea = product("T-002")
    send(client, f"/en/inquiry/?product={tea.pk}", **LURE)
    staff = next(m for m in mail.outbox if m.to == [people["thai_nguyen"].email])
    assert LURE["name"] in staff.body and LURE["company"] in staff.body
    assert LURE["message"] in staff.body and LURE["email"] in staff.body


def test_the_count_is_keyed_by_a_hash_not_the_address(client, monkeypatch):
    counters = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    keys = []
    for method in ("add", "get", "set", "incr", "get_or_set"):
        original = getattr(counters, method)

        def spy(key, *args, original=original, **kwargs):
            keys.append(str(key))
            return original(key, *args, **kwargs)

        monkeypatch.setattr(counters, method, spy)
    send(client, f"/en/inquiry/?product={product('T-002').pk}", **LURE)
    assert any("receipt" in key for key in keys)
    assert not any("victim" in key.lower() or "example.org" in key.lower() for key in keys)


def test_a_failed_receipt_does_not_use_up_the_hour(client, settings):
    tea = product("T-002")
    settings.EMAIL_BACKEND = "tests.test_inquiries.BrokenBackend"
    send(client, f"/en/inquiry/?product={tea.pk}", **LURE)
    assert Inquiry.objects.get().notification_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send(client, f"/en/inquiry/?product={tea.pk}", **LURE)
    assert len(receipts(LURE["email"])) == 1
