"""Reading a sheet file (CSV or XLSX) into its header and numbered rows of text.

Everything after this module sees only text cells keyed by column name, whatever program
saved the file; the errors raised here are the ones that make a file unreadable as a whole
(wrong type, not UTF-8, a quote left open, a damaged workbook), each saying how to fix it.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import load_workbook


class ImportFileError(Exception):
    """The file cannot be read as a product sheet at all."""


@dataclass
class SheetRow:
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: dict[str, str]
    stray: list[str] = field(default_factory=list)  # values outside the named columns


def read_rows(path: Path) -> tuple[list[str], list[SheetRow]]:
    """The sheet's header (normalised names) and its non-blank rows, with their numbers."""
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
    header = [(cell or "").strip().lower().replace(" ", "_") for cell in table[0][1]]
    return header, [_sheet_row(header, number, cells) for number, cells in table[1:]]


def _sheet_row(header, number, cells):
    row = SheetRow(number, {})
    for index, value in enumerate(cells):
        value = (value or "").strip()
        name = header[index] if index < len(header) else ""
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
    try:
        records = list(reader)
    except csv.Error as error:
        raise ImportFileError(
            _(
                "%(file)s: cannot read the file near line %(line)d (%(error)s); "
                'check for a quotation mark (") that is opened and never closed'
            )
            % {"file": path.name, "line": reader.line_num, "error": error}
        ) from error
    return [(number, row) for number, row in enumerate(records, start=1) if any(row)]


def _read_xlsx(path):
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        raise ImportFileError(_cannot_open(path, error)) from error
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise ImportFileError(
            _(
                "%(file)s: not a readable .xlsx file (%(error)s); open it in a spreadsheet "
                "program and save it again as .xlsx"
            )
            % {"file": path.name, "error": error}
        ) from error
    table = []
    for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
        if any(value not in (None, "") for value in values):
            table.append((number, [_cell_text(value) for value in values]))
    workbook.close()
    return table


def _cannot_open(path, error):
    return _("%(file)s: the file cannot be opened (%(error)s); check its name and location") % {
        "file": path.name,
        "error": error.strerror or error,
    }


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
