"""The dashboard of a province (issue 19, B): the summary counts the editor's provinces (the
nation's for a central reviewer), the first actions are adding a product and importing a
spreadsheet, and a product whose English waits for the review is said to, not listed as
missing its English."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile

from editorial import missing
from editorial.groups import sync_groups
from editorial.missing import TranslationState
from editorial.review import submit_for_review
from editorial.teams import CENTRAL_REVIEWERS
from events.models import EventPage
from products.importing import ProductImporter
from products.models import Producer, ProductCategory, ProductPage
from regions.models import ProvincePage, SalesPointPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]


def province(slug):
    return ProvincePage.objects.get(slug=slug, locale__language_code="vi")


@pytest.fixture
def people():
    """Editors of Thái Nguyên, of Lâm Đồng, of both, a central reviewer and an admin user who
    edits no province: their admin in Vietnamese, the site's language."""
    _reviewers, groups = sync_groups()
    User = get_user_model()

    def user(name, *group_list):
        person = User.objects.create_user(name, f"{name}@hub.example", "pw")
        UserProfile.objects.update_or_create(user=person, defaults={"preferred_language": "vi"})
        person.groups.add(*group_list)
        return person

    thai_nguyen = groups[province("thai-nguyen").translation_key]
    lam_dong = groups[province("lam-dong").translation_key]
    nobody = user("nobody")
    nobody.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return {
        "thai_nguyen": user("bientap.thainguyen", thai_nguyen),
        "lam_dong": user("bientap.lamdong", lam_dong),
        "both": user("bientap.hai", thai_nguyen, lam_dong),
        "reviewer": user("kiemduyet", Group.objects.get(name=CENTRAL_REVIEWERS)),
        "nobody": nobody,
    }


