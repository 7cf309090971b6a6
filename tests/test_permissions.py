"""A province's editors work on their own province and nothing else; central reviewers approve.

Thái Nguyên's editor is the actor throughout; Lâm Đồng (T-003, Bình Thuận dragon fruit) is
the other province whose pages, images and documents must stay out of reach.
"""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Locale, Page, WorkflowState

from editorial.groups import EDITOR_PAGE_PERMISSIONS, sync_groups
from editorial.review import REVIEW_WORKFLOW
from editorial.teams import CENTRAL_REVIEWERS
from products.models import ProductPage
from regions.models import EditorsTeam, ProvincePage, RegionPage
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


def _user(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw", **extra)
    if group is not None:
        user.groups.add(group)
    return user


def _province(name):
    return ProvincePage.objects.get(locale=Locale.get_default(), title=name)


def _product(ref, language="vi"):
    return ProductPage.objects.get(import_ref=ref, locale__language_code=language)


def _team(name):
    return EditorsTeam.objects.select_related("group", "collection").get(province=_province(name))


@pytest.fixture
def people(django_user_model):
    reviewers, _groups = sync_groups()
    return {
        "thai_nguyen": _user(django_user_model, "tn", _team("Thái Nguyên").group),
        "thai_nguyen_2": _user(django_user_model, "tn2", _team("Thái Nguyên").group),
        "lam_dong": _user(django_user_model, "ld", _team("Lâm Đồng").group),
        "reviewer": _user(django_user_model, "review", reviewers),
        "admin": _user(django_user_model, "boss", is_superuser=True, is_staff=True),
    }


@pytest.fixture
def editor(client, people):
    client.force_login(people["thai_nguyen"])
    return people["thai_nguyen"]


def refused(response):
    """Wagtail answers a refused admin action with 403/404, or a redirect to the dashboard
    with "you do not have permission" (followed here)."""
    if response.status_code in (403, 404):
        return True
    chain = [url for url, _status in getattr(response, "redirect_chain", [])]
    return response.status_code == 200 and bool(chain) and chain[-1] == reverse("wagtailadmin_home")


# --- groups, collections and the workflow ------------------------------------------------


def test_every_province_has_a_named_team_with_its_collection_and_page_rights():
    sync_groups()
    provinces = ProvincePage.objects.filter(locale=Locale.get_default())
    assert EditorsTeam.objects.count() == provinces.count() == 34
    team = _team("Thái Nguyên")
    assert team.group.name == "Biên tập viên Thái Nguyên"
    assert "Thai Nguyen" in team.description
    assert team.collection.name == "Thái Nguyên"
    rights = set(
        team.group.page_permissions.values_list(
            "page__locale__language_code", "permission__codename"
        )
    )
    assert rights == {(lang, code) for lang in ("vi", "en") for code in EDITOR_PAGE_PERMISSIONS}
    assert not team.group.page_permissions.filter(permission__codename="publish_page").exists()
    assert set(team.group.collection_permissions.values_list("collection", flat=True)) == {
        team.collection.pk,
        team.public_collection.pk,
    }


def test_sync_is_idempotent_and_withdraws_a_publish_right_given_by_hand():
    sync_groups()
    team = _team("Thái Nguyên")
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    GroupPagePermission.objects.create(
        group=team.group,
        page=team.province,
        permission=Permission.objects.get(codename="publish_page"),
    )
    counts = (
        Group.objects.count(),
        Collection.objects.count(),
        GroupPagePermission.objects.count(),
    )
    call_command("sync_editor_groups", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (
        Group.objects.count(),
        Collection.objects.count(),
        GroupPagePermission.objects.count() + 1,
    ) == counts


def test_a_new_province_gets_its_team_at_once_and_a_rename_follows(vi, en):
    region = RegionPage.objects.filter(locale=vi).first()
    province = region.add_child(
        instance=ProvincePage(
            title="Tỉnh Thử", slug="tinh-thu", code="99", official_name="Tỉnh Thử"
        )
    )
    team = EditorsTeam.objects.get(province=province)
    assert team.group.name == "Biên tập viên Tỉnh Thử"
    assert team.collection.name == "Tỉnh Thử"

    english = province.copy_for_translation(en, copy_parents=True)
    assert team.group.page_permissions.filter(page=english).count() == len(EDITOR_PAGE_PERMISSIONS)

    province.title = "Tỉnh Mới"
    province.save()
    team.refresh_from_db()
    assert team.group.name == "Biên tập viên Tỉnh Mới"
    assert team.collection.name == "Tỉnh Mới"


def test_the_review_workflow_covers_both_languages():
    sync_groups()
    for language in ("vi", "en"):
        workflow = _product("T-002", language).get_workflow()
        assert workflow is not None and workflow.name == REVIEW_WORKFLOW
        task = workflow.tasks.get().specific
        assert list(task.groups.values_list("name", flat=True)) == [CENTRAL_REVIEWERS]


# --- another province's pages are out of reach -------------------------------------------


def _page_urls(page):
    revision = page.get_latest_revision()
    return [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
        reverse("wagtailadmin_pages:delete", args=[page.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[page.pk]),
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        reverse("wagtailadmin_pages:move", args=[page.pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", revision.pk]),
        reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, revision.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
        reverse("wagtailadmin_pages:add_subpage", args=[page.get_parent().pk]),
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_view_of_another_provinces_page_is_refused(client, editor, language):
    other = _product("T-003", language)
    for url in _page_urls(other):
        response = client.get(url, follow=True)
        assert refused(response), f"GET {url} answered {response.status_code}"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_change_reaches_another_provinces_page(client, editor, language):
    other = _product("T-003", language)
    own_province = _province("Thái Nguyên").get_translation(other.locale)
    before = (other.title, other.live, other.latest_revision_id, other.locked)
    pages = Page.objects.count()
    posts = {
        reverse("wagtailadmin_pages:edit", args=[other.pk]): {
            "title": "Hacked",
            "action-publish": "1",
        },
        reverse("wagtailadmin_pages:delete", args=[other.pk]): {},
        reverse("wagtailadmin_pages:unpublish", args=[other.pk]): {},
        reverse("wagtailadmin_pages:lock", args=[other.pk]): {},
        reverse("wagtailadmin_pages:copy", args=[other.pk]): {
            "new_title": "Copy",
            "new_slug": "copy-of-dragon-fruit",
            "new_parent_page": own_province.pk,
        },
        reverse("wagtailadmin_pages:move_confirm", args=[other.pk, own_province.pk]): {},
        reverse("wagtailadmin_pages:workflow_action", args=[other.pk, "approve", 1]): {},
    }
    for url, data in posts.items():
        response = client.post(url, data, follow=True)
        assert refused(response), f"POST {url} answered {response.status_code}"
    other.refresh_from_db()
    assert (other.title, other.live, other.latest_revision_id, other.locked) == before
    assert Page.objects.count() == pages


def test_own_pages_cannot_be_copied_or_moved_into_another_province(client, editor):
    own = _product("T-002")
    other_province = _province("Lâm Đồng")
    pages = Page.objects.count()
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[own.pk]),
        {"new_title": "Copy", "new_slug": "tea-copy", "new_parent_page": other_province.pk},
        follow=True,
    )
    assert response.status_code == 200 and Page.objects.count() == pages
    response = client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[own.pk, other_province.pk]), follow=True
    )
    assert refused(response)
    own.refresh_from_db()
    assert own.get_parent().pk == _province("Thái Nguyên").pk


def test_editor_can_edit_own_product_but_not_publish_it(client, editor):
    own = _product("T-002")
    url = reverse("wagtailadmin_pages:edit", args=[own.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html
    data = form_data(html, "page-edit-form")
    data["title"] = "Chè Tân Cương đặc biệt"
    response = client.post(url, {**data, "action-publish": "1"})
    own.refresh_from_db()
    assert own.live and own.title == "Chè Tân Cương"  # the live page did not change
    assert response.status_code in (200, 302)


def test_explorer_shows_only_the_editors_province(client, editor):
    thai_nguyen = _province("Thái Nguyên")
    region = thai_nguyen.get_parent()
    html = client.get(reverse("wagtailadmin_explore", args=[region.pk])).content.decode()
    neighbours = ProvincePage.objects.sibling_of(thai_nguyen, inclusive=False)
    assert "Thái Nguyên" in html
    assert neighbours.exists()
    assert not [p.title for p in neighbours if f">{p.title}<" in html.replace("\n", "")]
    # Wagtail lets anyone with admin access open a page's listing, filtered to what they may
    # explore: Lâm Đồng's listing holds none of its products.
    other = _province("Lâm Đồng")
    html = client.get(reverse("wagtailadmin_explore", args=[other.pk])).content.decode()
    assert _product("T-003").title not in html


# --- images, documents --------------------------------------------------------------------


def _image(collection, title):
    return Image.objects.create(title=title, file=get_test_image_file(), collection=collection)


def _document(collection, title):
    return Document.objects.create(
        title=title,
        file=SimpleUploadedFile("price-list.pdf", b"%PDF-1.4\n%%EOF\n"),
        collection=collection,
    )


def test_other_provinces_images_and_documents_are_refused(client, editor):
    theirs = _team("Lâm Đồng").collection
    image = _image(theirs, "Thanh long Lâm Đồng")
    document = _document(theirs, "Bảng giá Lâm Đồng")
    for url in [
        reverse("wagtailimages:edit", args=[image.pk]),
        reverse("wagtailimages:delete", args=[image.pk]),
        reverse("wagtaildocs:edit", args=[document.pk]),
        reverse("wagtaildocs:delete", args=[document.pk]),
    ]:
        assert refused(client.get(url, follow=True)), url
        assert refused(client.post(url, {"title": "x"}, follow=True)), url
    image.refresh_from_db()
    document.refresh_from_db()
    assert image.title == "Thanh long Lâm Đồng" and document.title == "Bảng giá Lâm Đồng"

    listing = client.get(reverse("wagtailimages:index")).content.decode()
    chooser = client.get(reverse("wagtailimages_chooser:choose")).content.decode()
    documents = client.get(reverse("wagtaildocs:index")).content.decode()
    assert "Thanh long Lâm Đồng" not in listing + chooser
    assert "Bảng giá Lâm Đồng" not in documents


def _upload():
    return SimpleUploadedFile("tea.png", get_test_image_file().file.getvalue(), "image/png")


def test_editor_uploads_into_own_collection_only(client, editor):
    own, theirs = _team("Thái Nguyên").collection, _team("Lâm Đồng").collection
    url = reverse("wagtailimages:add")
    # With one collection to add to, Wagtail drops the field and files the picture there,
    # whatever collection the request names.
    client.post(url, {"title": "Đồi chè", "file": _upload(), "collection": theirs.pk})
    client.post(url, {"title": "Đồi chè 2", "file": _upload(), "collection": own.pk})
    collections = set(
        Image.objects.filter(title__startswith="Đồi chè").values_list("collection", flat=True)
    )
    assert collections == {own.pk}


# --- the review -------------------------------------------------------------------------


def _submit(client, page):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = form_data(client.get(url).content.decode(), "page-edit-form")
    data["title"] = page.title + " (mới)"
    return client.post(url, {**data, "action-submit": "1"})


def test_submission_notifies_reviewers_only(client, people, editor):
    own = _product("T-002")
    mail.outbox.clear()
    _submit(client, own)
    own.refresh_from_db()
    assert own.workflow_in_progress
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"review@example.org"}


def test_reviewer_approves_and_the_page_goes_live(client, people, editor):
    own = _product("T-002")
    _submit(client, own)
    own.refresh_from_db()
    state = own.current_workflow_state
    task_state = state.current_task_state

    # The editor cannot approve their own submission.
    approve = reverse("wagtailadmin_pages:workflow_action", args=[own.pk, "approve", task_state.pk])
    assert refused(client.post(approve, {"comment": ""}, follow=True))
    own.refresh_from_db()
    assert own.title == "Chè Tân Cương"

    mail.outbox.clear()
    client.force_login(people["reviewer"])
    client.post(approve, {"comment": "Đạt"})
    own.refresh_from_db()
    assert own.title == "Chè Tân Cương (mới)" and own.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert {address for message in mail.outbox for address in message.to} == {"tn@example.org"}


def test_rejection_reaches_the_submitter_and_the_province_team_only(client, people, editor):
    own = _product("T-002")
    _submit(client, own)
    own.refresh_from_db()
    task_state = own.current_workflow_state.current_task_state
    mail.outbox.clear()
    client.force_login(people["reviewer"])
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[own.pk, "reject", task_state.pk]),
        {"comment": "Thiếu ảnh sản phẩm"},
    )
    own.refresh_from_db()
    assert own.title == "Chè Tân Cương"
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["tn2@example.org", "tn@example.org"]
    assert all("Thiếu ảnh sản phẩm" in message.body for message in mail.outbox)


# --- translation -------------------------------------------------------------------------


def test_editor_may_translate_own_pages_only(client, editor, en):
    from wagtail_localize.models import TranslationSource

    own, other = _product("T-002"), _product("T-003")
    own_source = TranslationSource.objects.get_for_instance(own)
    other_source = TranslationSource.objects.get_for_instance(other)
    assert (
        client.get(
            reverse("wagtail_localize:update_translations", args=[own_source.pk])
        ).status_code
        == 200
    )
    for url in [
        reverse("wagtail_localize:submit_page_translation", args=[other.pk]),
        reverse("wagtail_localize:update_translations", args=[other_source.pk]),
        reverse("wagtail_localize:translations_report"),
    ]:
        assert refused(client.get(url, follow=True)), url
        assert refused(client.post(url, {"locales": [en.pk]}, follow=True)), url
    other_en = other.get_translation(en)
    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[other_en.pk]), follow=True))
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtail_localize:translations_report") not in menu


def test_reviewer_sees_the_site_wide_translations_report(client, people):
    client.force_login(people["reviewer"])
    assert client.get(reverse("wagtail_localize:translations_report")).status_code == 200
