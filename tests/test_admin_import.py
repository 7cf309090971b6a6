"""Importing a spreadsheet in the admin: preview first, then all rows or none, own province only."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from wagtail.users.models import UserProfile

from editorial.groups import sync_groups
from products.importing import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from products.importing.columns import VIETNAMESE
from products.importing.template import COLUMN_GUIDE
from products.models import ProductImport, ProductPage
from regions.models import EditorsTeam
from tests.test_permissions import _province, _user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewers():
    return sync_groups()[0]


def _admin_language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def editor(client, django_user_model, reviewers):
    """A Thái Nguyên editor whose admin is in English (the messages checked below)."""
    user = _user(
        django_user_model,
        "tn",
        EditorsTeam.objects.get(province=_province("Thái Nguyên")).group,
    )
    client.force_login(_admin_language(user, "en"))
    return user


@pytest.fixture
def sheet(fixture_rows):
    """Two new Thái Nguyên products in the fixture's columns."""
    header, tea = fixture_rows[0], fixture_rows[2]
    rows = [header]
    for ref, name in (("TN-101", "Chè Tân Cương Đặc Biệt"), ("TN-102", "Chè Tân Cương Nõn Tôm")):
        row = dict(zip(header, tea, strict=True))
        row.update(ref=ref, name_vi=name, name_en=f"{name} (en)")
        rows.append([row[column] for column in header])
    return rows


def _csv(rows, name="san-pham.csv"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), "text/csv")


