"""The hub's structure: 6 regions and 34 provinces (since 1 July 2025) in both languages."""

import csv

import pytest
from wagtail.models import Page

from products.models import Certification, Commodity, ProductCategory, ProductPage
from regions.models import ProvincePage, RegionPage
from showcase.setup import PROVINCES_CSV, setup_hub

pytestmark = pytest.mark.django_db


def test_six_regions_and_34_provinces_in_each_language(vi, en):
    for locale in (vi, en):
        assert RegionPage.objects.live().filter(locale=locale).count() == 6
        assert ProvincePage.objects.live().filter(locale=locale).count() == 34


def test_province_codes_are_the_34_official_ones():
    with open(PROVINCES_CSV, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes)) == 34
    # The 23 merged provinces absorbed 29 former ones: 63 provinces became 34.
    former = [name for row in rows for name in row["former_names"].split(";") if name]
    assert len(former) == 63 - 34


@pytest.mark.parametrize(
    ("current", "former"),
    [
        ("thai-nguyen", "Bắc Kạn"),
        ("lam-dong", "Bình Thuận"),
        ("bac-ninh", "Bắc Giang"),
        ("can-tho", "Hậu Giang"),
        ("vinh-long", "Bến Tre"),
        ("an-giang", "Kiên Giang"),
    ],
)
def test_former_provinces_are_kept_on_the_current_one(vi, en, current, former):
    for locale in (vi, en):
        province = ProvincePage.objects.get(slug=current, locale=locale)
        assert former in province.former_province_names


def test_provinces_know_their_region_in_each_language(en):
    province = ProvincePage.objects.get(slug="thai-nguyen", locale=en)
    assert province.region.title == "Northern Midlands and Mountains"
    assert province.region.locale == en
    assert province.official_name == "Thai Nguyen Province"


def test_taxonomy_has_the_six_ocop_groups():
    assert list(ProductCategory.objects.values_list("slug", flat=True)) == [
        "food",
        "beverages",
        "herbal",
        "textiles",
        "souvenirs-decor",
        "tourism",
    ]
    assert Certification.objects.filter(slug="vietgap").exists()
    assert Commodity.objects.filter(slug="dragon-fruit", name_vi="Thanh long").exists()


def test_setup_is_idempotent():
    before = Page.objects.count()
    setup_hub()
    assert Page.objects.count() == before


def test_translated_parents_keep_their_children(en):
    """Regression: wagtail-localize's deferred publish reset numchild inside transactions."""
    province = ProvincePage.objects.get(slug="thai-nguyen", locale=en)
    assert province.numchild == province.get_children().count() > 0
    assert ProductPage.objects.child_of(province).live().exists()


def test_setup_finds_renamed_regions_and_provinces_and_draws_no_new_pictures(vi):
    from wagtail.images.models import Image

    province = ProvincePage.objects.get(slug="cao-bang", locale=vi)
    province.slug = "cao-bang-moi"
    province.save_revision().publish()
    region = RegionPage.objects.get(key="southeast", locale=vi)
    region.slug = "dong-nam-bo-moi"
    region.save_revision().publish()
    pages, images = Page.objects.count(), Image.objects.count()
    setup_hub()
    assert (Page.objects.count(), Image.objects.count()) == (pages, images)
