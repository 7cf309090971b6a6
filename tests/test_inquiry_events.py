"""Asking to take part in an event (`/inquiry/?event=<id>`), the action of a delegation or a
fair without a registration form of its own (issue 20: the delegation page said
"Registration closes …" with no way to register). Before, the form ignored `event` and the
buyer got a blank general inquiry, sent to no one in particular."""

import pytest
from django.core.cache import cache

from events.models import EventPage
from inquiries.models import Inquiry
from regions.models import ProvincePage
from tests.test_inquiries_b2b import BUYER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


def event(slug, language="en"):
    source = EventPage.objects.get(locale__language_code="vi", slug=slug)
    return EventPage.objects.get(
        translation_key=source.translation_key, locale__language_code=language
    )


def test_the_delegation_is_named_and_its_inquiry_goes_to_the_central_team(client):
    delegation = event("delegation-netherlands-2099")
    response = client.get(f"/en/inquiry/?event={delegation.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"I would like to take part in {delegation.title}" in page  # the message, prefilled
    assert "goes to the central trade-promotion team" in page
    sent = client.post(
        f"/en/inquiry/?event={delegation.pk}",
        {**BUYER, "message": response.context["form"].initial["message"]},
    )
    assert sent.status_code == 302
    inquiry = Inquiry.objects.get()
    assert delegation.title in inquiry.message
    assert not inquiry.provinces.exists()  # a national delegation: the central team's


def test_a_provinces_event_goes_to_that_province_in_vietnamese_too(client):
    week = event("thai-nguyen-week-2001", "vi")
    response = client.get(f"/vi/inquiry/?event={week.pk}")
    assert "Tôi muốn tham gia" in response.content.decode()
    assert client.post(f"/vi/inquiry/?event={week.pk}", BUYER).status_code == 302
    thai_nguyen = ProvincePage.objects.get(slug="thai-nguyen", locale__language_code="vi")
    assert list(Inquiry.objects.get().provinces.all()) == [thai_nguyen]


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "99999999999999999999", ""])
def test_an_unknown_event_gives_the_general_form(client, value):
    response = client.get(f"/en/inquiry/?event={value}")
    assert response.status_code == 200
    assert response.context["event"] is None
    assert "take part in" not in response.content.decode()


def test_an_unpublished_event_is_not_named(client):
    delegation = event("delegation-netherlands-2099")
    delegation.unpublish()
    response = client.get(f"/en/inquiry/?event={delegation.pk}")
    assert response.context["event"] is None
