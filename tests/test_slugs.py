"""Vietnamese titles make readable ASCII slugs, in both languages, however a page is made.

The finding (issue 15): "Chè móc câu Tân Cương Hoàng Bình (thử nghiệm)" got the slug
`che-moc-cau-tan-cng-hoang-binh-th-nghim` in Vietnamese and in English, because Wagtail's
admin JavaScript drops the letters it has no table for (ư, ơ, ử, ệ …) and wagtail-localize
copies the Vietnamese slug into the English page. The admin's slug field itself is driven
in Chromium in tests/browser/test_slugs.py.
"""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation

from editorial.groups import sync_groups
from products.importing import ProductImporter
from products.models import ProductCategory, ProductPage
from regions.models import EditorsTeam, ProvincePage
from showcase.text import slug_for
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

TITLE = "Chè móc câu Tân Cương Hoàng Bình (thử nghiệm)"
SLUG = "che-moc-cau-tan-cuong-hoang-binh-thu-nghiem"
# What Wagtail's admin JavaScript made of TITLE before the fix.
BROKEN_SLUG = "che-moc-cau-tan-cng-hoang-binh-th-nghim"


def thai_nguyen(language="vi"):
    return ProvincePage.objects.get(slug="thai-nguyen", locale__language_code=language)


@pytest.fixture
def editor(client, django_user_model):
    """A member of Thái Nguyên's editors team, signed in."""
    sync_groups()
    person = django_user_model.objects.create_user("tn", "tn@example.org", "pw")
    person.groups.add(EditorsTeam.objects.get(province=thai_nguyen()).group)
    client.force_login(person)
    return person


@pytest.fixture
def boss(client, django_user_model):
    person = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(person)
    return person


def vietnamese_product(title, slug):
    """A draft product as the admin saved it before the fix (a broken slug, no English)."""
    page = thai_nguyen().add_child(
        instance=ProductPage(
            title=title, slug=slug, ocop_stars=3, category=ProductCategory.objects.first()
        )
    )
    page.save_revision()
    return page


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (TITLE, SLUG),
        ("Đặc sản Đại Từ", "dac-san-dai-tu"),  # đ is d, not dropped
        ("Nước mắm Phú Quốc – 40°N", "nuoc-mam-phu-quoc-40degn"),
        ("Gạo ST25 Sóc Trăng", "gao-st25-soc-trang"),
    ],
)
def test_the_slug_of_a_vietnamese_title_keeps_every_letter(title, slug):
    assert slug_for(title) == slug


def test_a_slug_typed_with_vietnamese_letters_is_saved_in_ascii(client, editor):
    """Typed (or pasted) into the slug field itself, with the JavaScript off or bypassed."""
    url = reverse("wagtailadmin_pages:add", args=["products", "productpage", thai_nguyen().pk])
    data = form_data(client.get(url).content.decode(), "page-edit-form")
    data.update(ocop_stars=3, category=ProductCategory.objects.first().pk)
    response = client.post(url, {**data, "title": TITLE, "slug": "chè-móc-câu-đại-từ"})
    assert response.status_code == 302
    assert ProductPage.objects.get(title=TITLE).slug == "che-moc-cau-dai-tu"


def test_a_page_made_without_a_slug_gets_one_from_its_title():
    page = thai_nguyen().add_child(
        instance=ProductPage(
            title="Đặc sản Đại Từ", ocop_stars=3, category=ProductCategory.objects.first()
        )
    )
    assert page.slug == "dac-san-dai-tu"  # Wagtail alone made "ac-san-ai-tu"
    second = thai_nguyen().add_child(
        instance=ProductPage(
            title="Đặc sản Đại Từ", ocop_stars=3, category=ProductCategory.objects.first()
        )
    )
    assert second.slug == "dac-san-dai-tu-2"