def dashboard(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def summary(html):
    """The summary's lines, as text."""
    section = re.search(r'<section class="w-summary".*?</section>', html, re.S)
    if section is None:
        return []
    lines = re.findall(r"<li>(.*?)</li>", section.group(0), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", line).split()) for line in lines]


def panel(html, name):
    match = re.search(rf'<section[^>]*id="{name}-section".*?</section>', html, re.S)
    return match.group(0) if match else None


def vietnamese(model, *provinces):
    """The Vietnamese pages of `model`, in `provinces` (every one when none is given)."""
    pages = model.objects.filter(locale=Locale.get_default(), alias_of__isnull=True)
    if provinces:
        pages = pages.filter(missing.in_provinces(provinces))
    return pages


def draft_product(province_page, title="Mật ong rừng Đại Từ"):
    page = province_page.add_child(
        instance=ProductPage(
            title=title, ocop_stars=3, category=ProductCategory.objects.first(), live=False
        )
    )
    page.save_revision()
    return page


# The summary


def test_a_provincial_editor_counts_their_province_not_the_site(client, people):
    thai_nguyen = province("thai-nguyen")
    lines = summary(dashboard(client, people["thai_nguyen"]))

    products = vietnamese(ProductPage, thai_nguyen).count()
    producers = Producer.objects.filter(province=thai_nguyen).count()
    events = vietnamese(EventPage, thai_nguyen).count()
    sales_points = vietnamese(SalesPointPage, thai_nguyen).count()
    assert products and producers and sales_points  # the test data has some of each
    assert vietnamese(ProductPage).count() > products  # and other provinces have more
    assert lines[:7] == [
        "Thái Nguyên",
        f"{products} sản phẩm",
        f"{producers} chủ thể sản xuất",
        f"{events} sự kiện",
        f"{sales_points} điểm bán",
        "0 trang đang chờ duyệt",
        f"{products + events + sales_points} trang đang hiển thị",
    ]
    site_pages = Page.objects.exclude(depth=1).count()
    assert not any(f"{site_pages} " in line for line in lines)  # Wagtail's count is gone


def test_the_summary_links_to_the_provinces_pages_and_producers(client, people):
    thai_nguyen = province("thai-nguyen")
    html = dashboard(client, people["thai_nguyen"])
    section = re.search(r'<section class="w-summary".*?</section>', html, re.S).group(0)
    assert f'href="/admin/pages/{thai_nguyen.pk}/?content_type=' in section
    assert f'href="/admin/snippets/products/producer/?province={thai_nguyen.pk}"' in section
    assert 'href="/admin/pages/3/"' not in section  # not the whole tree


def test_drafts_in_review_and_live_pages_are_counted_apart(client, people):
    thai_nguyen = province("thai-nguyen")
    products = vietnamese(ProductPage, thai_nguyen).count()
    live = vietnamese(Page, thai_nguyen).filter(live=True).exclude(pk=thai_nguyen.pk).count()
    page = draft_product(thai_nguyen)
    submit_for_review([page], people["thai_nguyen"])
    draft_product(thai_nguyen, "Miến dong Việt Cường")  # a draft not submitted

    lines = summary(dashboard(client, people["thai_nguyen"]))
    assert f"{products + 2} sản phẩm" in lines
    assert "1 trang đang chờ duyệt" in lines
    assert f"{live} trang đang hiển thị" in lines
    # Lâm Đồng's editor does not count Thái Nguyên's drafts.
    lines = summary(dashboard(client, people["lam_dong"]))
    assert lines[0] == "Lâm Đồng" and "0 trang đang chờ duyệt" in lines


def test_the_central_reviewer_sees_the_nations_figures(client, people):
    html = dashboard(client, people["reviewer"])
    lines = summary(html)
    assert lines[0] == "Toàn quốc"
    assert f"{vietnamese(ProductPage).count()} sản phẩm" in lines
    assert f"{Producer.objects.count()} chủ thể sản xuất" in lines
    events = vietnamese(EventPage).count()
    assert events > vietnamese(EventPage, *ProvincePage.objects.all()).count()  # national ones
    assert f"{events} sự kiện" in lines


def test_an_editor_of_two_provinces_counts_both(client, people):
    both = (province("lam-dong"), province("thai-nguyen"))
    lines = summary(dashboard(client, people["both"]))
    assert lines[0] == "Lâm Đồng, Thái Nguyên"
    assert f"{vietnamese(ProductPage, *both).count()} sản phẩm" in lines


def test_someone_who_edits_no_province_gets_no_summary_or_actions(client, people):
    html = dashboard(client, people["nobody"])
    assert not any("sản phẩm" in line for line in summary(html))
    assert panel(html, "first_actions") is None


# First actions


def test_an_editor_starts_with_adding_a_product_or_importing(client, people):
    thai_nguyen = province("thai-nguyen")
    html = dashboard(client, people["thai_nguyen"])
    actions = panel(html, "first_actions")
    panels = re.findall(r'<section[^>]*id="([a-z_]+)-section"', html)
    assert panels[0] == "first_actions"  # at the top of the dashboard
    add_url = f"/admin/pages/add/products/productpage/{thai_nguyen.pk}/"
    assert re.search(rf'href="{add_url}"[^>]*>.*Thêm sản phẩm\s*</a>', actions, re.S)
    assert re.search(r'href="/admin/import-products/"[^>]*>.*Nhập bảng tính\s*</a>', actions, re.S)
    assert client.get(add_url).status_code == 200  # the form of a product under the province


def test_an_editor_of_two_provinces_gets_a_link_for_each(client, people):
    actions = panel(dashboard(client, people["both"]), "first_actions")
    for slug, title in (("thai-nguyen", "Thái Nguyên"), ("lam-dong", "Lâm Đồng")):
        url = f"/admin/pages/add/products/productpage/{province(slug).pk}/"
        assert re.search(rf'href="{url}"[^>]*>.*Thêm sản phẩm cho {title}\s*</a>', actions, re.S)


def test_the_reviewer_chooses_the_province(client, people):
    actions = panel(dashboard(client, people["reviewer"]), "first_actions")
    assert (
        actions.count("<option ") == ProvincePage.objects.filter(locale__language_code="vi").count()
    )
    lam_dong = province("lam-dong")
    response = client.get(reverse("hub_add_product"), {"province": lam_dong.pk})
    assert response.status_code == 302
    assert response.url == f"/admin/pages/add/products/productpage/{lam_dong.pk}/"


@pytest.mark.parametrize("chosen", ["lam-dong", "", "abc", "999999"])
def test_a_province_not_ones_own_is_refused_in_the_users_language(client, people, chosen):
    client.force_login(people["thai_nguyen"])
    value = province(chosen).pk if chosen == "lam-dong" else chosen
    response = client.get(reverse("hub_add_product"), {"province": value}, follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert "Hãy chọn một tỉnh, thành phố bạn phụ trách" in response.content.decode()


# English waiting for review


@pytest.fixture
def imported(people, write_csv, fixture_rows, en):
    """A new product of Thái Nguyên with its English, imported by the province's editor
    (drafts) and submitted for the review, as the import screen does by default."""
    header, tea = fixture_rows[0], dict(zip(fixture_rows[0], fixture_rows[2], strict=True))
    row = tea | {"ref": "TN-301", "name_vi": "Chè búp Tân Cương", "name_en": "Tan Cuong tea buds"}
    editor = people["thai_nguyen"]
    importer = ProductImporter(user=editor, provinces=[province("thai-nguyen")], publish=False)
    result = importer.run(write_csv([header, [row[column] for column in header]]))
    assert result.ok, result.errors
    page = ProductPage.objects.get(import_ref="TN-301", locale__language_code="vi")
    assert not page.get_translation(en).live  # the English exists, a draft
    return page


def test_an_imported_products_english_in_review_is_not_missing(client, people, imported):
    submit_for_review([imported], people["thai_nguyen"])
    editor = people["thai_nguyen"]

    assert imported.pk not in set(
        missing.products_without_english(editor).values_list("pk", flat=True)
    )
    assert [page.pk for page in missing.products_with_english_in_review(editor)] == [imported.pk]
    report = {row.pk: row for row in missing.translation_report(editor)}
    assert report[imported.pk].translation_state == TranslationState.WAITING

    html = dashboard(client, editor)
    waiting = panel(html, "products_english_in_review")
    assert "Chè búp Tân Cương" in waiting and "Bản tiếng Anh đang chờ duyệt" in waiting
    assert "Chè búp Tân Cương" not in (panel(html, "products_without_english") or "")
    listing = client.get("/admin/editorial/translations/?state=waiting").context["object_list"]
    assert [page.pk for page in listing] == [imported.pk]
    with translation.override("en"):
        assert str(TranslationState.WAITING.label) == "English waiting for review"


def test_approval_puts_the_english_live_and_the_product_leaves_the_lists(client, people, imported):
    submit_for_review([imported], people["thai_nguyen"])
    task_state = imported.current_workflow_state.current_task_state
    client.force_login(people["reviewer"])
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[imported.pk, "approve", task_state.pk]
    )
    client.post(url, {"comment": ""})

    editor = people["thai_nguyen"]
    assert not missing.products_with_english_in_review(editor).exists()
    assert imported.pk not in {row.pk for row in missing.translation_report(editor)}


def test_an_imported_draft_not_yet_submitted_waits_to_be_published(people, imported):
    editor = people["thai_nguyen"]
    report = {row.pk: row for row in missing.translation_report(editor)}
    assert report[imported.pk].translation_state == TranslationState.UNPUBLISHED
    assert not missing.products_with_english_in_review(editor).exists()
    assert imported.pk not in set(
        missing.products_without_english(editor).values_list("pk", flat=True)
    )


def test_an_untranslated_english_draft_in_review_is_still_missing(people, en):
    """Translating a page makes an English page that holds the Vietnamese: nothing is
    written in English yet, so approving would publish the Vietnamese only."""
    from wagtail_localize.models import TranslationSource

    page = draft_product(province("thai-nguyen"))
    source, _created = TranslationSource.get_or_create_from_instance(page)
    source.create_or_update_translation(en, publish=False, copy_parent_pages=True, fallback=True)
    submit_for_review([page], people["thai_nguyen"])

    editor = people["thai_nguyen"]
    assert page.pk in set(missing.products_without_english(editor).values_list("pk", flat=True))
    report = {row.pk: row for row in missing.translation_report(editor)}
    assert report[page.pk].translation_state == TranslationState.MISSING


# What the dashboard costs


def dashboard_queries(client, user):
    client.force_login(user)
    client.get("/admin/")  # the caches of the process (content types, site, translations)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/").status_code == 200
    return len(queries)


def test_the_dashboards_queries_are_pinned(client, people, imported):
    """With the test data, a product in review and a dozen drafts (the panels' lists show
    ten and count the rest): a provincial editor's dashboard and the central reviewer's cost
    a fixed number of queries, whatever the number of pages."""
    submit_for_review([imported], people["thai_nguyen"])
    for n in range(12):
        draft_product(province("thai-nguyen"), f"Sản phẩm {n}")
    editor = dashboard_queries(client, people["thai_nguyen"])
    reviewer = dashboard_queries(client, people["reviewer"])
    assert (editor, reviewer) == (EDITOR_QUERIES, REVIEWER_QUERIES)

    for n in range(5):  # more products, in both provinces, cost no more queries
        draft_product(province("thai-nguyen"), f"Sản phẩm thêm {n}")
        draft_product(province("lam-dong"), f"Sản phẩm Lâm Đồng {n}")
    assert dashboard_queries(client, people["thai_nguyen"]) == EDITOR_QUERIES
    assert dashboard_queries(client, people["reviewer"]) == REVIEWER_QUERIES


EDITOR_QUERIES = 63
REVIEWER_QUERIES = 61