def _xlsx(rows, name="san-pham.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _upload(client, upload):
    return client.post(reverse("product_import:upload"), {"file": upload})


def _state():
    return (
        ProductPage.objects.count(),
        list(ProductPage.objects.order_by("pk").values_list("title", "latest_revision_id")),
    )


def test_preview_lists_the_changes_and_writes_nothing(client, editor, sheet):
    before = _state()
    response = _upload(client, _csv(sheet))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chè Tân Cương Đặc Biệt" in html and "TN-102" in html
    assert 'id="import-errors"' not in html
    assert "action-submit" not in html and 'name="submit_for_review"' in html
    assert _state() == before
    record = ProductImport.objects.get()
    assert record.summary == {"rows": 2, "created": 2, "updated": 0, "unchanged": 0, "errors": 0}


def test_confirming_saves_drafts_and_submits_them_in_one_email(client, editor, reviewers, sheet):
    reviewer = reviewers.user_set.create(username="kd", email="kd@example.org")
    _upload(client, _xlsx(sheet))
    record = ProductImport.objects.get()
    mail.outbox.clear()
    response = client.post(
        reverse("product_import:confirm", args=[record.pk]), {"submit_for_review": "1"}
    )
    assert response.status_code == 200
    created = ProductPage.objects.filter(import_ref__in=["TN-101", "TN-102"])
    assert created.count() == 4  # both languages
    assert not created.filter(live=True).exists()
    vietnamese = created.filter(locale__language_code="vi")
    assert all(page.workflow_in_progress for page in vietnamese)
    assert {page.get_parent().specific.title for page in vietnamese} == {"Thái Nguyên"}
    assert [message.to for message in mail.outbox] == [[reviewer.email]]
    assert "Chè Tân Cương Nõn Tôm" in mail.outbox[0].body
    record.refresh_from_db()
    assert record.imported_at is not None and record.content in (b"", memoryview(b""))
    # The same preview cannot be imported twice.
    again = client.post(reverse("product_import:confirm", args=[record.pk]), follow=True)
    assert again.status_code == 404


def test_a_file_with_one_bad_row_changes_nothing_and_names_the_row(client, editor, sheet):
    sheet[2][sheet[0].index("stars")] = "7"
    before = _state()
    html = _upload(client, _csv(sheet)).content.decode()
    errors = BeautifulSoup(html, "html.parser").select("#import-errors tbody tr")
    assert [[cell.text for cell in row.find_all("td")][:2] for row in errors] == [["3", "stars"]]
    assert 'name="submit_for_review"' not in html  # no confirm form
    record = ProductImport.objects.get()
    response = client.post(reverse("product_import:confirm", args=[record.pk]))
    assert 'id="import-errors"' in response.content.decode()
    assert _state() == before
    assert ProductImport.objects.get().imported_at is None


def test_a_vietnamese_editor_reads_the_errors_in_vietnamese(client, editor, sheet):
    """Needs the compiled Vietnamese catalogue (locale/vi/LC_MESSAGES/django.mo)."""
    _admin_language(editor, "vi")
    sheet[2][sheet[0].index("stars")] = "7"
    html = _upload(client, _csv(sheet)).content.decode()
    errors = BeautifulSoup(html, "html.parser").select("#import-errors tbody tr")
    assert [[cell.text for cell in row.find_all("td")] for row in errors] == [
        ["3", "stars", "hạng sao OCOP phải là 3, 4 hoặc 5, không phải '7'"]
    ]


def test_rows_of_another_province_are_refused(client, editor, sheet, fixture_rows):
    sheet[2][sheet[0].index("province")] = "Lâm Đồng"
    dragon_fruit = fixture_rows[3]  # T-003, a Lâm Đồng product
    sheet.append(dragon_fruit)
    before = _state()
    html = _upload(client, _csv(sheet)).content.decode()
    assert html.count("you may only import products of your own province") == 2
    assert "Lâm Đồng" in html
    assert _state() == before


def test_a_ref_used_by_another_province_is_refused(client, editor, sheet):
    sheet[1][sheet[0].index("ref")] = "T-003"
    html = _upload(client, _csv(sheet)).content.decode()
    assert "is already a product of Lâm Đồng" in html


def test_unreadable_and_wrong_files_get_a_clear_error(client, editor):
    html = _upload(client, SimpleUploadedFile("list.pdf", b"%PDF-1.4")).content.decode()
    assert "Use a .csv or .xlsx file." in html
    html = _upload(client, SimpleUploadedFile("broken.xlsx", b"not a zip")).content.decode()
    assert "broken.xlsx: not a readable .xlsx file" in html  # named as uploaded
    assert not ProductImport.objects.exists()


def test_template_lists_every_column_with_both_languages(client, editor):
    response = client.get(reverse("product_import:template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    products, guide = workbook.worksheets
    header = [cell.value for cell in products[1]]
    # Headed in Vietnamese for the civil servants who fill it in; the guide gives both names.
    assert [column for column, *_texts in COLUMN_GUIDE] == REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    assert header == [VIETNAMESE[column] for column, *_texts in COLUMN_GUIDE]
    assert "Tiếng Việt" in [cell.value for cell in guide[1]]
    rows = {row[1]: row for row in guide.iter_rows(min_row=2, values_only=True) if row[1]}
    assert all(rows[column][0] == VIETNAMESE[column] for column, *_texts in COLUMN_GUIDE)
    assert all(rows[column][3] and rows[column][4] for column, *_texts in COLUMN_GUIDE)
    assert products["A1"].comment is not None


def test_the_template_filled_in_imports_cleanly(client, editor):
    guide = {column: example for column, _vi, _en, example in COLUMN_GUIDE}
    guide["photos"] = ""  # photos need their zip: tests/test_import_vietnamese.py
    response = client.get(reverse("product_import:template"))
    workbook = load_workbook(io.BytesIO(response.content))
    workbook.worksheets[0].append([guide[column] for column in guide])
    buffer = io.BytesIO()
    workbook.save(buffer)
    html = _upload(client, SimpleUploadedFile("mau.xlsx", buffer.getvalue())).content.decode()
    assert 'id="import-errors"' not in html, html[html.find("import-errors") :][:2000]
    assert "Chè Tân Cương" in html


def test_people_without_a_province_cannot_import(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = _user(django_user_model, "visitor")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in (reverse("product_import:upload"), reverse("product_import:template")):
        assert client.get(url, follow=True).redirect_chain[-1][0] == reverse("wagtailadmin_home")


def test_a_reviewer_imports_and_publishes_at_once(client, django_user_model, reviewers, sheet):
    client.force_login(_user(django_user_model, "kd", reviewers))
    html = _upload(client, _csv(sheet)).content.decode()
    assert 'name="submit_for_review"' not in html
    client.post(reverse("product_import:confirm", args=[ProductImport.objects.get().pk]))
    created = ProductPage.objects.filter(import_ref__in=["TN-101", "TN-102"])
    assert created.count() == 4 and all(page.live for page in created)


def test_approval_publishes_the_imported_draft_in_both_languages(
    client, editor, django_user_model, reviewers, sheet
):
    _upload(client, _csv(sheet))
    client.post(
        reverse("product_import:confirm", args=[ProductImport.objects.get().pk]),
        {"submit_for_review": "1"},
    )
    page = ProductPage.objects.get(import_ref="TN-101", locale__language_code="vi")
    task_state = page.current_workflow_state.current_task_state
    client.force_login(_user(django_user_model, "kd", reviewers))
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    english = ProductPage.objects.get(import_ref="TN-101", locale__language_code="en")
    assert english.live and english.title == "Chè Tân Cương Đặc Biệt (en)"
    page.refresh_from_db()
    assert page.live


def test_an_update_stays_a_draft_until_approved(
    client, editor, django_user_model, reviewers, sheet
):
    tea = ProductPage.objects.get(import_ref="T-002", locale__language_code="vi")
    english = tea.get_translation(tea.get_translations().first().locale)
    header = sheet[0]
    row = sheet[1][:]
    row[header.index("ref")] = "T-002"
    row[header.index("name_vi")] = "Chè Tân Cương mới"
    row[header.index("name_en")] = "New Tan Cuong tea"
    _upload(client, _csv([header, row]))
    client.post(
        reverse("product_import:confirm", args=[ProductImport.objects.get().pk]),
        {"submit_for_review": "1"},
    )
    tea.refresh_from_db()
    english.refresh_from_db()
    assert tea.title == "Chè Tân Cương" and english.title == "Tan Cuong green tea"  # still live
    task_state = tea.current_workflow_state.current_task_state
    client.force_login(_user(django_user_model, "kd", reviewers))
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[tea.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    tea.refresh_from_db()
    english.refresh_from_db()
    assert (tea.title, english.title) == ("Chè Tân Cương mới", "New Tan Cuong tea")
