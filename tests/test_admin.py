"""The admin works for an editor, in Vietnamese."""

import pytest
from django.contrib.auth.models import Group, User
from wagtail.users.models import UserProfile

from products.models import ProductPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_user("bientapvien", password="x", first_name="Lan")
    user.groups.add(Group.objects.get(name="Editors"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "vi"
    profile.save()
    client.force_login(user)
    return user


def test_dashboard_is_in_vietnamese(client, editor):
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert "Bảng điều khiển" in html


def test_editor_opens_a_product_for_editing(client, editor, vi):
    product = ProductPage.objects.get(import_ref="T-002", locale=vi)
    response = client.get(f"/admin/pages/{product.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chè Tân Cương" in html
    assert "Xếp hạng OCOP" in html  # our field labels, in Vietnamese
    assert "Năng lực cung ứng" in html


def test_editor_adds_a_product_under_a_province(client, editor, vi):
    province = ProductPage.objects.get(import_ref="T-002", locale=vi).get_parent()
    response = client.get(f"/admin/pages/add/products/productpage/{province.pk}/")
    assert response.status_code == 200


def test_catalogue_snippets_are_listed(client, editor):
    editor.is_superuser = True
    editor.save()
    for model in ("producer", "productcategory", "commodity", "certification"):
        response = client.get(f"/admin/snippets/products/{model}/")
        assert response.status_code == 200, model
    assert "HTX Chè Tân Hương" in client.get("/admin/snippets/products/producer/").content.decode()
