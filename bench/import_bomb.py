"""Spreadsheet bombs against the product import: time and peak memory of their refusal.

    .venv/bin/python bench/import_bomb.py [--rows 1000000] [--unguarded]

Writes two .xlsx files straight into a zip and reads each in a fresh process, as the admin
import and `import_products` do (`products.importing.reading.read_rows`):

- the row bomb of issue 16: a header and N one-cell rows (a million pack into ~150 KB),
  1. guarded: the file as uploaded; the zip check refuses it before openpyxl opens it;
  2. row limit: the zip check lifted, so openpyxl streams the sheet to the row limit;
  3. unguarded (only with --unguarded; slow): every limit lifted, the reading of old;
- the strings bomb: the largest shared-string table the zip check lets through (openpyxl
  reads that table whole before any row), packed under the admin's 5 MB: the worst a
  file can still cost, to set beside the longest real sheet (20,000 rows of the demo's
  products, 40 MB unpacked: ~14 s to read on the 2-core test machine).

Prints each case's outcome, wall time and peak RSS (and its growth over the process after
Django's setup). Not part of `make test`; tests/test_import_bombs.py builds its bombs with
`write_bomb` below and checks the behaviour, not the time.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{RELATIONSHIPS}"><Relationship Id="rId1" '
        f'Type="{DOCUMENT}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN}" xmlns:r="{DOCUMENT}"><sheets>'
        '<sheet name="Products" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{RELATIONSHIPS}"><Relationship Id="rId1" '
        f'Type="{DOCUMENT}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def write_bomb(path, rows, header=("ref", "name_vi"), distinct=False):
    """An .xlsx of `header` and `rows` one-cell rows, written straight into the zip.

    The same cell on every row packs about 200 to 1 (a million rows in ~300 KB);
    `distinct=True` puts each row's number in its cell instead, which packs like a real
    sheet (~10 to 1)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'.encode())
            for column, name in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", header, strict=False):
                cell = f'<c r="{column}1" t="inlineStr"><is><t>{name}</t></is></c>'
                sheet.write(cell.encode())
            sheet.write(b"</row>")
            for start in range(2, rows + 2, 10_000):
                numbers = range(start, min(start + 10_000, rows + 2))
                if distinct:
                    chunk = (f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in numbers)
                else:
                    # No row or cell reference: every row is the same bytes.
                    chunk = ('<row><c t="inlineStr"><is><t>X</t></is></c></row>' for n in numbers)
                sheet.write("".join(chunk).encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


def write_strings_bomb(path, unpacked_bytes):
    """An .xlsx whose shared-string table unpacks to about `unpacked_bytes` (~25 to 1),
    with one row using its first string."""
    parts = dict(PARTS)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        "</Relationships>",
        f'<Relationship Id="rId2" Type="{DOCUMENT}/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>',
    )
    parts["xl/worksheets/sheet1.xml"] = (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
        "</row></sheetData></worksheet>"
    )
    padding = "OCOP " * 8
    strings = unpacked_bytes // len(f"<si><t>{padding}1000000</t></si>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as table:
            table.write(f'<sst xmlns="{MAIN}">'.encode())
            for start in range(0, strings, 10_000):
                numbers = range(start, min(start + 10_000, strings))
                table.write("".join(f"<si><t>{padding}{n}</t></si>" for n in numbers).encode())
            table.write(b"</sst>")
    return path


CASES = {
    "guarded": {},
    "row limit": {"MAX_UNPACKED_BYTES": 10**12, "MAX_PART_RATIO": 10**9},
    "unguarded": {"MAX_UNPACKED_BYTES": 10**12, "MAX_PART_RATIO": 10**9, "MAX_ROWS": 10**9},
}


def child(path, case):
    """Read `path` as the import does, with `case`'s limits lifted; one line of JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showcase.settings.test")
    import django

    django.setup()
    # After Django's setup: the importer's modules need the app registry.
    from django.utils import translation

    from products.importing import reading

    translation.activate("en")

    for name, value in CASES[case].items():
        setattr(reading, name, value)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        header, rows = reading.read_rows(Path(path))
        outcome = f"read {len(rows):,} rows"
    except reading.ImportFileError as error:
        outcome = f"refused: {error}"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"outcome": outcome, "seconds": seconds, "peak": peak, "before": before}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--unguarded", action="store_true", help="also the reading of old")
    parser.add_argument("--child", nargs=2, metavar=("PATH", "CASE"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        return child(*arguments.child)

    cases = list(CASES) if arguments.unguarded else ["guarded", "row limit"]
    with tempfile.TemporaryDirectory() as folder:
        rows = write_bomb(Path(folder) / "bomb.xlsx", arguments.rows)
        describe(f"row bomb: {arguments.rows:,} rows", rows)
        for case in cases:
            measure(rows, case)
        # Just under the zip check's limit (reading.MAX_UNPACKED_BYTES, 50 MB).
        strings = write_strings_bomb(Path(folder) / "strings.xlsx", 49 * 1024 * 1024)
        describe("strings bomb", strings)
        measure(strings, "guarded")


def describe(name, path):
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    print(
        f"{name}, {path.stat().st_size / 1024:,.0f} KB packed, {unpacked / 2**20:,.1f} MB unpacked"
    )


def measure(path, case):
    command = [sys.executable, __file__, "--child", str(path), case]
    line = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = json.loads(line.strip().splitlines()[-1])
    growth = (figures["peak"] - figures["before"]) / 1024
    print(
        f"  {case:>10}: {figures['seconds']:6.2f} s, peak RSS {figures['peak'] / 1024:4.0f} MB "
        f"(+{growth:.0f} MB over Django's setup): {figures['outcome'][:150]}"
    )


if __name__ == "__main__":
    main()
