"""Importing a province's OCOP spreadsheet (CSV or XLSX) in the format of DESIGN.md.

Every row is read and validated before anything is written; one invalid row means nothing
is written and every error is reported with its row number (the header is row 1, as in a
spreadsheet). Messages are in the language active when the import runs (the editor's admin
language, or the command's --language). A row's `ref` is its identity: importing the same file again updates the
pages it made, and rows whose content has not changed are left alone.
"""

import csv
import datetime
import hashlib
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html import escape
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries
from wagtail.models import Locale

from products.models import Certification, Commodity, Producer, ProductCategory, ProductPage
from regions.models import ProvincePage
from search.text import fold
from showcase.db import refresh_planner_statistics
from showcase.translation import publish_translation

REQUIRED_COLUMNS = [
    "ref",
    "name_vi",
    "name_en",
    "province",
    "category",
    "stars",
    "producer",
    "producer_type",
    "description_vi",
    "description_en",
    "certifications",
    "capacity",
    "capacity_unit",
    "capacity_period",
    "harvest_months",
    "export_markets",
    "ocop_certificate_no",
    "ocop_certified_on",
]
OPTIONAL_COLUMNS = ["commodity", "min_order", "packaging", "shelf_life_days", "hs_code"]
REQUIRED_CELLS = [
    "ref",
    "name_vi",
    "name_en",
    "province",
    "category",
    "stars",
    "producer",
    "producer_type",
]

# Words a spreadsheet may use for a unit or a period, folded, in either language.
UNIT_ALIASES = {
    "kg": "kg",
    "kilogram": "kg",
    "t": "t",
    "tonne": "t",
    "tonnes": "t",
    "ton": "t",
    "tons": "t",
    "tan": "t",
    "l": "l",
    "litre": "l",
    "litres": "l",
    "liter": "l",
    "lit": "l",
    "piece": "piece",
    "pieces": "piece",
    "cai": "piece",
    "chiec": "piece",
    "san pham": "piece",
    "box": "box",
    "boxes": "box",
    "hop": "box",
    "bottle": "bottle",
    "bottles": "bottle",
    "chai": "bottle",
    "pack": "pack",
    "packs": "pack",
    "goi": "pack",
    "set": "set",
    "sets": "set",
    "bo": "set",
    "m": "m",
    "metre": "m",
    "metres": "m",
    "met": "m",
    "guest": "guest",
    "guests": "guest",
    "khach": "guest",
    "luot khach": "guest",
}
PERIOD_ALIASES = {"month": "month", "thang": "month", "year": "year", "nam": "year"}
PROVINCE_PREFIXES = ("tinh ", "thanh pho ", "tp ")
REF_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
HS_PATTERN = re.compile(r"^\d{4}(\.?\d{2}){0,3}$")
MONTHS_PATTERN = re.compile(r"^(\d{1,2})(?:\s*-\s*(\d{1,2}))?$")


class ImportFileError(Exception):
    """The file cannot be read as a product sheet at all."""


class RowWriteError(Exception):
    """A row passed the checks but the page could not be saved (rolls the import back)."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


def _messages(error):
    """A ValidationError's text (Django translates it) with the fields it names."""
    if hasattr(error, "message_dict"):
        return "; ".join(
            " ".join(texts) if field == NON_FIELD_ERRORS else f"{field}: {' '.join(texts)}"
            for field, texts in error.message_dict.items()
        )
    return " ".join(error.messages)


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        values = {"row": self.row, "column": self.column, "message": self.message}
        if self.column:
            return _("row %(row)d, column %(column)s: %(message)s") % values
        return _("row %(row)d: %(message)s") % values


