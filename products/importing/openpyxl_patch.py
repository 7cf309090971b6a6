"""A patch to openpyxl 3.1, applied by `reading`: a read-only worksheet reads only the head
of its XML for its size.

openpyxl learns a read-only worksheet's size from its <dimension> element while the
workbook opens (`ReadOnlyWorksheet._get_size` calls `WorkSheetParser.parse_dimensions`).
The schema puts that element before <sheetData>, but openpyxl stops looking only at the
*end* of <sheetData>, so a sheet without the element is parsed whole before the importer
reads one row: 18 s for the million-row bomb of issue 16, whatever the row limit. This
version stops where <sheetData> starts; a sheet with the element gets the same answer.
Not reported upstream as far as we know (openpyxl's tracker:
https://foss.heptapod.net/openpyxl/openpyxl/-/issues). tests/test_import_bombs.py checks
both cases.
"""

from openpyxl.worksheet import _reader
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.functions import iterparse


def parse_dimensions(self):
    """The worksheet's (min col, min row, max col, max row) from <dimension>, or None."""
    for event, element in iterparse(self.source, events=("start", "end")):
        if event == "start" and element.tag == _reader.DATA_TAG:
            return None  # the rows begin: there is no <dimension>
        if event == "end" and element.tag == _reader.DIMENSION_TAG:
            return SheetDimension.from_tree(element).boundaries
    return None


def apply():
    _reader.WorkSheetParser.parse_dimensions = parse_dimensions
