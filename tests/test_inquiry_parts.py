"""An inquiry about products of two provinces is two provinces' work (issue 15, finding 4):
each province has its own status and its own notes on its part, sees only its part on the
screen and in its exports, and the central team sees every part."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.users.models import UserProfile

from inquiries.models import Inquiry
from tests.test_inquiries import admin_client, inquire, people  # noqa: F401 (people: a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]

SQUASH = "Ba Be fragrant green squash"  # Thái Nguyên's product
DRAGON_FRUIT = "Binh Thuan red dragon fruit"  # Lâm Đồng's product
TEA = "Tan Cuong green tea"  # Thái Nguyên's too


@pytest.fixture
def staff(people):  # noqa: F811
    """The people of tests/test_inquiries.py, reading the admin in English."""
    for person in people.values():
        profile = UserProfile.get_for_user(person)
        profile.preferred_language = "en"
        profile.save()
    return {name: admin_client(person) for name, person in people.items()}


@pytest.fixture
def shared():
    """OCOP-000001 of the demo: a shortlist from Thái Nguyên and Lâm Đồng."""
    return inquire("T-001", "T-003", company="Groen Import")


def edit_url(inquiry):
    return f"/admin/inquiries/edit/{inquiry.pk}/"


def shown_status(client, inquiry):
    """The status the edit form shows the user (what they would change)."""
    return client.get(edit_url(inquiry)).context["form"]["status"].value()


def export(client, export_format, query=""):
    """The rows of the user's export of the inquiry list, as {heading: cell}."""
    response = client.get(f"/admin/inquiries/?export={export_format}{query}")
    assert response.status_code == 200
    if export_format == "csv":
        text = b"".join(response.streaming_content).decode("utf-8-sig")  # after the BOM
        return list(csv.DictReader(io.StringIO(text)))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headings, *rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(headings, row, strict=True)) for row in rows]


def test_a_provinces_note_stays_with_its_province(staff, shared):
    response = staff["thai_nguyen"].post(
        edit_url(shared), {"status": "forwarded", "note": "Sent to HTX Bí xanh Ba Bể, 12k/kg"}
    )
    assert response.status_code == 302

    lam_dong = staff["lam_dong"].get(edit_url(shared)).content.decode()
    assert "HTX Bí xanh Ba Bể" not in lam_dong
    assert "new → forwarded to producer" not in lam_dong  # nor what Thái Nguyên did
    assert "HTX Bí xanh Ba Bể" in staff["thai_nguyen"].get(edit_url(shared)).content.decode()


def test_each_province_sets_its_own_status(staff, shared):
    staff["thai_nguyen"].post(edit_url(shared), {"status": "forwarded", "note": ""})

    assert shown_status(staff["thai_nguyen"], shared) == "forwarded"
    assert shown_status(staff["lam_dong"], shared) == "new"
    staff["lam_dong"].post(edit_url(shared), {"status": "answered", "note": "Replied"})
    assert shown_status(staff["thai_nguyen"], shared) == "forwarded"
    assert shown_status(staff["lam_dong"], shared) == "answered"

    # The list's status filter and the dashboard read the province's own part.
    def listed(client, status):
        response = client.get(f"/admin/inquiries/?status={status}")
        return [inquiry.pk for inquiry in response.context["object_list"]]

    assert listed(staff["thai_nguyen"], "forwarded") == [shared.pk]
    assert listed(staff["thai_nguyen"], "answered") == []
    assert listed(staff["lam_dong"], "answered") == [shared.pk]
    assert listed(staff["lam_dong"], "forwarded") == []
    staff["thai_nguyen"].post(edit_url(shared), {"status": "new", "note": ""})
    assert "1 new inquiry" in staff["thai_nguyen"].get("/admin/").content.decode()
    assert "new inquir" not in staff["lam_dong"].get("/admin/").content.decode()


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_an_export_shows_what_the_screen_shows(staff, shared, export_format):
    inquire("T-002", company="Tea buyer")
    inquire("T-003", company="Fruit buyer")
    staff["lam_dong"].post(edit_url(shared), {"status": "answered", "note": "Quoted FOB"})
    for name in ("thai_nguyen", "lam_dong", "reviewer"):
        client = staff[name]
        listing = client.get("/admin/inquiries/").context["object_list"]
        rows = export(client, export_format)
        assert [row["Reference"] for row in rows] == [inquiry.reference for inquiry in listing]
        for row, inquiry in zip(rows, listing, strict=True):
            page = client.get(edit_url(inquiry)).content.decode()
            shown = {item.title for item in inquiry.items.all() if item.title in page}
            assert set(row["Products"].split("; ")) == shown, (name, inquiry)
            assert "Quoted FOB" not in str(row)  # notes are not exported

    thai_nguyen = {row["Reference"]: row for row in export(staff["thai_nguyen"], export_format)}
    row = thai_nguyen[shared.reference]
    assert row["Products"] == SQUASH and row["Provinces"] == "Thái Nguyên"
    assert row["Status"] == "new"  # Thái Nguyên's, not Lâm Đồng's "answered"
    reviewer = {row["Reference"]: row for row in export(staff["reviewer"], export_format)}
    row = reviewer[shared.reference]
    assert set(row["Products"].split("; ")) == {SQUASH, DRAGON_FRUIT}
    assert row["Status"] == "Lâm Đồng: answered; Thái Nguyên: new"