@dataclass
class ProductRow:
    """One valid row, with names resolved to the objects they mean."""

    row: int
    ref: str
    name_vi: str
    name_en: str
    province: ProvincePage
    category: ProductCategory
    stars: int
    producer_name: str
    producer_type: str
    description_vi: list[str]
    description_en: list[str]
    certifications: list[Certification]
    capacity: Decimal | None
    capacity_unit: str
    capacity_period: str
    harvest_months: list[int]
    export_markets: list[str]
    ocop_certificate_no: str
    ocop_certified_on: datetime.date | None
    commodity: Commodity | None
    new_commodity_name: str
    min_order: str
    packaging: str
    shelf_life_days: int | None
    hs_code: str
    digest: str = ""


@dataclass
class Change:
    """What a valid row does, as the admin's preview lists it."""

    row: int
    ref: str
    name: str
    province: str
    action: str  # "create", "update" or "unchanged"


@dataclass
class ImportResult:
    rows: int = 0
    changes: list[Change] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self):
        return not self.errors


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
    rows = []
    for number, cells in table[1:]:
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
        rows.append(row)
    return header, rows


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
    from openpyxl import load_workbook

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


class Lookups:
    """Names as people write them, folded, mapped to the rows they mean (loaded once)."""

    def __init__(self, locale):
        self.provinces = {}
        for province in ProvincePage.objects.filter(locale=locale).prefetch_related("former_names"):
            names = [province.title, province.official_name, province.slug]
            names += province.former_province_names
            for name in names:
                self.provinces.setdefault(fold(name), province)
        others = Locale.objects.exclude(pk=locale.pk)
        keys = ProvincePage.objects.filter(locale__in=others).values_list("translation_key")
        self.translated_provinces = _translated_everywhere(others, keys)
        self.categories = _by_names(ProductCategory.objects.all())
        self.certifications = _by_names(Certification.objects.all())
        # For messages, in the language of the import: categories by name, certifications
        # by slug (as the import template writes them).
        self.category_names = "; ".join(
            category.name for category in ProductCategory.objects.order_by("sort_order", "pk")
        )
        self.certification_slugs = ", ".join(
            sorted({certification.slug for certification in self.certifications.values()})
        )
        self.commodities = _by_names(Commodity.objects.all())

    def province(self, name):
        key = fold(name)
        for prefix in PROVINCE_PREFIXES:
            if key.startswith(prefix):
                key = key.removeprefix(prefix)
        return self.provinces.get(key) or self.provinces.get(fold(key.replace(" ", "-")))


def _translated_everywhere(others, keys):
    """Translation keys of provinces that have a page in every other language."""
    counts = Counter(key for (key,) in keys)
    return {key for key, n in counts.items() if n == len(others)}


def _by_names(objects):
    found = {}
    for obj in objects:
        for name in (obj.slug, obj.name_vi, obj.name_en):
            found.setdefault(fold(name), obj)
    return found


