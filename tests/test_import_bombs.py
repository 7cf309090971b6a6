"""Spreadsheet bombs (issue 16, finding 6): a small file that unpacks or reads into far
more than a province's products is refused before it costs time or memory, with a message
in the editor's language that says what to do. The time and memory are measured by
bench/import_bomb.py; these tests check what is refused, where and how it is said."""

import io
import zipfile

import openpyxl.worksheet._reader
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook
from wagtail.users.models import UserProfile

from bench.import_bomb import write_bomb
from products.importing import reading
from products.importing.reading import MAX_ROWS, ImportFileError, read_rows
from products.importing.template import template_workbook
from products.models import ProductImport
from tests.test_admin_import import _upload, editor, reviewers  # noqa: F401 (fixtures)

BOMB_ROWS = 1_000_000


@pytest.fixture(scope="session")
def bomb(tmp_path_factory):
    """A million one-cell rows packed into about 150 KB (built once: ~0.3 s)."""
    return write_bomb(tmp_path_factory.mktemp("bombs") / "bomb.xlsx", BOMB_ROWS)


@pytest.fixture
def no_zip_check(monkeypatch):
    """Lift the check of the zip's parts, to reach what openpyxl would read."""
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 10**12)
    monkeypatch.setattr(reading, "MAX_PART_RATIO", 10**9)


@pytest.fixture
def rows_parsed(monkeypatch):
    """How many rows openpyxl has parsed from the sheet's XML so far."""
    parsed = [0]
    parse = openpyxl.worksheet._reader.WorkSheetParser.parse

    def counting(self):
        for row in parse(self):
            parsed[0] += 1
            yield row

    monkeypatch.setattr(openpyxl.worksheet._reader.WorkSheetParser, "parse", counting)
    return parsed


def refusal(path, language="en"):
    with translation.override(language), pytest.raises(ImportFileError) as refused:
        read_rows(path)
    return str(refused.value)


# The zip's parts are checked before openpyxl opens any of them


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(bomb, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("openpyxl opened the bomb")

    monkeypatch.setattr(reading, "load_workbook", never)
    message = refusal(bomb)
    assert message.startswith("bomb.xlsx: ")
    assert "xl/worksheets/sheet1.xml" in message
    assert f"more than the {reading.MAX_PART_RATIO} times" in message


def test_a_workbook_that_unpacks_too_large_is_refused(tmp_path, monkeypatch):
    path = write_bomb(tmp_path / "big.xlsx", 30_000, distinct=True)  # packs like a real sheet
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 1024 * 1024)
    message = refusal(path)
    assert message.startswith("big.xlsx: the workbook unpacks to 1.4 MB")
    assert "more than the 1 MB" in message


