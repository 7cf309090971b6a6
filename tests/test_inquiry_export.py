"""The inquiry list's export opens right in Excel (issue 19, A): a CSV in UTF-8 with a BOM,
an XLSX offered first, headings and values as words in the editor's language (not codes),
times in Vietnam's time zone to the minute, and still only what the editor may see."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.utils import translation
from wagtail.users.models import UserProfile

from inquiries.models import Inquiry
from tests.test_inquiries import admin_client, inquire, people  # noqa: F401 (people: a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]

BOM = b"\xef\xbb\xbf"
# 14:05:33.123456 in Hà Nội (UTC+7), 6 December 2026.
RECEIVED = datetime.datetime(2026, 12, 6, 7, 5, 33, 123456, tzinfo=datetime.UTC)


def in_english(user):
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    return user


def download(user, export_format, query=""):
    response = admin_client(user).get(f"/admin/inquiries/?export={export_format}{query}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_sheet(content):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def xlsx_rows(content):
    headings, *rows = xlsx_sheet(content).iter_rows(values_only=True)
    return [dict(zip(headings, row, strict=True)) for row in rows]


@pytest.fixture
def staff(people):  # noqa: F811
    """The editors of Thái Nguyên and Lâm Đồng and a central reviewer of
    tests/test_inquiries.py, reading the admin in Vietnamese (the site's language)."""
    return people


@pytest.fixture
def groen():
    """A shortlist from a Dutch buyer about Thái Nguyên's tea, received at 14:05 in Hà Nội."""
    inquiry = inquire(
        "T-002",
        company="Groen Import",
        country="NL",
        destination_country="DE",
        quantity="2.50",
        quantity_unit="t",
        incoterm="CIF",
        target_date=datetime.date(2027, 1, 15),
    )
    Inquiry.objects.filter(pk=inquiry.pk).update(created_at=RECEIVED)
    return inquiry


def test_the_csv_starts_with_a_bom_so_excel_reads_it_as_utf8(staff, groen):
    content = download(staff["thai_nguyen"], "csv")
    assert content.startswith(BOM)
    assert content.count(BOM) == 1  # once, not once per streamed line
    (row,) = csv_rows(content)
    assert row["Mã tham chiếu"] == groen.reference  # the first heading, without the BOM


def test_vietnamese_headings_and_values_are_words_not_codes(staff, groen):
    (row,) = csv_rows(download(staff["thai_nguyen"], "csv"))
    with translation.override("vi"):
        shortlist = str(Inquiry.Kind.SHORTLIST.label)
        headings = [str(Inquiry._meta.get_field(name).verbose_name) for name in ("kind", "status")]
    assert row["Trạng thái"] == "mới"
    assert row["Loại"] == shortlist != "shortlist"
    assert {"Loại", "Trạng thái"} == {heading.capitalize() for heading in headings}
    assert row["Tỉnh, thành phố"] == "Thái Nguyên"
    assert row["Quốc gia của người mua"] == "Hà Lan"  # not "NL"
    assert row["Quốc gia nhận hàng"] == "Đức"  # not "DE"
    assert row["Đơn vị tính"] == "tấn"  # not "t"
    assert row["Số lượng"] == "2,5"
    assert row["Mặt hàng"] == ""  # none given: an empty cell, not "None"
    assert not any(re.fullmatch(r"[a-z_]+", heading) for heading in row)  # no field names


def test_times_are_vietnams_to_the_minute(staff, groen):
    (row,) = csv_rows(download(staff["thai_nguyen"], "csv"))
    assert row["Ngày nhận"] == "06/12/2026 14:05"  # UTC 07:05, no seconds or microseconds
    assert row["Cần hàng trước ngày"] == "15/01/2027"

    (row,) = csv_rows(download(in_english(staff["reviewer"]), "csv"))
    assert row["Received"] == "2026-12-06 14:05"
    assert row["Needed by"] == "2027-01-15"
    assert row["Status"] == "new" and row["Kind"] == "about a shortlist"
    assert row["Buyer's country"] == "Netherlands"


def test_the_xlsx_opens_and_holds_the_same_rows(staff, groen):
    inquire("T-002", company='=HYPERLINK("http://evil")')
    editor = staff["thai_nguyen"]
    from_csv = csv_rows(download(editor, "csv"))
    from_xlsx = xlsx_rows(download(editor, "xlsx"))
    assert [list(row) for row in from_xlsx] == [list(row) for row in from_csv]  # headings
    assert len(from_xlsx) == len(from_csv) == 2
    for in_xlsx, in_csv in zip(from_xlsx, from_csv, strict=True):
        for heading, cell in in_xlsx.items():
            if heading in ("Ngày nhận", "Cần hàng trước ngày", "Số lượng"):
                continue  # typed cells, compared below
            assert in_csv[heading] in (cell or "", f"'{cell}"), heading
    row = {row["Mã tham chiếu"]: row for row in from_xlsx}[groen.reference]
    assert row["Ngày nhận"] == datetime.datetime(2026, 12, 6, 14, 5)  # Hà Nội's time, a date
    assert row["Cần hàng trước ngày"] == datetime.date(2027, 1, 15)
    assert row["Số lượng"] == 2.5
    sheet = xlsx_sheet(download(editor, "xlsx"))
    column = {cell.value: cell.column - 1 for cell in sheet[1]}
    (line,) = [line for line in sheet.iter_rows() if line[0].value == groen.reference]
    assert line[column["Ngày nhận"]].number_format == "dd/mm/yyyy hh:mm"
    assert line[column["Cần hàng trước ngày"]].number_format == "dd/mm/yyyy"


def test_formulas_stay_text(staff):
    inquire("T-002", company='=HYPERLINK("http://evil")', phone="+84 912 345 678")
    (row,) = csv_rows(download(staff["thai_nguyen"], "csv"))
    assert row["Công ty"] == '\'=HYPERLINK("http://evil")'
    (row,) = xlsx_rows(download(staff["thai_nguyen"], "xlsx"))
    assert row["Công ty"] == '=HYPERLINK("http://evil")'  # a text cell, never a formula
    sheet = xlsx_sheet(download(staff["thai_nguyen"], "xlsx"))
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_an_editor_exports_only_their_provinces_part(staff, groen, export_format):
    inquire("T-003", company="Fruit buyer")  # Lâm Đồng's alone
    both = inquire("T-002", "T-003", company="Mixed buyer")
    read = csv_rows if export_format == "csv" else xlsx_rows

    rows = read(download(staff["thai_nguyen"], export_format))
    assert {row["Công ty"] for row in rows} == {"Groen Import", "Mixed buyer"}
    mixed = {row["Công ty"]: row for row in rows}["Mixed buyer"]
    assert mixed["Tỉnh, thành phố"] == "Thái Nguyên"
    assert mixed["Sản phẩm"] == "Tan Cuong green tea"
    rows = read(download(staff["lam_dong"], export_format))
    assert {row["Công ty"] for row in rows} == {"Fruit buyer", "Mixed buyer"}
    rows = read(download(staff["reviewer"], export_format))
    assert {row["Mã tham chiếu"] for row in rows} >= {groen.reference, both.reference}


def test_the_list_offers_excel_first_in_its_header(staff, groen):
    html = admin_client(staff["thai_nguyen"]).get("/admin/inquiries/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    xlsx = header.index("?export=xlsx")
    assert header.index("?export=csv") > xlsx  # Excel's first
    # A button of its own in the header (not only in the "…" menu), in Vietnamese.
    button = re.search(r'<a [^>]*href="[^"]*\?export=xlsx"[^>]*>(.*?)</a>', header, re.S)
    assert "w-header-button" in button.group(0)
    with translation.override("vi"):
        assert "Tải về tệp Excel" in button.group(1)


def test_the_export_follows_the_list_filters(staff, groen):
    other = inquire("T-002", company="Answered buyer")
    other.set_status(Inquiry.Status.ANSWERED)
    html = admin_client(staff["thai_nguyen"]).get("/admin/inquiries/?status=new").content
    assert b"status=new&amp;export=xlsx" in html
    rows = csv_rows(download(staff["thai_nguyen"], "csv", "&status=new"))
    assert [row["Công ty"] for row in rows] == ["Groen Import"]