class ProductImporter:
    """Reads, checks and writes a product sheet.

    `provinces`: the Vietnamese province pages the importing editor may write to (None:
    all of them); a row of any other province, or a `ref` already used by another
    province's product, is an error. `publish=False` saves new and changed products as
    drafts for the central review instead of publishing them.
    """

    def __init__(self, user=None, provinces=None, publish=True):
        self.user = user
        self.provinces = None if provinces is None else {province.pk for province in provinces}
        self.publish = publish
        self.source_locale = Locale.get_default()
        self.target_locales = list(Locale.objects.exclude(pk=self.source_locale.pk))

    # Validation -------------------------------------------------------------------------

    def validate(self, header, rows):
        errors = []
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            errors.append(
                RowError(
                    1,
                    "",
                    _("missing column(s): %(columns)s (add them as in the import template)")
                    % {"columns": ", ".join(missing)},
                )
            )
        known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
        unknown = [column for column in header if column and column not in known]
        repeated = sorted({column for column in header if column and header.count(column) > 1})
        if repeated:
            errors.append(
                RowError(
                    1,
                    "",
                    _("column(s) given twice: %(columns)s (keep only one of each)")
                    % {"columns": ", ".join(repeated)},
                )
            )
        if unknown:
            errors.append(
                RowError(
                    1,
                    "",
                    _(
                        "unknown column(s): %(columns)s "
                        "(check the spelling against the import template)"
                    )
                    % {"columns": ", ".join(unknown)},
                )
            )
        if errors:
            return [], errors

        lookups = Lookups(self.source_locale)
        owners = self._owners([row.cells.get("ref", "") for row in rows])
        valid, seen_refs = [], {}
        for row in rows:
            number, cells = row.number, row.cells
            row_errors = []
            product = self._validate_row(number, cells, lookups, row_errors)
            row_errors[:0] = [RowError(number, "", problem) for problem in row.stray]
            ref = cells.get("ref", "")
            if ref in seen_refs:
                row_errors.append(
                    RowError(
                        number,
                        "ref",
                        _("%(ref)r is already used on row %(row)d; give each product its own ref")
                        % {"ref": ref, "row": seen_refs[ref]},
                    )
                )
            seen_refs.setdefault(ref, number)
            if product and self.provinces is not None:
                row_errors += self._outside_provinces(product, owners.get(ref))
            errors += row_errors
            if product and not row_errors:
                valid.append(product)
        return valid, errors

    def _owners(self, refs):
        """{ref: the province page of the existing product with that ref}."""
        if self.provinces is None:
            return {}
        products = ProductPage.objects.filter(locale=self.source_locale, import_ref__in=refs)
        return {
            product.import_ref: product.province for product in products.select_related("province")
        }

    def _outside_provinces(self, product, owner):
        errors = []
        if product.province.pk not in self.provinces:
            errors.append(
                RowError(
                    product.row,
                    "province",
                    _(
                        "you may only import products of your own province, not %(province)s; "
                        "remove this row or ask that province's editors"
                    )
                    % {"province": product.province.title},
                )
            )
        if owner is not None and owner.pk not in self.provinces:
            errors.append(
                RowError(
                    product.row,
                    "ref",
                    _("%(ref)r is already a product of %(province)s; choose another ref")
                    % {"ref": product.ref, "province": owner.title},
                )
            )
        return errors

    def _validate_row(self, number, cells, lookups, errors):
        def fail(column, message, **values):
            errors.append(RowError(number, column, message % values if values else message))

        def too_long(column, limit):
            if len(cells.get(column, "")) > limit:
                fail(
                    column,
                    _("too long (%(length)d characters): shorten it to at most %(limit)d"),
                    length=len(cells[column]),
                    limit=limit,
                )

        for column, value in cells.items():
            if "\r" in value or ("\n" in value and not column.startswith("description")):
                fail(column, _("line breaks are only allowed in descriptions; put it on one line"))
        for column in REQUIRED_CELLS:
            if not cells.get(column):
                fail(column, _("this cell must not be empty"))
        if errors:
            return None

        ref = cells["ref"]
        if not REF_PATTERN.match(ref):
            fail(
                "ref",
                _(
                    "%(value)r is not a valid ref: use only letters, digits, '.', '_' or '-' "
                    "(at most 64 characters)"
                ),
                value=ref,
            )
        too_long("name_vi", 255)
        too_long("name_en", 255)

        province = lookups.province(cells["province"])
        if province is None:
            fail(
                "province",
                _("unknown province %(name)r (use a current or former province name, or its slug)"),
                name=cells["province"],
            )
        elif province.translation_key not in lookups.translated_provinces:
            fail(
                "province",
                _(
                    "%(province)s has no page in every language yet: "
                    "translate the province page first"
                ),
                province=province.title,
            )
        category = lookups.categories.get(fold(cells["category"]))
        if category is None:
            fail(
                "category",
                _("unknown category %(name)r; use one of: %(choices)s"),
                name=cells["category"],
                choices=lookups.category_names,
            )
        stars = _parse_int(cells["stars"])
        if stars not in (3, 4, 5):
            fail("stars", _("OCOP stars must be 3, 4 or 5, not %(value)r"), value=cells["stars"])
        too_long("producer", 255)
        if bool(cells.get("description_vi")) != bool(cells.get("description_en")):
            fail(
                "description_en" if cells.get("description_vi") else "description_vi",
                _("give the description in both languages, or in neither"),
            )
        producer_type = cells["producer_type"].strip().lower()
        if producer_type not in Producer.Type.values:
            fail(
                "producer_type",
                _("unknown producer type %(value)r; use one of: %(choices)s"),
                value=cells["producer_type"],
                choices=", ".join(Producer.Type.values),
            )

        certifications = []
        for name in _split_list(cells.get("certifications", "")):
            certification = lookups.certifications.get(fold(name))
            if certification is None:
                fail(
                    "certifications",
                    _("unknown certification %(name)r; use one of: %(choices)s"),
                    name=name,
                    choices=lookups.certification_slugs,
                )
            else:
                certifications.append(certification)

        capacity, unit, period = None, "", ""
        if cells.get("capacity"):
            try:
                capacity = Decimal(cells["capacity"].replace(" ", "").replace("_", ""))
                if not capacity.is_finite() or capacity < 0 or capacity >= 10**12:
                    raise InvalidOperation
                if capacity.as_tuple().exponent < -2:
                    fail(
                        "capacity",
                        _("%(value)r has more than 2 decimals; round it to 2"),
                        value=cells["capacity"],
                    )
            except InvalidOperation:
                fail(
                    "capacity",
                    _(
                        "%(value)r is not a plain number like 1200.5 (a point before the "
                        "decimals, no thousands separators)"
                    ),
                    value=cells["capacity"],
                )
            unit = UNIT_ALIASES.get(fold(cells.get("capacity_unit", "")), "")
            if not unit:
                fail(
                    "capacity_unit",
                    _("unknown unit %(value)r; use one of: %(choices)s")
                    if cells.get("capacity_unit")
                    else _("give the unit of the capacity, one of: %(choices)s"),
                    value=cells.get("capacity_unit", ""),
                    choices=", ".join(ProductPage.SupplyUnit.values),
                )
            period = PERIOD_ALIASES.get(fold(cells.get("capacity_period", "")), "")
            if not period:
                fail(
                    "capacity_period",
                    _("unknown period %(value)r; use month or year")
                    if cells.get("capacity_period")
                    else _("give the period of the capacity: month or year"),
                    value=cells.get("capacity_period", ""),
                )
        elif cells.get("capacity_unit") or cells.get("capacity_period"):
            fail(
                "capacity",
                _("give the capacity for this unit and period, or leave all three empty"),
            )

        try:
            harvest_months = parse_months(cells.get("harvest_months", ""))
        except ValueError as error:
            fail("harvest_months", str(error))
            harvest_months = []

        export_markets = []
        for code in _split_list(cells.get("export_markets", "")):
            code = code.upper()
            if len(code) != 2 or code not in countries:
                fail(
                    "export_markets",
                    _("%(value)r is not a two-letter country code (ISO 3166) like US or JP"),
                    value=code,
                )
            else:
                export_markets.append(code)

        certified_on = None
        if cells.get("ocop_certified_on"):
            try:
                certified_on = datetime.date.fromisoformat(cells["ocop_certified_on"])
            except ValueError:
                fail(
                    "ocop_certified_on",
                    _("%(value)r is not a date like 2025-03-31 (year-month-day)"),
                    value=cells["ocop_certified_on"],
                )
            else:
                if certified_on > timezone.localdate():
                    fail(
                        "ocop_certified_on",
                        _("%(date)s is in the future; give the date the certificate was issued"),
                        date=certified_on.isoformat(),
                    )
        too_long("ocop_certificate_no", 64)

        commodity, new_commodity_name = None, ""
        if cells.get("commodity"):
            commodity = lookups.commodities.get(fold(cells["commodity"]))
            if commodity is None:
                new_commodity_name = cells["commodity"][:255]

        shelf_life = None
        if cells.get("shelf_life_days"):
            shelf_life = _parse_int(cells["shelf_life_days"])
            if shelf_life is None or not 0 <= shelf_life <= 36500:
                fail(
                    "shelf_life_days",
                    _("%(value)r is not a whole number of days from 0 to 36500"),
                    value=cells["shelf_life_days"],
                )
        hs_code = cells.get("hs_code", "")
        if hs_code and not HS_PATTERN.match(hs_code):
            fail("hs_code", _("%(value)r is not an HS code like 0902.10"), value=hs_code)
        too_long("min_order", 100)
        too_long("packaging", 255)

        if errors:
            return None
        row = ProductRow(
            row=number,
            ref=ref,
            name_vi=cells["name_vi"],
            name_en=cells["name_en"],
            province=province,
            category=category,
            stars=stars,
            producer_name=cells["producer"][:255],
            producer_type=producer_type,
            description_vi=_paragraphs(cells.get("description_vi", "")),
            description_en=_paragraphs(cells.get("description_en", "")),
            certifications=certifications,
            capacity=capacity,
            capacity_unit=unit,
            capacity_period=period,
            harvest_months=harvest_months,
            export_markets=export_markets,
            ocop_certificate_no=cells.get("ocop_certificate_no", ""),
            ocop_certified_on=certified_on,
            commodity=commodity,
            new_commodity_name=new_commodity_name,
            min_order=cells.get("min_order", ""),
            packaging=cells.get("packaging", ""),
            shelf_life_days=shelf_life,
            hs_code=hs_code,
        )
        if len(row.description_vi) != len(row.description_en):
            row.description_vi = [" ".join(row.description_vi)] if row.description_vi else []
            row.description_en = [" ".join(row.description_en)] if row.description_en else []
        row.digest = hashlib.sha256(
            json.dumps(cells, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
        return row

    # Writing ----------------------------------------------------------------------------

    def run(self, path, dry_run=False, progress=None):
        """Validate the whole file, then (unless dry run or invalid) write it in one transaction."""
        header, rows = read_rows(Path(path))
        result = ImportResult(rows=len(rows), dry_run=dry_run)
        valid, result.errors = self.validate(header, rows)
        if result.errors:
            return result
        existing = {
            page.import_ref: page
            for page in ProductPage.objects.filter(
                locale=self.source_locale, import_ref__in=[row.ref for row in valid]
            )
        }

        def bucket(page, row):
            if page is None:
                found, action = result.created, "create"
            elif page.import_digest == row.digest:
                found, action = result.unchanged, "unchanged"
            else:
                found, action = result.updated, "update"
            result.changes.append(Change(row.row, row.ref, row.name_vi, row.province.title, action))
            return found

        if dry_run:
            for row in valid:
                bucket(existing.get(row.ref), row).append(row.ref)
            return result
        try:
            with transaction.atomic():
                for row in progress(valid) if progress else valid:
                    page = existing.get(row.ref)
                    found = bucket(page, row)
                    if found is not result.unchanged:
                        try:
                            self.write_row(row, page)
                        except ValidationError as error:
                            problem = RowError(row.row, "", _messages(error))
                            raise RowWriteError(problem) from error
                    found.append(row.ref)
        except RowWriteError as failure:  # the transaction is rolled back: nothing written
            result.errors = [failure.error]
            result.created, result.updated, result.unchanged, result.changes = [], [], [], []
            return result
        if result.created or result.updated:
            refresh_planner_statistics()
        return result

    def write_row(self, row, page=None):
        producer, _created = Producer.objects.update_or_create(
            name=row.producer_name,
            province=row.province,
            defaults={"producer_type": row.producer_type},
        )
        commodity = row.commodity or _create_commodity(row.new_commodity_name)
        is_new = page is None
        if not is_new and page.get_parent().pk != row.province.pk:
            _move_with_translations(page, row.province, self.user)
            page = ProductPage.objects.get(pk=page.pk)
        if is_new:
            page = ProductPage(
                import_ref=row.ref,
                locale=self.source_locale,
                slug=_free_slug(row.province, row.name_vi, row.ref),
            )
        page.title = row.name_vi
        page.ocop_stars = row.stars
        page.ocop_certificate_no = row.ocop_certificate_no
        page.ocop_certified_on = row.ocop_certified_on
        page.category = row.category
        page.commodity = commodity
        page.producer = producer
        page.supply_capacity = row.capacity
        page.supply_unit = row.capacity_unit
        page.supply_period = row.capacity_period
        page.harvest_months = row.harvest_months
        page.min_order = row.min_order
        page.packaging = row.packaging
        page.shelf_life_days = row.shelf_life_days
        page.hs_code = row.hs_code
        page.export_markets = row.export_markets
        page.description = _html(row.description_vi)
        page.import_digest = row.digest
        if is_new:
            page.live = self.publish
            row.province.add_child(instance=page)
        page.certifications.set(row.certifications)
        revision = page.save_revision(user=self.user, log_action=True)
        if self.publish:
            revision.publish(user=self.user)
        for locale in self.target_locales:
            translated_province = row.province.get_translation(locale)
            publish_translation(
                page,
                locale,
                {
                    "title": row.name_en,
                    "slug": _free_slug(translated_province, row.name_en, row.ref, page),
                    "description": row.description_en,
                },
                user=self.user,
                publish=self.publish,
            )
        return page


def _move_with_translations(page, province, user):
    """Move a product to another province, its translations under the province's too,
    taking a free slug where the new province already uses the product's."""
    moves = [(page, province)] + [
        (translation, province.get_translation(translation.locale))
        for translation in page.get_translations()
    ]
    for moving, target in moves:
        slug = _free_slug(target, moving.title, moving.specific.import_ref, moving)
        if slug != moving.slug:
            type(moving).objects.filter(pk=moving.pk).update(slug=slug)
            moving.slug = slug
        moving.move(target, pos="last-child", user=user)


def parse_months(text):
    """'5-7;12' → [5, 6, 7, 12]; a range may wrap the year end: '11-2' → [1, 2, 11, 12]."""
    months = set()
    for part in _split_list(text):
        match = MONTHS_PATTERN.match(part)
        if not match:
            raise ValueError(
                _("%(value)r is not a month or a range of months like 5-7") % {"value": part}
            )
        first, last = int(match[1]), int(match[2] or match[1])
        if not (1 <= first <= 12 and 1 <= last <= 12):
            raise ValueError(_("%(value)r: months go from 1 to 12") % {"value": part})
        month = first
        months.add(month)
        while month != last:
            month = month % 12 + 1
            months.add(month)
    return sorted(months)


def _split_list(text):
    return [part.strip() for part in re.split(r"[;,]", text or "") if part.strip()]


def _parse_int(text):
    try:
        return int(str(text).strip())
    except ValueError:
        return None


def _paragraphs(text):
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def _html(paragraphs):
    return "".join(f"<p>{escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)


def _free_slug(province, name, ref, page=None):
    """A readable slug not used by the product's siblings (the product's own ones excepted)."""
    base = slugify(fold(name))[:70] or slugify(ref)
    siblings = province.get_children()
    if page is not None:
        siblings = siblings.exclude(translation_key=page.translation_key)
    taken = set(siblings.values_list("slug", flat=True))
    return base if base not in taken else f"{base}-{slugify(ref)}"[:80]


def _create_commodity(name):
    if not name:
        return None
    slug = slugify(fold(name))[:50] or "commodity"
    commodity, _created = Commodity.objects.get_or_create(
        slug=slug, defaults={"name_vi": name, "name_en": name}
    )
    return commodity