def test_a_file_that_is_not_a_zip_is_still_said_to_be_unreadable(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert refusal(path).startswith("broken.xlsx: not a readable .xlsx file")


# openpyxl_patch: a read-only sheet learns its size from the head of its XML


class CountingReader(io.RawIOBase):
    def __init__(self, stream):
        self.stream, self.bytes_read = stream, 0

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.stream.read(size)
        self.bytes_read += len(data)
        return data


def test_a_sheet_without_its_size_is_not_parsed_whole_to_look_for_it(bomb):
    with zipfile.ZipFile(bomb) as archive, archive.open("xl/worksheets/sheet1.xml") as sheet:
        source = CountingReader(sheet)
        assert openpyxl.worksheet._reader.WorkSheetParser(source, []).parse_dimensions() is None
    assert source.bytes_read < 1024 * 1024  # of 47 MB


def test_a_sheet_with_its_size_still_gives_it(tmp_path):
    workbook = Workbook()
    workbook.active.append(["ref", "name_vi"])
    workbook.active.append(["T-1", "Chè", "a note"])
    workbook.save(tmp_path / "sized.xlsx")
    opened = load_workbook(tmp_path / "sized.xlsx", read_only=True)
    assert opened.worksheets[0].calculate_dimension() == "A1:C2"
    opened.close()


# The row limit: reading stops at the first row past it


def test_reading_stops_at_the_first_row_past_the_limit(bomb, no_zip_check, rows_parsed):
    message = refusal(bomb)
    assert "more than 20,000 product rows" in message
    assert "at row 20,002" in message
    assert rows_parsed[0] <= MAX_ROWS + 2  # not a million


def test_a_real_sheet_one_row_too_long_is_refused(tmp_path):
    path = write_bomb(tmp_path / "long.xlsx", MAX_ROWS + 1, distinct=True)
    message = refusal(path)
    assert message.startswith("long.xlsx: more than 20,000 product rows")
    assert "at row 20,002" in message and "split" in message


def test_a_sheet_of_exactly_the_limit_is_read(tmp_path):
    path = write_bomb(tmp_path / "full.xlsx", MAX_ROWS, distinct=True)
    header, rows = read_rows(path)
    assert header == ["ref", "name_vi"] and len(rows) == MAX_ROWS
    assert rows[-1].number == MAX_ROWS + 1 and rows[-1].cells["ref"] == str(MAX_ROWS + 1)


def test_blank_rows_do_not_count(tmp_path, write_csv):
    rows = [["ref", "name_vi"]]
    for number in range(MAX_ROWS):
        rows += [[f"R-{number}", "x"], ["", ""]]
    header, read = read_rows(write_csv(rows))
    assert len(read) == MAX_ROWS and read[-1].number == 2 * MAX_ROWS


def test_a_csv_gets_the_same_row_limit(write_csv):
    path = write_csv([["ref", "name_vi"]] + [[f"R-{n}", "x"] for n in range(MAX_ROWS + 5)])
    message = refusal(path)
    assert message.startswith("sheet.csv: more than 20,000 product rows")
    assert "at row 20,002" in message


def test_the_limit_is_said_in_the_active_language(tmp_path):
    path = write_bomb(tmp_path / "long.xlsx", MAX_ROWS + 1, distinct=True)
    message = refusal(path, "vi")
    assert "20.000" in message and "20.002" in message  # as Vietnamese write numbers


def test_a_value_far_right_of_the_columns_is_refused(tmp_path):
    """openpyxl pads every row to the widest one: 16,384 columns would cost gigabytes."""
    workbook = Workbook()
    workbook.active.append(["ref", "name_vi"])
    workbook.active.cell(3, 16_384, "x")
    path = tmp_path / "wide.xlsx"
    workbook.save(path)
    message = refusal(path)
    assert message.startswith("wide.xlsx: row 3 has a value in column 16,384")
    assert f"at most {reading.MAX_COLUMNS} columns" in message


# Where editors meet it: the template, the admin, the command


def test_the_template_states_the_row_limit():
    guide = load_workbook(io.BytesIO(template_workbook())).worksheets[1]
    text = " ".join(str(cell) for row in guide.iter_rows(values_only=True) for cell in row)
    assert "20.000" in text and "20,000" in text


@pytest.mark.django_db
def test_the_admin_refuses_the_bomb_with_a_clear_error(client, editor, bomb):  # noqa: F811
    upload = SimpleUploadedFile("san-pham.xlsx", bomb.read_bytes())
    response = _upload(client, upload)
    html = response.content.decode()
    assert response.status_code == 200
    assert "san-pham.xlsx: the part xl/worksheets/sheet1.xml of the workbook" in html
    assert not ProductImport.objects.exists()


@pytest.mark.django_db
def test_the_admin_refuses_a_csv_past_the_limit(client, editor):  # noqa: F811
    lines = ["ref,name_vi"] + [f"R-{n},x" for n in range(MAX_ROWS + 1)]
    upload = SimpleUploadedFile("dai.csv", "\n".join(lines).encode(), "text/csv")
    html = _upload(client, upload).content.decode()
    assert "dai.csv: more than 20,000 product rows" in html
    assert "at row 20,002" in html
    assert not ProductImport.objects.exists()


@pytest.mark.django_db
def test_a_vietnamese_editor_reads_the_limit_as_vietnamese_write_it(client, editor):  # noqa: F811
    UserProfile.objects.filter(user=editor).update(preferred_language="vi")
    lines = ["ref,name_vi"] + [f"R-{n},x" for n in range(MAX_ROWS + 1)]
    upload = SimpleUploadedFile("dai.csv", "\n".join(lines).encode(), "text/csv")
    html = _upload(client, upload).content.decode()
    assert "20.000" in html and "20.002" in html and "20,000" not in html


@pytest.mark.django_db
def test_the_command_refuses_the_bomb(bomb):
    with pytest.raises(CommandError, match="bomb.xlsx: the part xl/worksheets/sheet1.xml"):
        call_command("import_products", str(bomb), "--dry-run")


def test_the_bomb_is_the_one_of_the_issue(bomb):
    with zipfile.ZipFile(bomb) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    assert bomb.stat().st_size < 320 * 1024 and unpacked > 40 * 1024 * 1024
