"""Reading a sheet file (CSV or XLSX) into its header and numbered rows of text.

Everything after this module sees only text cells keyed by column key (`columns`: English
or Vietnamese headers), whatever program saved the file; the errors raised here are the ones that make a file unreadable as a whole
(wrong type, not UTF-8, a quote left open, a damaged workbook, too large), each saying how
to fix it.

Size is bounded before it costs anything (issue 16: a 320 KB workbook of a million rows
took 60 s and 930 MB). An .xlsx is a zip: its parts' unpacked sizes are checked before
openpyxl opens any of them; openpyxl then streams the sheet (read-only mode, without
first parsing it whole for its size: `openpyxl_patch`) and reading stops at the first row
past MAX_ROWS, in a CSV as in a workbook. bench/import_bomb.py measures the refusal.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from products.importing import openpyxl_patch
from products.importing.columns import NUMBER_COLUMNS, Header
from products.importing.values import AMBIGUOUS_COMMA

openpyxl_patch.apply()  # read-only worksheets read their size from the head of the sheet

MAX_ROWS = 20_000  # product rows in one file, blank rows not counted (on the template too)
MAX_COLUMNS = 100  # the template has 23; openpyxl would pad every row to the widest one
# The demo's products repeated to 20,000 rows unpack to 40 MB (8 MB packed: more than the
# admin's 5 MB upload); openpyxl reads ~3.5 MB a second, and reads the shared-string table
# whole, so no file may cost more than the longest real sheet. Real parts pack 3 to 25 to
# 1; the bomb of issue 16 packs 340 to 1. 100 to 1 is also Apache POI's limit
# (ZipSecureFile). Parts under RATIO_FROM_BYTES are too small to matter.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PART_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024


class ImportFileError(Exception):
    """The file cannot be read as a product sheet at all."""


@dataclass
class SheetRow:
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: dict[str, str]
    stray: list[str] = field(default_factory=list)  # values outside the named columns


def read_rows(path: Path) -> tuple[Header, list[SheetRow]]:
    """The sheet's header (column keys, with the cells as written) and its non-blank rows,
    with their numbers."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table = _read_csv(path)
    elif suffix == ".xlsx":
        table = _read_xlsx(path)
    else:
        raise ImportFileError(_("%(file)s: use a .csv or .xlsx file.") % {"file": path.name})
    if not table:
        raise ImportFileError(
            _("%(file)s: the file is empty; fill in the import template and upload it again.")
            % {"file": path.name}
        )
    header = Header(_cell_text(cell) for cell in table[0][1])
    return header, [_sheet_row(header, number, cells) for number, cells in table[1:]]


def _sheet_row(header, number, cells):
    row = SheetRow(number, {})
    for index, cell in enumerate(cells):
        name = header[index] if index < len(header) else ""
        value = _cell_text(cell, decimal_comma=name in NUMBER_COLUMNS).strip()
        if name:
            row.cells[name] = value
        elif value:
            row.stray.append(
                _(
                    "a value in column %(number)d, which has no header: %(value)r "
                    "(give the column a header or delete the value)"
                )
                % {"number": index + 1, "value": value[:40]}
            )
    for name in header:
        row.cells.setdefault(name, "")
    return row


