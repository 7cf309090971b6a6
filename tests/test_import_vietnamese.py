"""An import template a civil servant fills without training (issue 19, item 4): Vietnamese
column headers, dates, numbers, star ratings, producer types and units as people in Vietnam
write them; packaging and minimum order in both languages; the producer's contacts; a zip of
photos uploaded with the sheet; and a preview that lists each field an update changes.
Every error names its row and column; a bad row changes nothing."""

import csv
import datetime
import io
import os
import zipfile
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook
from PIL import Image as PILImage
from wagtail.images.models import Image

from editorial.groups import sync_groups
from products.importing import ProductImporter
from products.importing.columns import Header, column_key
from products.importing.reading import SheetRow
from products.importing.template import COLUMN_GUIDE
from products.importing.values import (
    parse_date,
    parse_number,
    parse_stars,
    parse_whole_number,
    producer_type,
)
from products.models import Producer, ProductImport, ProductPage
from regions.models import EditorsTeam
from tests.test_admin_import import _admin_language
from tests.test_permissions import _province, _user

# The columns in the Vietnamese of the template, and a new Thái Nguyên tea written the way a
# provincial office writes it.
SHEET = {
    "Mã sản phẩm": "TN-VN-01",
    "Tên tiếng Việt": "Chè Tân Cương Thượng Hạng",
    "Tên tiếng Anh": "Tan Cuong premium green tea",
    "Tỉnh/thành phố": "Thái Nguyên",
    "Nhóm sản phẩm": "Đồ uống",
    "Hạng sao": "4 sao",
    "Chủ thể sản xuất": "HTX Chè Tân Cương Mới",
    "Loại chủ thể": "Hợp tác xã",
    "Mô tả tiếng Việt": "Chè búp sao tay.",
    "Mô tả tiếng Anh": "Hand-roasted tea buds.",
    "Chứng nhận": "vietgap",
    "Sản lượng": "1.200,5",
    "Đơn vị": "tấn",
    "Kỳ sản lượng": "năm",
    "Tháng thu hoạch": "3-10",
    "Thị trường xuất khẩu": "US;JP",
    "Số quyết định OCOP": "1234/QĐ-UBND",
    "Ngày công nhận": "15/03/2025",
    "Đơn hàng tối thiểu tiếng Việt": "Tối thiểu 1 tấn",
    "Đơn hàng tối thiểu tiếng Anh": "At least 1 tonne",
    "Quy cách đóng gói tiếng Việt": "Hộp thiếc 200 g",
    "Quy cách đóng gói tiếng Anh": "200 g tin",
    "Hạn sử dụng (ngày)": "1.095",
    "Người liên hệ": "Nguyễn Thị Hoa",
    "Điện thoại": "0208 3855 123",
    "Email": "lienhe@chetancuongmoi.example",
    "Trang web": "chetancuongmoi.example",
    "Ảnh": "che-1.jpg; Chè búp 2.PNG",
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewers():
    return sync_groups()[0]


@pytest.fixture
def reviewer(client, django_user_model, reviewers):
    """A central reviewer (imports publish at once) whose admin is in Vietnamese."""
    user = _admin_language(_user(django_user_model, "kd", reviewers), "vi")
    client.force_login(user)
    return user


@pytest.fixture
def editor(client, django_user_model, reviewers):
    """A Thái Nguyên editor (imports are drafts for the review), admin in English."""
    team = EditorsTeam.objects.get(province=_province("Thái Nguyên"))
    user = _admin_language(_user(django_user_model, "tn", team.group), "en")
    client.force_login(user)
    return user


def picture(colour=(30, 120, 60), kind="PNG", size=16):
    buffer = io.BytesIO()
    PILImage.new("RGB", (size, size), colour).save(buffer, kind)
    return buffer.getvalue()


def noise(size):
    """A PNG that does not compress: `size` × `size` random pixels."""
    buffer = io.BytesIO()
    PILImage.frombytes("RGB", (size, size), os.urandom(size * size * 3)).save(buffer, "PNG")
    return buffer.getvalue()


PHOTOS = {"anh/che-1.jpg": picture(kind="JPEG"), "anh/Chè búp 2.png": picture((200, 40, 40))}


def zipped(files, name="anh-san-pham.zip"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return SimpleUploadedFile(name, buffer.getvalue(), "application/zip")


def workbook(*rows, name="san-pham-thai-nguyen.xlsx"):
    """An .xlsx of `rows` ({header: cell}), the header being the first row's keys."""
    header = list(rows[0])
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append([row.get(column, "") for column in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, sheet, photos=None):
    data = {"file": sheet} | ({"photos": photos} if photos else {})
    return client.post(reverse("product_import:upload"), data)


def confirm(client, **data):
    record = ProductImport.objects.latest("uploaded_at")
    return client.post(reverse("product_import:confirm", args=[record.pk]), data)


def table(html, table_id):
    rows = BeautifulSoup(html, "html.parser").select(f"#{table_id} tbody tr")
    return [[cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in rows]


def field_lines(html):
    items = BeautifulSoup(html, "html.parser").select("#import-changes .import-fields li")
    return [item.get_text(" ", strip=True) for item in items]


def product(ref, language="vi"):
    return ProductPage.objects.get(import_ref=ref, locale__language_code=language)


# The whole sheet ---------------------------------------------------------------------------


def test_a_sheet_written_the_vietnamese_way_previews_and_imports_without_an_error(client, reviewer):
    second = SHEET | {
        "Mã sản phẩm": "TN-VN-02",
        "Tên tiếng Việt": "Chè Tân Cương Nõn Tôm",
        "Tên tiếng Anh": "Tan Cuong bud tea",
        "Hạng sao": "5★",
        "Sản lượng": "1.200",
        "Ngày công nhận": "05-01-2024",
        "Ảnh": "",
    }
    preview = upload(client, workbook(SHEET, second), zipped(PHOTOS)).content.decode()
    assert 'id="import-errors"' not in preview and 'id="import-warnings"' not in preview
    assert [row[4] for row in table(preview, "import-changes")] == ["tạo mới", "tạo mới"]
    confirm(client)

    tea, tea_en = product("TN-VN-01"), product("TN-VN-01", "en")
    assert (tea.ocop_stars, tea.ocop_certified_on) == (4, datetime.date(2025, 3, 15))
    assert tea.supply == {"amount": Decimal("1200.5"), "unit": "t", "period": "year"}
    assert tea.shelf_life_days == 1095
    assert product("TN-VN-02").supply_capacity == Decimal("1200")
    assert product("TN-VN-02").ocop_certified_on == datetime.date(2024, 1, 5)
    assert product("TN-VN-02").ocop_stars == 5
    assert (tea.min_order, tea.packaging) == ("Tối thiểu 1 tấn", "Hộp thiếc 200 g")
    assert (tea_en.min_order, tea_en.packaging) == ("At least 1 tonne", "200 g tin")
    producer = tea.producer
    assert producer.producer_type == Producer.Type.COOPERATIVE
    assert (producer.contact_person, producer.phone, producer.email, producer.website) == (
        "Nguyễn Thị Hoa", "0208 3855 123", "lienhe@chetancuongmoi.example",
        "https://chetancuongmoi.example",
    )  # fmt: skip

    gallery = [item.image for item in tea.gallery_images.order_by("sort_order")]
    assert [image.title for image in gallery] == [
        "Chè Tân Cương Thượng Hạng – che-1.jpg",
        "Chè Tân Cương Thượng Hạng – Chè búp 2.PNG",
    ]
    assert {image.collection for image in gallery} == {
        EditorsTeam.objects.get(province=_province("Thái Nguyên")).collection
    }
    assert [item.image for item in tea_en.gallery_images.order_by("sort_order")] == gallery

    vietnamese, english = (
        client.get(tea.url).content.decode(),
        client.get(tea_en.url).content.decode(),
    )
    assert "Tối thiểu 1 tấn" in vietnamese and "Hộp thiếc 200 g" in vietnamese
    assert "At least 1 tonne" in english and "200 g tin" in english
    assert "Tối thiểu 1 tấn" not in english and "Hộp thiếc" not in english
    assert english.count('class="gallery"') == 1 and english.count("<img") >= 2


def test_importing_the_same_sheet_and_photos_again_adds_nothing(client, reviewer):
    upload(client, workbook(SHEET), zipped(PHOTOS))
    confirm(client)
    images = Image.objects.count()
    html = upload(client, workbook(SHEET), zipped(PHOTOS)).content.decode()
    assert [row[4] for row in table(html, "import-changes")] == ["không đổi"]
    confirm(client)
    assert Image.objects.count() == images
    assert product("TN-VN-01").gallery_images.count() == 2


def test_an_update_in_vietnamese_lists_its_changes_under_the_sheets_headers(client, reviewer):
    upload(client, workbook(SHEET), zipped(PHOTOS))
    confirm(client)
    changed = SHEET | {"Hạng sao": "5 sao", "Sản lượng": "1.300", "Ngày công nhận": "15-03-2025"}
    html = upload(client, workbook(changed), zipped(PHOTOS)).content.decode()
    assert field_lines(html) == ["Hạng sao: 4 → 5", "Sản lượng: 1200.5 → 1300"]


def test_a_rolled_back_import_leaves_no_photo_file_behind(tmp_path, monkeypatch, settings):
    """The images' rows go with the transaction; their files are deleted with them."""
    sheet, photos = tmp_path / "san-pham.xlsx", tmp_path / "anh.zip"
    sheet.write_bytes(workbook(SHEET).read())
    photos.write_bytes(zipped(PHOTOS).read())
    media = tmp_path / "media"
    settings.MEDIA_ROOT = str(media)

    def failing(*args, **kwargs):
        raise ValidationError("the page could not be saved")

    monkeypatch.setattr("products.importing.write_product", failing)
    images = Image.objects.count()
    result = ProductImporter().run(sheet, photos=photos)
    assert [error.row for error in result.errors] == [2]
    assert Image.objects.count() == images
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_the_downloaded_template_filled_in_with_its_examples_and_photos_imports(client, editor):
    book = load_workbook(io.BytesIO(client.get(reverse("product_import:template")).content))
    book.worksheets[0].append([example for _column, _vi, _en, example in COLUMN_GUIDE])
    buffer = io.BytesIO()
    book.save(buffer)
    photos = {
        "che-tan-cuong-1.jpg": picture(kind="JPEG"),
        "che-tan-cuong-2.jpg": picture((90, 90, 20), kind="JPEG"),
    }
    html = upload(client, SimpleUploadedFile("mau.xlsx", buffer.getvalue()), zipped(photos))
    assert 'id="import-errors"' not in html.content.decode()
    confirm(client, submit_for_review="1")
    tea = product("TN-CHE-001")
    assert (tea.ocop_stars, tea.supply_capacity, tea.ocop_certified_on) == (
        5, Decimal("1200.5"), datetime.date(2025, 3, 15),
    )  # fmt: skip
    assert tea.get_latest_revision_as_object().gallery_images.count() == 2


# Headers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key"),
    [("Mã", "ref"), ("MÃ SẢN PHẨM", "ref"), ("ma san pham", "ref"), ("ref", "ref"),
     ("Tên tiếng Việt", "name_vi"), ("ten tieng viet", "name_vi"), ("Name VI", "name_vi"),
     ("Tỉnh / Thành phố", "province"), ("Hạng sao", "stars"), ("Loại chủ thể", "producer_type"),
     ("Ảnh", "photos"), ("packaging", "packaging_vi"), ("min_order", "min_order_vi"),
     ("Quy cách đóng gói (tiếng Anh)", "packaging_en"), ("Tên tiếng Pháp", "tên_tiếng_pháp")],
)  # fmt: skip
def test_headers_are_matched_in_either_language_without_regard_to_case_or_diacritics(written, key):
    assert column_key(written) == key


def test_a_column_given_in_both_languages_is_given_twice_and_named_as_written(
    write_csv, fixture_rows
):
    header, row = list(fixture_rows[0]), list(fixture_rows[1])
    header[header.index("stars")] = "Hạng sao"
    with translation.override("en"):
        result = ProductImporter().run(write_csv([[*header, "stars"], [*row, "5"]]))
        assert [str(e) for e in result.errors] == [
            "row 1: column(s) given twice: Hạng sao / stars (keep only one of each)"
        ]


def test_a_vietnamese_sheet_is_told_its_missing_columns_in_vietnamese(write_csv):
    with translation.override("en"):
        result = ProductImporter().run(write_csv([list(SHEET)[1:], list(SHEET.values())[1:]]))
        assert str(result.errors[0]) == (
            "row 1: missing column(s): Mã sản phẩm (add them as in the import template)"
        )
    assert Header(["Mã"]).label("ref") == "Mã" and Header(["ref"]).missing_name("stars") == "stars"


def test_errors_name_the_column_as_the_sheet_writes_it_in_the_editors_language(client, editor):
    _admin_language(editor, "vi")
    bad = SHEET | {"Mã sản phẩm": "TN-VN-02", "Hạng sao": "6 sao", "Ngày công nhận": "15/13/2025"}
    bad["Ảnh"] = ""
    html = upload(client, workbook(SHEET | {"Ảnh": ""}, bad)).content.decode()
    errors = table(html, "import-errors")
    assert [error[:2] for error in errors] == [["3", "Hạng sao"], ["3", "Ngày công nhận"]]
    assert errors[0][2] == "hạng sao OCOP phải là 3, 4 hoặc 5, không phải '6 sao'"
    assert "15/13/2025" in errors[1][2] and "ngày/tháng/năm" in errors[1][2]
    assert not ProductPage.objects.filter(import_ref="TN-VN-01").exists()  # row 2 neither


# Values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [("15/03/2025", "2025-03-15"), ("15-03-2025", "2025-03-15"), ("15.03.2025", "2025-03-15"),
     ("5/3/2025", "2025-03-05"), ("2025-03-15", "2025-03-15"), ("2025-03-15 00:00:00", "2025-03-15"),
     ("31/02/2025", None), ("03/15/2025", None), ("15/03/25", None), ("15/03-2025", None)],
)  # fmt: skip
def test_dates_are_read_day_first(text, day):
    assert parse_date(text) == (datetime.date.fromisoformat(day) if day else None)


@pytest.mark.parametrize(
    ("text", "number"),
    [("1.200,5", "1200.5"), ("1.200", "1200"), ("12.500.000", "12500000"), ("1200,5", "1200.5"),
     ("1200.5", "1200.5"), ("1,5", "1.5"), ("1.25", "1.25"), ("0.125", "0.125"),
     ("1 200", "1200"), ("1,200.5", "1200.5"), ("1,200,000", "1200000")],
)  # fmt: skip
def test_numbers_are_read_the_vietnamese_way_and_the_plain_way(text, number):
    assert parse_number(text) == Decimal(number)


@pytest.mark.parametrize("text", ["1,200", "-5", "1e3", "một nghìn", "1.2.3"])
def test_numbers_that_cannot_be_read_for_sure_are_refused(text):
    with translation.override("en"), pytest.raises(ValueError, match=repr(text)):
        parse_number(text)


def test_an_ambiguous_capacity_is_an_error_of_its_row_and_column(write_csv, fixture_rows):
    header, row = fixture_rows[0], list(fixture_rows[1])
    row[header.index("capacity")] = "1,200"
    with translation.override("en"):
        result = ProductImporter().run(write_csv([header, row]), dry_run=True)
        assert [str(e) for e in result.errors] == [
            "row 2, column capacity: '1,200' is ambiguous: in Vietnamese a comma comes before "
            "the decimals. Write 1200 or 1.200 for one thousand two hundred, 1,2 for one point two"
        ]


def test_a_number_cell_of_a_workbook_is_its_number_not_a_vietnamese_thousand(client, reviewer):
    """A number cell holding 1.25 or 1200.5 is that number; 1.234 (three decimals) is not
    read back as the text "1.234", which would be one thousand two hundred and thirty-four."""
    rows = [SHEET | {"Ảnh": "", "Sản lượng": 1200.5, "Hạng sao": 4.0}]
    rows.append(rows[0] | {"Mã sản phẩm": "TN-VN-02", "Sản lượng": 1.234})
    errors = table(upload(client, workbook(*rows)).content.decode(), "import-errors")
    assert [error[:2] for error in errors] == [["3", "Sản lượng"]]  # 1.234: 3 decimals


@pytest.mark.parametrize(
    ("text", "stars"),
    [("4", 4), ("4 sao", 4), ("4 Sao", 4), ("4★", 4), ("4 ★", 4), ("5 stars", 5), ("3*", 3),
     ("6", None), ("6 sao", None), ("bốn sao", None)],
)  # fmt: skip
def test_star_ratings(text, stars):
    assert parse_stars(text) == stars


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Hợp tác xã", "cooperative"), ("HTX", "cooperative"), ("hop tac xa", "cooperative"),
     ("Tổ hợp tác", "cooperative_group"), ("Doanh nghiệp", "enterprise"),
     ("Công ty", "enterprise"), ("Hộ kinh doanh", "household"), ("Hộ sản xuất", "household"),
     ("cooperative_group", "cooperative_group"), ("Enterprise", "enterprise"), ("farm", "")],
)  # fmt: skip
def test_producer_types_in_either_language(text, kind):
    assert producer_type(text) == kind


