"""The demo is real data in the import format, bilingual, covering the country."""

import pytest

from products.importing import ProductImporter, read_rows
from products.models import ProductPage
from showcase.demo.loader import PRODUCTS_CSV, add_product_pictures, ensure_admin

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_rows(django_db_blocker):
    with django_db_blocker.unblock():
        header, rows = read_rows(PRODUCTS_CSV)
        valid, errors = ProductImporter().validate(header, rows)
    assert errors == []
    return valid


def test_demo_spreadsheet_is_valid_and_large_enough(demo_rows):
    assert len(demo_rows) >= 80
    assert len({row.province.slug for row in demo_rows}) >= 25
    assert {row.category.slug for row in demo_rows} == {
        "food",
        "beverages",
        "herbal",
        "textiles",
        "souvenirs-decor",
        "tourism",
    }
    for row in demo_rows:
        assert row.name_vi and row.name_en and row.description_vi and row.description_en


@pytest.mark.parametrize(
    ("words", "province"),
    [
        ("Tân Cương", "thai-nguyen"),
        ("Ba Bể", "thai-nguyen"),
        ("Thanh long", "lam-dong"),
        ("Nhãn", "lam-dong"),
        ("Mít", "can-tho"),
        ("Dừa", "vinh-long"),
        ("Chả mực", "quang-ninh"),
        ("Miến dong Bình Liêu", "quang-ninh"),
        ("Ba kích", "quang-ninh"),
        ("Sầu riêng", "dak-lak"),
        ("Bơ", "dak-lak"),
        ("Buôn Ma Thuột", "dak-lak"),
        ("ST25", "can-tho"),
        ("Nước mắm Phú Quốc", "an-giang"),
        ("Vải thiều Lục Ngạn", "bac-ninh"),
        ("Bát Tràng", "hanoi"),
        ("Vạn Phúc", "hanoi"),
    ],
)
def test_the_products_the_sources_name_are_there(demo_rows, words, province):
    assert any(words in row.name_vi and row.province.slug == province for row in demo_rows)


def test_demo_products_get_drawn_pictures_in_both_languages(vi, en):
    add_product_pictures()
    for locale in (vi, en):
        assert not ProductPage.objects.filter(locale=locale, image=None).exists()
    squash_vi = ProductPage.objects.get(import_ref="T-001", locale=vi)
    squash_en = ProductPage.objects.get(import_ref="T-001", locale=en)
    assert squash_vi.image == squash_en.image
    assert squash_vi.image.width == 1200
    add_product_pictures()  # again: nothing to do, nothing duplicated
    assert ProductPage.objects.get(pk=squash_vi.pk).image == squash_vi.image


def test_demo_admin_is_created_once():
    first, second = ensure_admin(), ensure_admin()
    assert first == second and first.is_superuser
    assert first.check_password("ocop-demo-2026")
