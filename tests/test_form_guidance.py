"""Forms with guidance: every field a province's editor sees on a product, event, sales point
or province page says what to write in it, and long lists of choices (export markets,
certifications) are searchable multi-selects that still post as a plain <select multiple>.

The searchable list itself, in a browser: tests/browser/test_admin_forms.py."""

import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.utils import translation
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Page
from wagtail.users.models import UserProfile

from editorial.groups import sync_groups
from events.models import EventPage
from products.models import Certification, ProductPage
from regions.models import ProvincePage, SalesPointPage
from showcase.widgets import SearchableSelectMultiple
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

# Wagtail's own: the publishing schedule, in a dialog whose subtitle and message explain it,
# and the switch for comment notifications in the comments panel.
WAGTAILS_OWN = {"go_live_at", "expire_at", "comment_notifications"}


@pytest.fixture
def thai_nguyen_editor(client, vi):
    """A member of Thái Nguyên's editors team, reading the admin in Vietnamese."""
    _reviewers, groups = sync_groups()
    province = ProvincePage.objects.get(slug="thai-nguyen", locale=vi)
    user = get_user_model().objects.create_user("bientap.tn", password="x")
    user.groups.add(groups[province.translation_key])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "vi"
    profile.save()
    client.force_login(user)
    return user


def thai_nguyen(model, vi):
    province = ProvincePage.objects.get(slug="thai-nguyen", locale=vi)
    if model is ProvincePage:
        return province
    return model.objects.descendant_of(province).filter(locale=vi).first()


def shown_fields(panel):
    """(field name, help text) of every field a bound edit handler shows, the fields of a row
    an editor adds to an inline panel (a gallery photo, an exhibitor) included."""
    if isinstance(panel, FieldPanel.BoundPanel):
        yield panel.field_name, str(panel.help_text or "")
    if isinstance(panel, InlinePanel.BoundPanel):
        yield from shown_fields(panel.empty_child)
        return
    for child in getattr(panel, "visible_children", ()):
        yield from shown_fields(child)


@pytest.mark.parametrize("model", [ProductPage, EventPage, SalesPointPage, ProvincePage])
def test_every_field_an_editor_sees_says_what_to_write(client, thai_nguyen_editor, vi, model):
    page = thai_nguyen(model, vi)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    fields = dict(shown_fields(response.context["edit_handler"]))
    assert "title" in fields and len(fields) > 8  # the walk reached the tabs and groups
    without = sorted(name for name, help_text in fields.items() if not help_text.strip())
    assert set(without) <= WAGTAILS_OWN, f"{model.__name__} fields without help text: {without}"


def test_help_texts_are_in_the_editors_language(client, thai_nguyen_editor, vi):
    product = thai_nguyen(ProductPage, vi)
    html = client.get(f"/admin/pages/{product.pk}/edit/").content.decode()
    assert "Số quyết định công nhận, ghi đúng như trên quyết định, ví dụ 1234/QĐ-UBND." in html
    assert "Mã HS hải quan, 4–10 chữ số, ví dụ 0902.10 (chè xanh)." in html
    assert "đơn vị và kỳ ở hai ô bên cạnh" in html


def test_long_lists_are_searchable_multi_selects(client, thai_nguyen_editor, vi):
    product = thai_nguyen(ProductPage, vi)
    html = client.get(f"/admin/pages/{product.pk}/edit/").content.decode()
    for name in ("export_markets", "certifications"):
        select = re.search(rf'<select name="{name}"[^>]*>', html)
        assert select and "data-hub-multiselect" in select.group(0), name
        # The script's texts, translated, ride on the select itself.
        assert 'data-remove="Bỏ %(name)s"' in select.group(0)
    assert "/static/vendor/tom-select/js/tom-select.base.min.js" in html
    assert "/static/js/admin-multiselect.js" in html


def test_the_widget_needs_no_inline_script_or_style():
    html = SearchableSelectMultiple(choices=[("JP", "Japan")]).render("export_markets", ["JP"])
    assert "<script" not in html and "<style" not in html and "style=" not in html
    media = SearchableSelectMultiple().media
    for path in [*media._js, *media._css["all"]]:
        assert finders.find(path), f"{path} is not among the static files (npm ci?)"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_country_is_named_once(language):
    """django-countries' Vietnamese calls Iceland and Ireland both "Ai-len" (and Jersey
    "Áo", Niger "Nigeria"): the hub names them apart (COUNTRIES_OVERRIDE)."""
    field = ProductPage._meta.get_field("export_markets").formfield()
    with translation.override(language):
        names = [str(name) for _code, name in field.choices]
    repeated = [name for name, count in Counter(names).items() if count > 1]
    assert not repeated
    assert len(names) == 249  # every ISO 3166 country once, the first few included
    assert ("Nhật Bản" if language == "vi" else "Japan") in names


@pytest.mark.parametrize(
    ("model", "field"), [(EventPage, "participating_provinces"), (SalesPointPage, "products")]
)
def test_lists_of_pages_name_each_page_once(client, thai_nguyen_editor, vi, model, field):
    """The Vietnamese pages, which relations copied by wagtail-localize point at, not both
    languages' (each province was listed twice, "Gia Lai" even under one name twice)."""
    page = thai_nguyen(model, vi)
    form = client.get(f"/admin/pages/{page.pk}/edit/").context["form"]
    choices = list(form.fields[field].queryset)
    assert choices and all(choice.locale_id == vi.pk for choice in choices)
    names = [str(choice) for choice in choices]
    assert len(names) == len(set(names))


def test_the_form_posts_without_javascript(client, thai_nguyen_editor, vi):
    """The select stays the field: a browser without the script posts the same values."""
    product = ProductPage.objects.get(import_ref="T-006", locale=vi)
    url = f"/admin/pages/{product.pk}/edit/"
    data = form_data(client.get(url).content.decode(), "page-edit-form")
    vietgap = Certification.objects.get(slug="vietgap")
    data.update(export_markets=["JP", "KR"], certifications=[str(vietgap.pk)])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = Page.objects.get(pk=product.pk).specific.get_latest_revision_as_object()
    assert [country.code for country in draft.export_markets] == ["JP", "KR"]
    assert [c.slug for c in draft.certifications.all()] == ["vietgap"]
