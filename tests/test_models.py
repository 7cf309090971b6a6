"""What the models promise a buyer and an editor."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from events.models import EventIndexPage, EventPage
from products.models import Certification, ProductPage, add_months
from regions.models import ProvincePage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("certified", "valid_until"),
    [
        (datetime.date(2024, 3, 15), datetime.date(2027, 3, 15)),
        (datetime.date(2024, 2, 29), datetime.date(2027, 2, 28)),  # no 29 February in 2027
        (datetime.date(2023, 11, 30), datetime.date(2026, 11, 30)),
    ],
)
def test_ocop_certificates_are_valid_36_months(certified, valid_until):
    product = ProductPage(ocop_certified_on=certified)
    assert product.ocop_valid_until == valid_until


def test_expiry_is_judged_against_today():
    today = datetime.date.today()
    assert ProductPage(ocop_certified_on=add_months(today, -37)).ocop_certificate_expired
    assert not ProductPage(ocop_certified_on=add_months(today, -35)).ocop_certificate_expired
    assert not ProductPage(ocop_certified_on=None).ocop_certificate_expired


def test_harvest_months_are_validated_and_sorted(vi):
    product = ProductPage.objects.get(import_ref="T-001", locale=vi)
    field = ProductPage._meta.get_field("harvest_months")
    with pytest.raises(ValidationError):
        field.validate([0, 13], product)
    product.harvest_months = [12, 5, 5, 6]
    product.save()
    product.refresh_from_db()
    assert product.harvest_months == [5, 6, 12]


def test_snippet_names_follow_the_visitors_language():
    vietgap = Certification.objects.get(slug="organic-vn")
    with translation.override("vi"):
        assert str(vietgap) == "Hữu cơ TCVN 11041"
    with translation.override("en"):
        assert str(vietgap) == "Organic (TCVN 11041)"


def test_pages_keep_a_link_to_their_province(vi):
    province = ProvincePage.objects.get(slug="thai-nguyen", locale=vi)
    national = EventIndexPage.objects.get(locale=vi)
    start = datetime.datetime(2027, 1, 10, 8, tzinfo=datetime.UTC)
    local = EventPage(
        title="Lễ hội trà",
        slug="le-hoi-tra",
        event_type="fair",
        start=start,
        end=start + datetime.timedelta(days=3),
    )
    province.add_child(instance=local)
    assert local.province_id == province.pk
    national_event = EventPage(
        title="Hội chợ OCOP",
        slug="hoi-cho",
        event_type="fair",
        start=start,
        end=start + datetime.timedelta(days=3),
    )
    national.add_child(instance=national_event)
    assert national_event.province_id is None
    assert ProvincePage.objects.get(pk=province.pk).region.key == "northern-midlands-mountains"


def test_an_event_cannot_end_before_it_starts():
    start = datetime.datetime(2027, 1, 10, tzinfo=datetime.UTC)
    event = EventPage(
        title="x", slug="x", event_type="fair", start=start, end=start - datetime.timedelta(hours=1)
    )
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "end" in error.value.message_dict


def test_event_status_follows_the_clock():
    now = datetime.datetime.now(datetime.UTC)
    day = datetime.timedelta(days=1)
    assert EventPage(start=now - 3 * day, end=now - day).status == "past"
    assert EventPage(start=now - day, end=now + day).status == "on_now"
    assert EventPage(start=now + day, end=now + 2 * day).status == "upcoming"


def test_a_product_moved_in_the_admin_follows_its_new_province(vi):
    from wagtail.actions.move_page import MovePageAction

    product = ProductPage.objects.get(import_ref="T-005", locale=vi)  # Hanoi
    target = ProvincePage.objects.get(slug="can-tho", locale=vi)
    MovePageAction(product.page_ptr, target, pos="last-child").execute(skip_permission_checks=True)
    assert ProductPage.objects.get(pk=product.pk).province == target


def test_each_section_lives_once_under_home(vi):
    from events.models import EventIndexPage as Events
    from products.models import ProductIndexPage
    from regions.models import RegionIndexPage, SalesPointIndexPage
    from showcase.models import HomePage

    home = HomePage.objects.get(locale=vi)
    province = ProvincePage.objects.filter(locale=vi).first()
    for section in (RegionIndexPage, ProductIndexPage, Events, SalesPointIndexPage):
        assert section.objects.child_of(home).count() == 1
        assert not section.can_create_at(home)  # already there: only one per home
        assert not section.can_create_at(province)


def test_certificate_querysets_agree_with_the_page_property():
    from products.models import ProductPage

    today = timezone.localdate()
    products = ProductPage.objects.all()
    expired = set(products.certificate_expired(today).values_list("pk", flat=True))
    assert expired == {p.pk for p in products if p.ocop_certificate_expired}
    valid = set(products.certificate_valid(today).values_list("pk", flat=True))
    assert valid.isdisjoint(expired) and valid | expired == {p.pk for p in products}
    soon = products.certificate_expiring(90, today)
    assert all(today <= p.ocop_valid_until <= today + datetime.timedelta(days=90) for p in soon)