@pytest.mark.parametrize(
    ("unit", "period", "expected"),
    [("tấn", "năm", ("t", "year")), ("lít", "tháng", ("l", "month")), ("hộp", "tháng", ("box", "month")),
     ("chai", "năm", ("bottle", "year")), ("gói", "năm", ("pack", "year")),
     ("cái", "tháng", ("piece", "month")), ("kg", "mỗi năm", ("kg", "year"))],
)  # fmt: skip
def test_units_and_periods_in_vietnamese(write_csv, fixture_rows, unit, period, expected):
    header, row = fixture_rows[0], list(fixture_rows[1])
    row[header.index("capacity_unit")] = unit
    row[header.index("capacity_period")] = period
    row[header.index("shelf_life_days")] = "365 ngày"
    importer = ProductImporter()
    valid, errors = importer.validate(Header(header), [_sheet_row(header, row)])
    assert not errors and (valid[0].capacity_unit, valid[0].capacity_period) == expected
    assert valid[0].shelf_life_days == 365


def _sheet_row(header, row):
    return SheetRow(2, dict(zip(Header(header), row, strict=True)))


def test_whole_numbers_with_a_thousands_dot():
    assert (parse_whole_number("1.095"), parse_whole_number("1,5")) == (1095, None)


# Packaging and minimum order in both languages --------------------------------------------


