"""Inquiries that fit B2B buying (issue 20, item 4): a quantity, unit and period per product
of a shortlist, pallets and containers, an inquiry to one producer, a volume match routed to
its producers' provinces, a shortlist that survives sending, and its comparison table."""

from decimal import Decimal

import pytest

from inquiries.models import Inquiry
from products.models import ProductPage
from tests.test_inquiries import people, province  # noqa: F401 (people: a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]


def product(ref, language="en"):
    return ProductPage.objects.get(import_ref=ref, locale__language_code=language)


# Inquiry.attach_producers: what the volume match calls


def test_attach_producers_routes_each_share_to_its_producers_province():
    squash, dragon_fruit = product("T-001"), product("T-003")  # Thái Nguyên, Lâm Đồng
    inquiry = Inquiry.objects.create(kind=Inquiry.Kind.MATCH, name="Anna", language="en")
    inquiry.attach_producers(
        [
            (squash.producer, squash, Decimal("120"), "t", "month"),
            (dragon_fruit.producer, None, Decimal("2"), "c40r", "shipment"),
        ]
    )
    items = list(inquiry.items.order_by("pk"))
    assert [item.producer for item in items] == [squash.producer, dragon_fruit.producer]
    assert items[0].product == squash and items[0].title == squash.title
    assert items[1].product is None and items[1].title == dragon_fruit.producer.name
    assert [(i.quantity, i.quantity_unit, i.quantity_period) for i in items] == [
        (Decimal("120"), "t", "month"),
        (Decimal("2"), "c40r", "shipment"),
    ]
    # Kept under the Vietnamese province pages, whatever the buyer's language.
    assert [item.province for item in items] == [province("thai-nguyen"), province("lam-dong")]
    assert set(inquiry.provinces.all()) == {province("thai-nguyen"), province("lam-dong")}
