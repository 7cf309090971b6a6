"""The editors' "what is missing" tools: the English translations report, the photo and
certificate listings and the dashboard panels, each limited to the editor's provinces."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation, TranslationSource

from editorial import missing as editorial
from editorial.groups import sync_groups
from editorial.missing import TranslationState
from editorial.teams import CENTRAL_REVIEWERS
from events.models import EventPage
from inquiries.models import Inquiry
from inquiries.panels import new_inquiries
from products.models import ProductCategory, ProductImage, ProductPage, add_months
from regions.models import ProvincePage, SalesPointPage
from showcase.translation import publish_translation

pytestmark = pytest.mark.django_db

TRANSLATIONS_URL = "/admin/editorial/translations/"


def product(ref, language="vi"):
    return ProductPage.objects.get(import_ref=ref, locale__language_code=language)


def province(slug):
    return ProvincePage.objects.get(slug=slug, locale__language_code="vi")


def new_product(province_page, title, **fields):
    """A Vietnamese product published without any English."""
    page = province_page.add_child(
        instance=ProductPage(
            title=title,
            ocop_stars=3,
            category=ProductCategory.objects.first(),
            live=False,
            **fields,
        )
    )
    page.save_revision().publish()
    return ProductPage.objects.get(pk=page.pk)


def photo(width, height):
    return Image.objects.create(
        title=f"{width}×{height}", file=get_test_image_file(size=(width, height))
    )


def inquiry(province_page, status=Inquiry.Status.NEW, name="Anna de Vries"):
    item = Inquiry.objects.create(
        kind=Inquiry.Kind.PRODUCT, language="en", name=name, status=status
    )
    item.provinces.add(province_page, through_defaults={"status": status})  # the province's part
    return item


def state_of(report, page):
    rows = {row.pk: row for row in report}
    return rows[page.pk].translation_state if page.pk in rows else None


def report_rows(client, query=""):
    response = client.get(TRANSLATIONS_URL + query)
    assert response.status_code == 200
    return {page.pk: page for page in response.context["object_list"]}


@pytest.fixture
def people():
    """An editor of Thái Nguyên, one of Lâm Đồng, a central reviewer and an admin user who
    edits no province, all with the admin in English (the labels asserted here); the
    Vietnamese admin has its own test below."""
    _reviewers, groups = sync_groups()
    User = get_user_model()

    def user(name, group=None):
        person = User.objects.create_user(name, f"{name}@hub.example", "pw")
        UserProfile.objects.update_or_create(user=person, defaults={"preferred_language": "en"})
        if group is not None:
            person.groups.add(group)
        return person

    nobody = user("nobody")
    nobody.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return {
        "thai_nguyen": user("thainguyen", groups[province("thai-nguyen").translation_key]),
        "lam_dong": user("lamdong", groups[province("lam-dong").translation_key]),
        "reviewer": user("reviewer", Group.objects.get(name=CENTRAL_REVIEWERS)),
        "nobody": nobody,
    }


# The translation report


def test_report_is_empty_when_every_english_page_is_up_to_date(client, people):
    client.force_login(people["reviewer"])
    assert report_rows(client) == {}


def test_a_published_source_edit_is_out_of_date_until_the_translation_is_updated(
    client, people, en
):
    tea = product("T-002")
    tea.title = "Chè Tân Cương đặc biệt"
    tea.save_revision().publish()

    client.force_login(people["thai_nguyen"])
    row = report_rows(client)[tea.pk]
    assert row.translation_state == TranslationState.OUTDATED
    source = TranslationSource.objects.get(object_id=tea.translation_key, locale=tea.locale)
    html = client.get(TRANSLATIONS_URL).content.decode()
    assert f'href="/admin/localize/update/{source.pk}/?next=' in html
    assert "Update translation" in html

    publish_translation(tea, en, {"title": "Special Tan Cuong green tea"})
    assert tea.pk not in report_rows(client)
    assert product("T-002", "en").title == "Special Tan Cuong green tea"


def test_a_draft_of_the_source_is_not_yet_out_of_date(people):
    """Syncing reads the published page, so a draft under review has nothing to translate."""
    tea = product("T-002")
    tea.title = "Chè Tân Cương (bản nháp)"
    tea.save_revision()
    assert state_of(editorial.translation_report(people["thai_nguyen"]), tea) is None


def test_after_a_sync_the_english_waits_to_be_published(
    client, people, django_capture_on_commit_callbacks
):
    """ "Sync translated pages" takes the new source in; until the English is published from
    the translation editor, the page still needs work, through the English page."""
    tea = product("T-002")
    tea.title = "Chè Tân Cương đặc biệt"
    tea.save_revision().publish()
    source = TranslationSource.objects.get(object_id=tea.translation_key, locale=tea.locale)

    client.force_login(people["thai_nguyen"])
    response = client.post(reverse("wagtail_localize:update_translations", args=[source.pk]))
    assert response.status_code == 302
    english = product("T-002", "en")
    row = report_rows(client)[tea.pk]
    assert row.translation_state == TranslationState.UNPUBLISHED
    assert row.english_page_id == english.pk
    assert f'href="/admin/pages/{english.pk}/edit/">Edit English' in client.get(
        TRANSLATIONS_URL
    ).content.decode().replace("\n", "")

    translation = Translation.objects.get(source=source, target_locale=english.locale)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=people["reviewer"], publish=True)
    assert tea.pk not in report_rows(client)


def test_a_new_vietnamese_page_is_missing_its_english(client, people, en):
    honey = new_product(province("thai-nguyen"), "Mật ong rừng Ba Bể")

    client.force_login(people["thai_nguyen"])
    row = report_rows(client)[honey.pk]
    assert row.translation_state == TranslationState.MISSING
    assert row.province_title == "Thái Nguyên"
    html = client.get(TRANSLATIONS_URL).content.decode()
    assert f'href="/admin/localize/submit/page/{honey.pk}/?next=' in html

    # Submitted for translation: an English draft exists, which is what to work on.
    source, _created = TranslationSource.get_or_create_from_instance(honey)
    source.create_or_update_translation(en, publish=False, copy_parent_pages=True, fallback=True)
    english = honey.get_translation(en)
    row = report_rows(client)[honey.pk]
    assert row.translation_state == TranslationState.MISSING
    assert row.english_page_id == english.pk

    english.get_latest_revision().publish()
    assert honey.pk not in report_rows(client)


def test_unpublished_changes_to_the_english_are_reported(client, people):
    english = product("T-001", "en")
    english.title = "Ba Be fragrant squash"
    english.save_revision()

    client.force_login(people["thai_nguyen"])
    row = report_rows(client)[product("T-001").pk]
    assert row.translation_state == TranslationState.UNPUBLISHED
    assert row.english_page_id == english.pk


def test_report_filters_by_state_type_and_province(client, people):
    honey = new_product(province("thai-nguyen"), "Mật ong rừng Ba Bể")
    tea = product("T-002")
    tea.save_revision().publish()
    dragon_fruit = product("T-003")
    dragon_fruit.save_revision().publish()
    product_type = ContentType.objects.get_for_model(ProductPage).pk
    province_type = ContentType.objects.get_for_model(ProvincePage).pk

    client.force_login(people["reviewer"])
    assert set(report_rows(client)) == {honey.pk, tea.pk, dragon_fruit.pk}
    assert set(report_rows(client, "?state=missing")) == {honey.pk}
    assert set(report_rows(client, "?state=outdated")) == {tea.pk, dragon_fruit.pk}
    assert set(report_rows(client, f"?content_type={product_type}")) == {
        honey.pk,
        tea.pk,
        dragon_fruit.pk,
    }
    assert report_rows(client, f"?content_type={province_type}") == {}
    lam_dong = province("lam-dong")
    assert set(report_rows(client, f"?province={lam_dong.pk}")) == {dragon_fruit.pk}
    by_title = list(report_rows(client, "?ordering=title").values())
    assert [page.title for page in by_title] == sorted(page.title for page in by_title)
    results = client.get(TRANSLATIONS_URL + "results/?state=outdated&_w_filter_fragment=1")
    assert results.status_code == 200
    html = results.content.decode()
    assert "Chè Tân Cương" in html and "Mật ong" not in html
    # Done with the update, wagtail-localize brings the editor back to the filtered report.
    assert "?next=%2Fadmin%2Feditorial%2Ftranslations%2F%3Fstate%3Doutdated" in html


def test_the_province_page_itself_and_its_sales_points_and_events_are_reported(people):
    thai_nguyen = province("thai-nguyen")
    thai_nguyen.save_revision().publish()
    under = Page.objects.descendant_of(thai_nguyen).exclude(
        content_type=ContentType.objects.get_for_model(ProductPage)
    )
    under = list(under.specific())
    assert {type(page) for page in under} == {SalesPointPage, EventPage}
    for page in under:
        page.save_revision().publish()

    report = list(editorial.translation_report(people["thai_nguyen"]))
    assert state_of(report, thai_nguyen) == TranslationState.OUTDATED
    assert {row.pk for row in report} == {thai_nguyen.pk, *(page.pk for page in under)}


def test_without_the_translate_permission_the_row_shows_but_not_the_link(client, people):
    honey = new_product(province("thai-nguyen"), "Mật ong rừng Ba Bể")
    editor = people["thai_nguyen"]
    for group in editor.groups.all():
        group.permissions.remove(
            Permission.objects.get(
                codename="submit_translation", content_type__app_label="wagtail_localize"
            )
        )

    client.force_login(editor)
    assert honey.pk in report_rows(client)
    assert "/admin/localize/submit/" not in client.get(TRANSLATIONS_URL).content.decode()


# Only one's own provinces


def test_an_editor_never_sees_another_provinces_rows_or_panel_items(client, people):
    thai_nguyen, lam_dong = province("thai-nguyen"), province("lam-dong")
    ours = new_product(
        thai_nguyen, "Mật ong rừng Ba Bể", ocop_certified_on=datetime.date(2020, 1, 1)
    )
    theirs = new_product(lam_dong, "Cà phê Cầu Đất", ocop_certified_on=datetime.date(2020, 1, 1))
    our_inquiry, their_inquiry = inquiry(thai_nguyen), inquiry(lam_dong, name="Jan Smit")
    editor = people["thai_nguyen"]

    for function in [
        editorial.translation_report,
        editorial.products_without_english,
        editorial.products_short_of_photos,
        editorial.certificates_due,
    ]:
        pks = set(function(editor).values_list("pk", flat=True))
        assert ours.pk in pks and theirs.pk not in pks, function.__name__
    assert list(new_inquiries(editor)) == [our_inquiry]

    client.force_login(editor)
    assert set(report_rows(client)) == {ours.pk}
    filters = client.get(TRANSLATIONS_URL).context["filters"]
    assert list(filters.form.fields["province"].queryset) == [thai_nguyen]
    # Another province in the filter is refused, not obeyed.
    assert set(report_rows(client, f"?province={lam_dong.pk}")) == {ours.pk}
    for url in ["/admin/editorial/photos/", "/admin/editorial/certificates/"]:
        pks = {page.pk for page in client.get(url).context["object_list"]}
        assert ours.pk in pks and theirs.pk not in pks, url
    home = client.get("/admin/").content.decode()
    assert "Mật ong rừng Ba Bể" in home and "Cà phê Cầu Đất" not in home
    assert our_inquiry.reference in home and their_inquiry.reference not in home
    assert "Cà phê Cầu Đất" not in client.get(TRANSLATIONS_URL).content.decode()


def test_someone_who_edits_no_province_gets_an_empty_report_and_no_panels(client, people):
    new_product(province("thai-nguyen"), "Mật ong rừng Ba Bể")
    inquiry(province("thai-nguyen"))
    nobody = people["nobody"]
    assert editorial.editable_provinces(nobody) == []
    assert not editorial.translation_report(nobody).exists()
    assert not new_inquiries(nobody).exists()

    client.force_login(nobody)
    assert report_rows(client) == {}
    assert not client.get("/admin/editorial/photos/").context["object_list"]
    home = client.get("/admin/")
    assert home.status_code == 200
    assert "Mật ong rừng Ba Bể" not in home.content.decode()
    assert "products_short_of_photos" not in home.content.decode()
    assert TRANSLATIONS_URL not in home.content.decode()  # no menu item either


def test_the_reviewer_sees_every_province(people):
    ours = new_product(province("thai-nguyen"), "Mật ong rừng Ba Bể")
    theirs = new_product(province("lam-dong"), "Cà phê Cầu Đất")
    pks = set(editorial.products_without_english(people["reviewer"]).values_list("pk", flat=True))
    assert pks == {ours.pk, theirs.pk}
    assert len(editorial.editable_provinces(people["reviewer"])) == 34


# The dashboard panels


def panel(html, name):
    """The HTML of one dashboard panel, or None when it is not shown."""
    match = re.search(rf'<section[^>]*id="{name}-section".*?</section>', html, re.S)
    return match.group(0) if match else None


def test_products_without_english_panel_lists_ten_and_links_to_the_rest(client, people):
    thai_nguyen = province("thai-nguyen")
    products = [new_product(thai_nguyen, f"Sản phẩm mới {n:02d}") for n in range(12)]

    client.force_login(people["thai_nguyen"])
    html = panel(client.get("/admin/").content.decode(), "products_without_english")
    assert "12 products without English" in html
    assert html.count('href="/admin/pages/') == 10
    assert f'href="/admin/pages/{products[0].pk}/edit/"' in html
    product_type = ContentType.objects.get_for_model(ProductPage).pk
    more_url = f"{TRANSLATIONS_URL}?state=missing&amp;content_type={product_type}"
    assert f'<a href="{more_url}">and 2 more</a>' in html
    assert set(report_rows(client, f"?state=missing&content_type={product_type}")) == {
        page.pk for page in products
    }


def test_photos_panel_lists_products_with_too_few_or_too_small_photos(client, people):
    big = [photo(1200, 900), photo(1000, 1000), photo(800, 800)]
    well_shown, one_small, too_few = product("T-001"), product("T-002"), product("T-006")
    for page, main, gallery in [
        (well_shown, big[0], big[1:]),
        (one_small, big[0], [big[1], photo(1024, 640)]),
        (too_few, big[0], [big[1]]),
    ]:
        page.image = main
        page.save()
        for image in gallery:
            ProductImage.objects.create(product=page, image=image)

    listed = {
        page.pk: (page.photo_count, page.small_photo_count)
        for page in editorial.products_short_of_photos(people["thai_nguyen"])
    }
    assert listed == {one_small.pk: (3, 1), too_few.pk: (2, 0)}

    client.force_login(people["thai_nguyen"])
    html = panel(client.get("/admin/").content.decode(), "products_short_of_photos")
    assert "2 products need photos" in html
    assert f'href="/admin/pages/{one_small.pk}/edit/"' in html
    assert "1 under 800×800 px" in html
    assert 'href="/admin/editorial/photos/"' in html
    listing = client.get("/admin/editorial/photos/").context["object_list"]
    assert {page.pk for page in listing} == {one_small.pk, too_few.pk}


def test_certificates_panel_lists_expired_and_soon_expiring_certificates(client, people):
    today = timezone.localdate()
    certified = {
        "T-001": add_months(today, -36) + datetime.timedelta(days=30),  # ends in 30 days
        "T-002": add_months(today, -24),  # a year left
        "T-006": add_months(today, -37),  # ended a month ago
    }
    for ref, day in certified.items():
        ProductPage.objects.filter(import_ref=ref).update(ocop_certified_on=day)
    squash, homestay = product("T-001"), product("T-006")

    due = list(editorial.certificates_due(people["thai_nguyen"]))
    assert due == [homestay, squash]  # the longest expired first

    client.force_login(people["thai_nguyen"])
    html = panel(client.get("/admin/").content.decode(), "ocop_certificates_due")
    assert "2 OCOP certificates expired or expiring within 90 days" in html
    assert f'href="/admin/pages/{homestay.pk}/edit/"' in html
    assert "Expired on" in html and "Valid until" in html
    listing = client.get("/admin/editorial/certificates/").context["object_list"]
    assert [page.pk for page in listing] == [homestay.pk, squash.pk]


def test_new_inquiries_panel_links_to_the_inquiries(client, people):
    thai_nguyen = province("thai-nguyen")
    new = inquiry(thai_nguyen)
    inquiry(thai_nguyen, status=Inquiry.Status.ANSWERED, name="Answered Already")

    client.force_login(people["thai_nguyen"])
    html = panel(client.get("/admin/").content.decode(), "new_inquiries")
    assert "1 new inquiry" in html
    assert f'href="/admin/inquiries/edit/{new.pk}/"' in html
    assert "Answered Already" not in html
    assert 'href="/admin/inquiries/?status=new"' in html
    listing = client.get("/admin/inquiries/?status=new").content.decode()
    assert new.reference in listing and "Answered Already" not in listing


def test_dashboard_and_reports_open_in_vietnamese_for_an_editor(client, people):
    from wagtail.users.models import UserProfile

    new_product(province("thai-nguyen"), "Mật ong rừng Ba Bể")
    editor = people["thai_nguyen"]
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "vi"
    profile.save()

    client.force_login(editor)
    response = client.get("/admin/")
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert panel(html, "products_without_english")
    for url in [TRANSLATIONS_URL, "/admin/editorial/photos/", "/admin/editorial/certificates/"]:
        assert url in html  # in the reports menu
        assert client.get(url).status_code == 200


# What the dashboard costs


def crowd(province_page, count, start=0):
    """`count` products lacking English, photos and a valid certificate, and as many new
    inquiries: something in every panel."""
    for n in range(start, start + count):
        new_product(
            province_page, f"Sản phẩm thêm {n}", ocop_certified_on=datetime.date(2020, 1, 1)
        )
        inquiry(province_page, name=f"Buyer {n}")


def home_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["thai_nguyen", "reviewer"])
def test_admin_home_renders_within_a_fixed_query_budget(
    client, people, who, django_assert_max_num_queries
):
    thai_nguyen = province("thai-nguyen")
    crowd(thai_nguyen, 11)  # past every panel's ten rows
    client.force_login(people[who])
    # Wagtail's own dashboard and menus take most; the editorial panels about 10 (and one
    # for the pages in review, none here: editorial/panels.py EnglishHeldBackPanel).
    with django_assert_max_num_queries(41):
        home = client.get("/admin/")
    html = home.content.decode()
    for name in [
        "new_inquiries",
        "ocop_certificates_due",
        "products_without_english",
        "products_short_of_photos",
    ]:
        assert "and " in panel(html, name), name

    # More rows cost no more queries.
    before = home_queries(client)
    crowd(thai_nguyen, 5, start=11)
    assert home_queries(client) == before