def test_the_central_team_sees_and_acts_on_every_part(staff, shared):
    staff["thai_nguyen"].post(edit_url(shared), {"status": "forwarded", "note": "To HTX Ba Bể"})
    staff["lam_dong"].post(edit_url(shared), {"status": "answered", "note": "Quoted FOB"})

    page = staff["reviewer"].get(edit_url(shared)).content.decode()
    assert "To HTX Ba Bể" in page and "Quoted FOB" in page
    assert SQUASH in page and DRAGON_FRUIT in page
    listing = staff["reviewer"].get("/admin/inquiries/").content.decode()
    assert "Lâm Đồng: answered; Thái Nguyên: forwarded to producer" in listing

    # The reviewer changes one province's part…
    lam_dong_part = shared.parts.get(province__slug="lam-dong")
    staff["reviewer"].post(
        edit_url(shared), {"part": lam_dong_part.pk, "status": "closed", "note": "Buyer chose"}
    )
    assert shown_status(staff["lam_dong"], shared) == "closed"
    assert shown_status(staff["thai_nguyen"], shared) == "forwarded"
    assert "Buyer chose" not in staff["thai_nguyen"].get(edit_url(shared)).content.decode()
    shared.refresh_from_db()
    assert shared.status == Inquiry.Status.FORWARDED and shared.closed_at is None

    # …or, choosing no province, every part: the inquiry is closed when all are.
    staff["reviewer"].post(edit_url(shared), {"part": "", "status": "closed", "note": "Done"})
    assert shown_status(staff["thai_nguyen"], shared) == "closed"
    shared.refresh_from_db()
    assert shared.status == Inquiry.Status.CLOSED and shared.closed_at is not None


def test_an_editor_of_both_provinces_says_which_part_a_change_is_for(staff, people, shared):  # noqa: F811
    both = people["thai_nguyen"]
    both.groups.add(*people["lam_dong"].groups.all())
    client = admin_client(both)
    response = client.post(edit_url(shared), {"status": "closed", "note": ""})
    assert response.status_code == 200
    assert "Choose the province this change is for." in response.content.decode()
    assert set(shared.parts.values_list("status", flat=True)) == {"new"}

    thai_nguyen_part = shared.parts.get(province__slug="thai-nguyen")
    client.post(edit_url(shared), {"part": thai_nguyen_part.pk, "status": "closed", "note": ""})
    assert dict(shared.parts.values_list("province__slug", "status")) == {
        "thai-nguyen": "closed",
        "lam-dong": "new",
    }
    # A part of a province the user does not edit is refused, not obeyed.
    other = inquire("T-005")
    response = staff["thai_nguyen"].post(
        edit_url(shared), {"part": other.parts.get().pk, "status": "answered", "note": ""}
    )
    assert response.status_code == 200
    assert other.parts.get().status == "new"


def test_an_inquiry_for_no_province_is_the_central_teams(staff):
    inquiry = inquire(company="Any rice")
    assert not inquiry.parts.exists()
    staff["reviewer"].post(edit_url(inquiry), {"status": "answered", "note": "Asked VINAFOOD"})
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ANSWERED
    rows = export(staff["reviewer"], "csv")
    assert {row["Reference"]: row["Status"] for row in rows}[inquiry.reference] == "answered"
    assert staff["thai_nguyen"].get(edit_url(inquiry)).status_code == 404


@pytest.mark.usefixtures("hub")
def test_migration_gives_each_province_its_part_and_its_own_notes():
    """Existing inquiries keep their status in every part; a note goes to the part of its
    author's province, and a central reviewer's note to every part."""
    executor = MigrationExecutor(connection)
    before = [("inquiries", "0002_form_token")] + [
        node for node in executor.loader.graph.leaf_nodes() if node[0] != "inquiries"
    ]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    OldInquiry = apps.get_model("inquiries", "Inquiry")
    Province = apps.get_model("regions", "ProvincePage")
    Team = apps.get_model("regions", "EditorsTeam")
    User = apps.get_model(*get_user_model()._meta.label.split("."))
    thai_nguyen = Province.objects.get(slug="thai-nguyen", locale__language_code="vi")
    lam_dong = Province.objects.get(slug="lam-dong", locale__language_code="vi")
    editor = User.objects.create(username="old-editor")
    editor.groups.add(Team.objects.get(province=thai_nguyen).group)
    reviewer = User.objects.create(username="old-reviewer")
    old = OldInquiry.objects.create(kind="shortlist", language="en", name="B", status="forwarded")
    old.provinces.set([thai_nguyen, lam_dong])
    old.activity.create(user=editor, status_from="new", status_to="forwarded", note="TN only")
    old.activity.create(user=reviewer, status_from="forwarded", status_to="forwarded", note="All")
    if connection.vendor == "postgresql":
        # The rows above were written in this test's transaction, whose foreign-key checks
        # PostgreSQL defers to the commit: it refuses to index a table that still has them
        # pending. A real migration finds its rows committed.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    inquiry = Inquiry.objects.get(pk=old.pk)
    assert dict(inquiry.parts.values_list("province__slug", "status")) == {
        "thai-nguyen": "forwarded",
        "lam-dong": "forwarded",
    }
    notes = {
        slug: sorted(inquiry.parts.get(province__slug=slug).activity.values_list("note", flat=True))
        for slug in ("thai-nguyen", "lam-dong")
    }
    assert notes == {"thai-nguyen": ["All", "TN only"], "lam-dong": ["All"]}