def test_english_packaging_and_minimum_order_reach_the_english_page_after_the_review(
    client, editor, django_user_model, reviewers, fixture_rows
):
    tea_row = dict(zip(fixture_rows[0], fixture_rows[2], strict=True))  # T-002, Thái Nguyên
    english = product("T-002", "en")
    assert (english.min_order, english.packaging) == ("100 kg", "200 g tin")
    sheet = tea_row | {"min_order_vi": "Tối thiểu 2 tấn", "min_order_en": "2 tonnes minimum",
                       "packaging_en": "Gift tin, 200 g"}  # fmt: skip
    del sheet["min_order"]
    html = upload(client, workbook(sheet, name="t-002.xlsx")).content.decode()
    assert field_lines(html) == [
        "min_order_vi: 100 kg → Tối thiểu 2 tấn",
        "min_order_en: 100 kg → 2 tonnes minimum",
        "packaging_en: 200 g tin → Gift tin, 200 g",
    ]
    confirm(client, submit_for_review="1")
    english.refresh_from_db()
    assert english.min_order == "100 kg"  # live until a reviewer approves
    tea = product("T-002")
    client.force_login(_user(django_user_model, "kd", reviewers))
    task = tea.current_workflow_state.current_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[tea.pk, "approve", task.pk]),
        {"comment": ""},
    )
    english.refresh_from_db()
    tea.refresh_from_db()
    assert (tea.min_order, tea.packaging) == ("Tối thiểu 2 tấn", "200 g tin")
    assert (english.min_order, english.packaging) == ("2 tonnes minimum", "Gift tin, 200 g")


