"""The inquiry list's spreadsheet export, as an editor opens it in Excel.

Wagtail's export writes what the fields hold: codes ("shortlist", "NL", "t"), times in UTC
with their microseconds, and a CSV without a byte order mark, which Excel on Windows reads
in the machine's code page (Vietnamese turns to "Thá»‹"). Here every cell is what the
inquiry's page shows, in the editor's admin language: labels, country names, times in
Vietnam's time zone (settings.TIME_ZONE) to the minute, written as Vietnamese or English
readers and their Excel expect. The XLSX keeps times, dates and quantities as typed cells
(Excel sorts and sums them); the CSV, for other programs, carries them as text.

Only the cells are made here; which inquiries, parts and products a user sees stays with
inquiries/viewsets.py.
"""

import datetime
from decimal import Decimal

from django.utils import formats, timezone, translation
from django.utils.dateformat import format as format_date
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.admin.widgets.button import Button, HeaderButton

# The UTF-8 byte order mark: how Excel knows a CSV is UTF-8.
BOM = "\ufeff"
# Spreadsheet programs run cells that start like a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# (datetime, date) as written in a CSV, and as Excel shows typed cells, per admin language:
# Vietnamese write the day first; English readers of many countries get ISO 8601, which no
# one misreads.
CSV_FORMATS = {"vi": ("d/m/Y H:i", "d/m/Y"), "en": ("Y-m-d H:i", "Y-m-d")}
EXCEL_FORMATS = {"vi": ("dd/mm/yyyy hh:mm", "dd/mm/yyyy"), "en": ("yyyy-mm-dd hh:mm", "yyyy-mm-dd")}


def _language():
    language = (translation.get_language() or "en")[:2]
    return language if language in CSV_FORMATS else "en"


def local_minute(value):
    """An aware datetime as the wall-clock time in Vietnam (settings.TIME_ZONE, whatever
    zone the admin shows its user), to the minute; naive, as Excel knows no time zones."""
    local = timezone.localtime(value, timezone.get_default_timezone())
    return local.replace(second=0, microsecond=0, tzinfo=None)


def plain_number(value):
    """A decimal as people write it: 2.50 as 2.5 and 2000.00 as 2000 (not 2E+3)."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral() else value


def exported(value):
    """A value of `to_row_dict` as both formats start from it."""
    if isinstance(value, datetime.datetime):
        return local_minute(value)
    if isinstance(value, Decimal):
        return plain_number(value)
    return value


def as_text(value):
    """A cell of the CSV, as the user's language writes it; None as an empty cell."""
    if value is None:
        return ""
    datetime_format, date_format = CSV_FORMATS[_language()]
    if isinstance(value, datetime.datetime):
        return format_date(value, datetime_format)
    if isinstance(value, datetime.date):
        return format_date(value, date_format)
    if isinstance(value, Decimal):
        return formats.number_format(value, use_l10n=True)
    text = force_str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def as_cell(worksheet, value):
    """A cell of the XLSX: times, dates and numbers typed and shown as the user's language
    writes them, text always as text (never a formula)."""
    from openpyxl.cell import WriteOnlyCell  # openpyxl loads only for a download

    datetime_format, date_format = EXCEL_FORMATS[_language()]
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(worksheet, value)
        cell.number_format = datetime_format
    elif isinstance(value, datetime.date):
        cell = WriteOnlyCell(worksheet, value)
        cell.number_format = date_format
    elif value is None or isinstance(value, (int, Decimal)):
        cell = WriteOnlyCell(worksheet, value)
    else:
        cell = WriteOnlyCell(worksheet, force_str(value))
        cell.data_type = "s"  # what openpyxl would take for a formula
    return cell


def with_bom(language, lines):
    """The CSV's lines in `language`, the first one after the byte order mark."""
    with translation.override(language):
        yield BOM.encode() + next(lines, b"")
        yield from lines


class ExcelExportMixin:
    """For a Wagtail index view with `list_export`: the CSV with a BOM and text cells, the
    XLSX with typed cells, both in the user's language (see the module's docstring).
    The view's `to_row_dict` gives the values, labels rather than codes; aware datetimes
    are written in Vietnam's time."""

    def stream_csv(self, queryset):
        # The CSV streams after the view has returned, when the user's admin language is no
        # longer active: its headings and labels would be in the site's language.
        return with_bom(translation.get_language(), super().stream_csv(queryset))

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {field: as_text(exported(value)) for field, value in row_dict.items()}
        )

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        return [as_cell(worksheet, exported(value)) for value in row_dict.values()]

    # Wagtail 8 puts both downloads in the header's "…" menu, where editors did not find
    # them: the Excel file gets a button of its own, the CSV stays in the menu.

    @cached_property
    def header_buttons(self):
        if not self.show_export_buttons:
            return super().header_buttons
        excel = HeaderButton(
            _("Download Excel file (XLSX)"), url=self.xlsx_export_url, icon_name="download"
        )
        return [*super().header_buttons, excel]

    @cached_property
    def header_more_buttons(self):
        downloads = {self.xlsx_export_url, self.csv_export_url}
        buttons = [button for button in super().header_more_buttons if button.url not in downloads]
        if self.show_export_buttons:
            buttons.append(
                Button(
                    _("Download CSV (UTF-8)"),
                    url=self.csv_export_url,
                    icon_name="download",
                    priority=100,
                )
            )
        return buttons
