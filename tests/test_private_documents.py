"""A province's documents are its own until an editor makes them public (issue 15, finding 6).

Lâm Đồng's editor uploads an internal price list the way editors do (the admin's drag and
drop uploader): it lands in the province's collection, which Wagtail's collection view
restriction keeps to the province's team, the central reviewers and superusers. Only a
document moved into the province's public collection reaches anonymous visitors. The
Wagtail image and document listings of the API, which listed every upload, are gone: the
hub's public API is the pages'.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import CollectionViewRestriction, Locale
from wagtail.users.models import UserProfile

from editorial.groups import sync_groups
from regions.models import EditorsTeam, ProvincePage, RegionPage
from showcase import urls

pytestmark = pytest.mark.django_db

PRICE_LIST = b"%PDF-1.4\n% Bang gia noi bo: che Tan Cuong 450.000 d/kg\n%%EOF\n"


def _team(name):
    province = ProvincePage.objects.get(locale=Locale.get_default(), title=name)
    return EditorsTeam.objects.select_related("group", "collection", "public_collection").get(
        province=province
    )


def _signed_in(django_user_model, username, group, language="en"):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(django_user_model):
    reviewers, _groups = sync_groups()
    return {
        "lam_dong": _signed_in(django_user_model, "ld", _team("Lâm Đồng").group),
        "thai_nguyen": _signed_in(django_user_model, "tn", _team("Thái Nguyên").group),
        "reviewer": _signed_in(django_user_model, "review", reviewers),
    }


def upload(editor, collection, name="bang-gia-noi-bo.pdf", content=PRICE_LIST):
    """Through the admin's multiple uploader, as an editor does; returns the document."""
    response = editor.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile(name, content), "collection": collection.pk},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    answer = response.json()
    assert answer["success"] is True, answer
    return Document.objects.get(pk=answer["doc_id"])


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_an_editors_upload_is_private_by_default(people):
    editor, team = people["lam_dong"], _team("Lâm Đồng")
    form = editor.get(reverse("wagtaildocs:add_multiple")).content.decode()
    # The province's private collection is the uploader's first (preselected) choice.
    first_option = form.split('name="collection"', 1)[1].split("<option", 2)[1]
    assert f'value="{team.collection.pk}"' in first_option
    assert f'value="{team.public_collection.pk}"' in form

    document = upload(editor, team.collection)
    assert document.collection == team.collection


def test_an_anonymous_visitor_gets_no_document_of_a_private_collection(people):
    document = upload(people["lam_dong"], _team("Lâm Đồng").collection)
    for _attempt in range(2):  # the second time too: nothing was cached for anyone
        response = Client().get(document.url)
        assert response.status_code == 302
        assert b"450.000" not in body(response)
    # The admin's sign-in, where editors sign in; it then sends them to the document.
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    sign_in = Client().get(response["Location"])
    assert sign_in.status_code == 200
    assert 'name="password"' in sign_in.content.decode()


def test_lam_dong_cannot_read_thai_nguyen_s_private_document(people):
    document = upload(people["thai_nguyen"], _team("Thái Nguyên").collection)
    refused = people["lam_dong"].get(document.url)
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "This document is private" in page  # in the editor's language, not a login form
    assert "450.000" not in page


def test_the_team_and_the_reviewers_read_a_private_document(people):
    document = upload(people["thai_nguyen"], _team("Thái Nguyên").collection)
    for reader in ("thai_nguyen", "reviewer"):
        response = people[reader].get(document.url)
        assert response.status_code == 200, reader
        assert b"450.000" in body(response)
        # A CDN in front must not hand the file to the next visitor.
        assert "private" in response["Cache-Control"]
    # Nor does the site's own page cache: an anonymous visitor after them gets nothing.
    assert Client().get(document.url).status_code == 302


def test_a_document_in_the_public_collection_is_served_to_anyone(people):
    editor, team = people["lam_dong"], _team("Lâm Đồng")
    brochure = upload(editor, team.public_collection, "brochure.pdf")
    for visitor in (Client(), people["thai_nguyen"]):
        response = visitor.get(brochure.url)
        assert response.status_code == 200
        assert b"450.000" in body(response)