# The preview's old → new lines ------------------------------------------------------------


def test_the_preview_lists_old_and_new_of_each_changed_field_of_every_updated_row(
    client, editor, fixture_rows
):
    header, rows = (
        fixture_rows[0],
        [dict(zip(fixture_rows[0], r, strict=True)) for r in fixture_rows[1:]],
    )
    squash, tea = rows[0], rows[1]  # T-001 (former Bắc Kạn) and T-002, both Thái Nguyên's
    squash |= {"stars": "4 sao", "capacity": "40.000", "ocop_certified_on": "01/06/2024"}
    tea |= {"capacity": "30", "capacity_unit": "tấn", "capacity_period": "năm", "stars": "5 sao"}
    sheet = [header] + [[row[column] for column in header] for row in (squash, tea)]
    html = upload(client, _csv(sheet)).content.decode()
    assert 'id="import-errors"' not in html, table(html, "import-errors")
    changes = table(html, "import-changes")
    assert [change[1] for change in changes] == ["T-001", "T-002"]
    assert field_lines(html) == ["stars: 3 → 4", "capacity: 40 → 40000"]
    # T-002 is written another way, to the same values: the preview says so.
    assert "only the way the sheet writes them has changed" in changes[1][4]


def _csv(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile("san-pham.csv", buffer.getvalue().encode(), "text/csv")


def test_the_preview_lists_the_photos_an_update_adds(client, editor, fixture_rows):
    tea_row = dict(zip(fixture_rows[0], fixture_rows[2], strict=True))
    html = upload(
        client, workbook(tea_row | {"photos": "che-1.jpg"}), zipped(PHOTOS)
    ).content.decode()
    assert field_lines(html) == ["photos: adds che-1.jpg to the gallery"]
    live_gallery = product("T-002").gallery_images.count()
    confirm(client, submit_for_review="1")
    tea = product("T-002")
    assert tea.gallery_images.count() == live_gallery  # the live page waits for the review
    assert tea.get_latest_revision_as_object().gallery_images.count() == live_gallery + 1


# Producer contacts ------------------------------------------------------------------------


def test_contacts_are_checked_row_by_row(client, editor):
    bad = SHEET | {"Mã sản phẩm": "TN-VN-02", "Chủ thể sản xuất": "HTX Khác", "Email": "lienhe@",
                   "Trang web": "http://", "Điện thoại": "gọi ông Hùng", "Ảnh": ""}  # fmt: skip
    html = upload(client, workbook(SHEET | {"Ảnh": ""}, bad)).content.decode()
    assert [error[:2] for error in table(html, "import-errors")] == [
        ["3", "Điện thoại"], ["3", "Email"], ["3", "Trang web"],
    ]  # fmt: skip
    assert not Producer.objects.filter(name__in=["HTX Chè Tân Cương Mới", "HTX Khác"]).exists()


def test_one_producer_has_the_same_contacts_on_every_row(client, editor):
    second = SHEET | {"Mã sản phẩm": "TN-VN-02", "Điện thoại": "0912 345 678", "Ảnh": ""}
    errors = table(
        upload(client, workbook(SHEET | {"Ảnh": ""}, second)).content.decode(), "import-errors"
    )
    assert [error[:2] for error in errors] == [["3", "Điện thoại"]]
    assert "'HTX Chè Tân Cương Mới' has '0208 3855 123' on row 2" in errors[0][2]


def test_an_editors_import_leaves_an_existing_producers_contacts_and_says_so(
    client, editor, fixture_rows
):
    """The tea cooperative's contacts show on its live products: an editor's sheet does not
    change them (a new producer of the same sheet gets its own)."""
    producer = Producer.objects.get(name="HTX Chè Tân Hương")
    before = (producer.phone, producer.email)
    tea_row = dict(zip(fixture_rows[0], fixture_rows[2], strict=True))
    sheet = tea_row | {"producer_phone": "0999 999 999", "producer_email": "moi@example.org"}
    html = upload(client, workbook(sheet)).content.decode()
    assert 'id="import-errors"' not in html
    warnings = table(html, "import-warnings")
    assert [warning[:2] for warning in warnings] == [
        ["2", "producer_phone"],
        ["2", "producer_email"],
    ]
    assert "central reviewer" in warnings[0][2]
    confirm(client, submit_for_review="1")
    producer.refresh_from_db()
    assert (producer.phone, producer.email) == before


def test_a_reviewers_import_updates_a_producers_contacts_and_the_preview_shows_it(
    client, reviewer, fixture_rows
):
    _admin_language(reviewer, "en")
    tea_row = dict(zip(fixture_rows[0], fixture_rows[2], strict=True))
    sheet = tea_row | {"producer_phone": "0208 3855 999"}
    html = upload(client, workbook(sheet)).content.decode()
    old = Producer.objects.get(name="HTX Chè Tân Hương").phone
    assert field_lines(html) == [f"producer_phone: {old or '—'} → 0208 3855 999"]
    confirm(client)
    assert Producer.objects.get(name="HTX Chè Tân Hương").phone == "0208 3855 999"


# The zip of photos ------------------------------------------------------------------------


def photo_errors(client, files, cell="che-1.jpg", **zip_options):
    html = upload(client, workbook(SHEET | {"Ảnh": cell}), zipped(files, **zip_options))
    return table(html.content.decode(), "import-errors")


def test_a_photo_missing_from_the_zip_is_named(client, editor):
    errors = photo_errors(client, {"che-1.jpg": picture(kind="JPEG")}, "che-1.jpg; che-9.jpg")
    assert errors == [["2", "Ảnh", "'che-9.jpg' is not in the zip of photos anh-san-pham.zip"]]
    assert not ProductPage.objects.filter(import_ref="TN-VN-01").exists()


def test_a_file_that_is_not_an_image_is_refused_as_an_image_upload_is(client, editor):
    errors = photo_errors(client, {"che-1.jpg": b"%PDF-1.4 not a picture"})
    assert [error[:2] for error in errors] == [["2", "Ảnh"]]
    assert errors[0][2].startswith("che-1.jpg: Upload a valid image")


def test_a_photo_of_another_format_than_its_name_is_refused(client, editor):
    errors = photo_errors(client, {"che-1.jpg": picture(kind="PNG")})
    assert "The extension does not match the file format" in errors[0][2]


def test_a_photo_over_the_image_size_limit_is_refused(client, editor, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10_000
    errors = photo_errors(client, {"che-1.png": noise(100)}, "che-1.png")
    assert [error[:2] for error in errors] == [["2", "Ảnh"]]
    assert "This file is too big" in errors[0][2]


def test_no_zip_for_a_new_product_with_photos_is_an_error(client, editor):
    errors = table(upload(client, workbook(SHEET)).content.decode(), "import-errors")
    assert errors == [[
        "2", "Ảnh",
        "che-1.jpg; Chè búp 2.PNG: upload the zip of these photos with the sheet, or leave the "
        "cell empty",
    ]]  # fmt: skip


def text(html):
    return BeautifulSoup(html, "html.parser").get_text(" ")


@pytest.mark.parametrize(
    ("files", "message"),
    [({"../../etc/che-1.jpg": b"x"}, "anh-san-pham.zip: the name '../../etc/che-1.jpg' points outside the archive"),
     ({"/tmp/che-1.jpg": b"x"}, "points outside the archive"),
     ({"C:\\anh\\che-1.jpg": b"x"}, "points outside the archive"),
     ({"bom.png": bytes(3 * 1024 * 1024)}, "times its packed size"),
     ({f"anh-{n}.jpg": b"x" for n in range(6)}, "it holds 6 files, more than the 5 of one import")],
)  # fmt: skip
def test_a_zip_that_could_cost_more_than_photos_is_refused_whole(
    client, editor, monkeypatch, files, message
):
    monkeypatch.setattr("products.importing.photos.MAX_FILES", 5)
    html = upload(client, workbook(SHEET | {"Ảnh": "che-1.jpg"}), zipped(files)).content.decode()
    assert message in text(html)
    assert 'id="import-changes"' not in html and not ProductImport.objects.exists()


def test_a_zip_unpacking_past_the_limit_is_refused(client, editor, monkeypatch):
    monkeypatch.setattr("products.importing.photos.MAX_UNPACKED_BYTES", 1000)
    html = upload(client, workbook(SHEET), zipped({"che-1.png": noise(40)})).content.decode()
    assert "anh-san-pham.zip: it unpacks to" in text(html) and "more than the 1000" in text(html)


def test_the_upload_form_refuses_what_is_not_a_zip(client, editor):
    not_zip = SimpleUploadedFile("anh.zip", b"not a zip at all")
    html = upload(client, workbook(SHEET), not_zip).content.decode()
    assert "anh.zip: not a readable .zip file" in text(html)
    html = upload(client, workbook(SHEET), SimpleUploadedFile("anh.rar", b"x")).content.decode()
    assert "Put the photos in one .zip file." in text(html)


def test_the_command_takes_the_zip_of_photos_too(tmp_path):
    from django.core.management import call_command

    sheet = tmp_path / "san-pham.xlsx"
    sheet.write_bytes(workbook(SHEET).read())
    photos = tmp_path / "anh.zip"
    photos.write_bytes(zipped(PHOTOS).read())
    call_command("import_products", str(sheet), photos=str(photos), verbosity=0)
    assert product(SHEET["Mã sản phẩm"]).gallery_images.count() == 2


@pytest.mark.parametrize(
    ("written", "days"),
    [("365 ngày", 365), ("365 Ngày", 365), ("365 days", 365), ("1.095", 1095), ("90", 90),
     ("3-5 ngày", None), ("10.5", None), ("7,5", None), ("-30", None), ("0.5 ngày", None)],
)  # fmt: skip
def test_shelf_life_is_a_whole_number_of_days_or_the_row_is_refused(fixture_rows, written, days):
    # Found in review: the cell was folded before it was read, so "3-5 ngày" became 35 days.
    header, row = fixture_rows[0], list(fixture_rows[1])
    row[header.index("shelf_life_days")] = written
    valid, errors = ProductImporter().validate(Header(header), [_sheet_row(header, row)])
    if days is None:
        assert [error.column for error in errors] == ["shelf_life_days"]
    else:
        assert not errors and valid[0].shelf_life_days == days


# Found in review ---------------------------------------------------------------------------


def corrupt_lzma_zip(name, size=2000):
    """A zip whose one member, compressed with LZMA, has garbled data (LZMAError on read)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_LZMA) as archive:
        archive.writestr(name, os.urandom(size))
    data = bytearray(buffer.getvalue())
    member = zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()[0]
    start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
    for index in range(start + 4, start + 30):
        data[index] ^= 0xFF
    return SimpleUploadedFile("anh-san-pham.zip", bytes(data), "application/zip")


def test_a_photo_the_zip_cannot_unpack_is_a_row_error_not_a_crash(client, editor):
    response = upload(client, workbook(SHEET | {"Ảnh": "che-1.jpg"}), corrupt_lzma_zip("che-1.jpg"))
    assert response.status_code == 200
    errors = table(response.content.decode(), "import-errors")
    assert [error[:2] for error in errors] == [["2", "Ảnh"]]


def test_names_written_with_backslashes_by_windows_zip_tools_are_found(client, editor):
    errors = photo_errors(client, {"Ảnh\\che-1.jpg": picture(kind="JPEG")}, "che-1.jpg")
    assert errors == []


def test_a_photo_named_many_times_is_unpacked_and_checked_once(tmp_path, monkeypatch):
    from products.importing import photos

    path = tmp_path / "anh.zip"
    path.write_bytes(zipped({"che-1.jpg": picture(kind="JPEG")}).read())
    calls = []
    checked = photos._checked_image
    monkeypatch.setattr(photos, "_checked_image", lambda *a: calls.append(1) or checked(*a))
    archive = photos.PhotoArchive(path)
    try:
        found = [archive.photo("che-1.jpg")[0] for _time in range(50)]
    finally:
        archive.close()
    assert len(calls) == 1 and all(photo.sha1 == found[0].sha1 for photo in found)