def _read_csv(path):
    """(row number, cells) for every non-blank record; a quote left open is an error."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "%(file)s: not UTF-8 text (unreadable byte at position %(position)d); "
                "save the sheet as 'CSV UTF-8' and upload it again"
            )
            % {"file": path.name, "position": error.start}
        ) from error
    except OSError as error:
        raise ImportFileError(_cannot_open(path, error)) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    records = (_row(path, number, cells) for number, cells in enumerate(reader, start=1))
    try:
        return list(_within_limit(path, records))
    except csv.Error as error:
        raise ImportFileError(
            _(
                "%(file)s: cannot read the file near line %(line)d (%(error)s); "
                'check for a quotation mark (") that is opened and never closed'
            )
            % {"file": path.name, "line": reader.line_num, "error": error}
        ) from error


def _read_xlsx(path):
    _check_parts(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        raise ImportFileError(_cannot_open(path, error)) from error
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise ImportFileError(_unreadable(path, error)) from error
    try:
        sheet = workbook.worksheets[0]
        # The rows that are there: a declared size (<dimension>) would pad every row to
        # its width, up to 16,384 cells, or cut off the rows past its height.
        sheet.reset_dimensions()
        values = sheet.iter_rows(values_only=True)
        records = (_row(path, number, cells) for number, cells in enumerate(values, start=1))
        return list(_within_limit(path, records))
    finally:
        workbook.close()


def _check_parts(path):
    """Refuse a workbook whose parts would unpack to more than a product sheet needs,
    from the sizes its zip directory declares (zipfile never unpacks past them)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except OSError as error:
        raise ImportFileError(_cannot_open(path, error)) from error
    except Exception as error:  # BadZipFile and the like
        raise ImportFileError(_unreadable(path, error)) from error
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            _(
                "%(file)s: the workbook unpacks to %(size)s MB, more than the %(limit)s MB "
                "a product sheet may take; delete other sheets and pictures, or split the "
                "products into several files"
            )
            % {
                "file": path.name,
                "size": number_format(unpacked / 2**20, 1, force_grouping=True),
                "limit": number_format(MAX_UNPACKED_BYTES // 2**20, force_grouping=True),
            }
        )
    for part in parts:
        if part.file_size > RATIO_FROM_BYTES and part.file_size > MAX_PART_RATIO * max(
            part.compress_size, 1
        ):
            raise ImportFileError(
                _(
                    "%(file)s: the part %(part)s of the workbook unpacks to %(ratio)s times "
                    "its packed size, more than the %(limit)s times of a real spreadsheet, "
                    "and is refused as a possible zip bomb. If it is your own sheet, save "
                    "it again as .xlsx or .csv and upload that"
                )
                % {
                    "file": path.name,
                    "part": part.filename[:80],
                    "ratio": number_format(
                        part.file_size // max(part.compress_size, 1), force_grouping=True
                    ),
                    "limit": number_format(MAX_PART_RATIO, force_grouping=True),
                }
            )


def _row(path, number, values):
    """(number, cell values) of a sheet row, trailing blank cells left out; a value past
    MAX_COLUMNS refuses the file."""
    width = len(values)
    while width and values[width - 1] in (None, ""):
        width -= 1
    if width > MAX_COLUMNS:
        raise ImportFileError(
            _(
                "%(file)s: row %(row)s has a value in column %(column)s; a product sheet has "
                "at most %(limit)s columns. Delete what is right of the template's columns "
                "and upload the file again"
            )
            % {
                "file": path.name,
                "row": number_format(number, force_grouping=True),
                "column": number_format(width, force_grouping=True),
                "limit": MAX_COLUMNS,
            }
        )
    return number, list(values[:width])


def _within_limit(path, records):
    """The non-blank (number, cells) of `records`, the header first; reading stops, and
    the file is refused, at the first product row past MAX_ROWS."""
    count = 0
    for number, cells in records:
        if not cells:
            continue
        if count > MAX_ROWS:  # the header and MAX_ROWS products are already in
            raise ImportFileError(
                _(
                    "%(file)s: more than %(limit)s product rows (the limit is passed at row "
                    "%(row)s); split the file into files of at most %(limit)s rows and "
                    "import them one after another"
                )
                % {
                    "file": path.name,
                    "limit": number_format(MAX_ROWS, force_grouping=True),
                    "row": number_format(number, force_grouping=True),
                }
            )
        count += 1
        yield number, cells


def _unreadable(path, error):
    return _(
        "%(file)s: not a readable .xlsx file (%(error)s); open it in a spreadsheet "
        "program and save it again as .xlsx"
    ) % {"file": path.name, "error": error}


def _cannot_open(path, error):
    return _("%(file)s: the file cannot be opened (%(error)s); check its name and location") % {
        "file": path.name,
        "error": error.strerror or error,
    }


def _cell_text(value, decimal_comma=False):
    """A cell as text: a date cell as an ISO date, a whole number without ".0", and a
    fraction in a number column with a decimal comma (see columns.NUMBER_COLUMNS)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float) and decimal_comma:
        text = repr(value).replace(".", ",")
        # 1.234 would read "1,234": ambiguous (values.AMBIGUOUS_COMMA). Its fourth decimal
        # keeps it a number of three decimals, which no number column takes.
        return f"{text}0" if AMBIGUOUS_COMMA.match(text) else text
    return str(value)