def test_an_editor_makes_a_document_public_by_moving_it(people):
    editor, team = people["lam_dong"], _team("Lâm Đồng")
    document = upload(editor, team.collection)
    assert Client().get(document.url).status_code == 302
    editor.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": document.title, "collection": team.public_collection.pk},
    )
    assert Client().get(document.url).status_code == 200


# Where Django serves the media itself (development, `make serve-prod`): this module's URLs.
urlpatterns = urls.media_files() + urls.urlpatterns


@pytest.mark.urls(__name__)
def test_the_media_folder_never_serves_documents(people):
    """The file of a private document is not a plain media file anyone can fetch by name."""
    document = upload(people["lam_dong"], _team("Lâm Đồng").collection)
    picture = Image.objects.create(title="Đồi chè", file=get_test_image_file())
    assert Client().get(f"/media/{document.file.name}").status_code == 404
    assert Client().get(f"/media/{picture.file.name}").status_code == 200


def test_the_api_lists_no_upload(people):
    editor = people["lam_dong"]
    document = upload(editor, _team("Lâm Đồng").collection)
    response = editor.post(
        reverse("wagtailimages:add_multiple"),
        {
            "files[]": SimpleUploadedFile("kho-lanh.png", get_test_image_file().file.getvalue()),
            "collection": _team("Lâm Đồng").collection.pk,
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    image = Image.objects.get(pk=response.json()["image_id"])  # used by no page
    for address in ("/api/v2/images/", f"/api/v2/images/{image.pk}/"):
        response = Client().get(address)
        assert response.status_code == 404
        assert "kho-lanh" not in response.content.decode()
    for address in ("/api/v2/documents/", f"/api/v2/documents/{document.pk}/"):
        response = Client().get(address)
        assert response.status_code == 404
        assert document.title not in response.content.decode()
    assert Client().get("/api/v2/pages/").status_code == 200


# --- the restrictions are kept by sync_groups -----------------------------------------


def _restriction(collection):
    restrictions = CollectionViewRestriction.objects.filter(collection=collection)
    assert restrictions.count() == 1
    return restrictions.get()


def test_every_province_collection_is_restricted_to_its_team_and_the_reviewers():
    reviewers, groups = sync_groups()
    for team in EditorsTeam.objects.select_related("collection", "public_collection"):
        restriction = _restriction(team.collection)
        assert restriction.restriction_type == CollectionViewRestriction.GROUPS
        assert set(restriction.groups.all()) == {team.group, reviewers}
        assert not team.public_collection.get_view_restrictions().exists()
        assert team.public_collection.name == f"{team.province.title} — công khai"


def test_sync_repairs_a_restriction_changed_by_hand():
    sync_groups()
    team = _team("Lâm Đồng")
    restriction = _restriction(team.collection)
    restriction.groups.add(_team("Thái Nguyên").group)
    CollectionViewRestriction.objects.create(
        collection=team.collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    counts = (CollectionViewRestriction.objects.count() - 1, Group.objects.count())
    call_command("sync_editor_groups", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (CollectionViewRestriction.objects.count(), Group.objects.count()) == counts
    reviewers = Group.objects.get(name="Kiểm duyệt trung ương")
    assert set(_restriction(team.collection).groups.all()) == {team.group, reviewers}


def test_a_new_province_s_documents_are_private_at_once(vi):
    region = RegionPage.objects.filter(locale=vi).first()
    province = region.add_child(
        instance=ProvincePage(title="Tỉnh Thử", slug="tinh-thu", code="99", official_name="x")
    )
    team = EditorsTeam.objects.get(province=province)
    assert set(_restriction(team.collection).groups.all()) >= {team.group}
    assert team.public_collection.name == "Tỉnh Thử — công khai"

    province.title = "Tỉnh Mới"
    province.save()
    team.refresh_from_db()
    assert team.public_collection.name == "Tỉnh Mới — công khai"