def test_the_import_gives_each_language_the_slug_of_its_own_title(write_csv, fixture_rows):
    header, tea = fixture_rows[0], dict(zip(fixture_rows[0], fixture_rows[2], strict=True))
    row = {**tea, "ref": "TN-SLUG", "name_vi": TITLE, "name_en": "Đại Từ hook tea (trial)"}
    result = ProductImporter().run(write_csv([header, [row[c] for c in header]]))
    assert result.ok, result.errors
    pages = ProductPage.objects.filter(import_ref="TN-SLUG")
    slugs = dict(pages.values_list("locale__language_code", "slug"))
    assert slugs == {"vi": SLUG, "en": "dai-tu-hook-tea-trial"}


def translate_into_english(client, page):
    en = Locale.objects.get(language_code="en")
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    response = client.post(url, {"locales": [en.pk]})
    assert response.status_code == 302
    return page.get_translation(en)


def test_a_new_english_translation_does_not_keep_a_broken_vietnamese_slug(client, editor):
    page = vietnamese_product(TITLE, BROKEN_SLUG)
    english = translate_into_english(client, page)
    assert english.title == TITLE  # nothing translated yet
    assert english.slug == SLUG


def edit_english_string(client, page, path, value):
    """What wagtail-localize's translation editor sends when a string is typed in."""
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale__language_code="en"
    )
    segment = StringSegment.objects.get(source=translation.source, context__path=path)
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    response = client.put(
        url, urlencode({"value": value}), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (200, 201)


@pytest.fixture
def publish_english(client, django_capture_on_commit_callbacks):
    """The translation editor's Publish button."""

    def publish(english):
        # wagtail-localize publishes once the request's transaction commits.
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("wagtailadmin_pages:edit", args=[english.pk]), {"action": "publish"}
            )
        assert response.status_code == 302
        english.refresh_from_db()
        return english

    return publish


def test_the_english_slug_follows_the_translated_title(client, boss, publish_english):
    page = vietnamese_product(TITLE, BROKEN_SLUG)
    english = translate_into_english(client, page)
    edit_english_string(client, page, "title", "Đại Từ hook tea (trial)")
    english = publish_english(english)
    assert (english.title, english.slug, english.live) == (
        "Đại Từ hook tea (trial)",
        "dai-tu-hook-tea-trial",
        True,
    )
    assert english.url.endswith("/thai-nguyen/dai-tu-hook-tea-trial/")
    old_url = english.url
    edit_english_string(client, page, "title", "Hoang Binh hook tea")
    english = publish_english(english)
    assert english.slug == "hoang-binh-hook-tea"
    # Links to the old address still lead there (Wagtail's redirects follow slug changes).
    assert client.get(old_url).headers["Location"].endswith(english.url)


def test_an_english_slug_the_editor_translated_is_kept(client, boss, publish_english):
    page = vietnamese_product(TITLE, BROKEN_SLUG)
    english = translate_into_english(client, page)
    edit_english_string(client, page, "slug", "Trà móc câu Đại Từ")
    edit_english_string(client, page, "title", "Dai Tu hook tea (trial)")
    assert publish_english(english).slug == "tra-moc-cau-dai-tu"


def test_producers_of_one_name_get_readable_distinct_profile_slugs():
    """The profile's slug is the name in ASCII, then with its province, then numbered
    (the numbered ones once read "…-thai-nguyen-2-3": each built on the one before)."""
    from products.models import Producer, assign_slugs

    province = thai_nguyen()
    first = Producer.objects.create(name="HTX Thành Công", producer_type="cooperative")
    others = [Producer(name="HTX Thành Công", province=province) for _ in range(3)]
    assign_slugs(others, {province.pk: province.slug})
    assert [first.slug] + [producer.slug for producer in others] == [
        "htx-thanh-cong",
        "htx-thanh-cong-thai-nguyen",
        "htx-thanh-cong-thai-nguyen-2",
        "htx-thanh-cong-thai-nguyen-3",
    ]
