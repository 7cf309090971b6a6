"""Checking a sheet: its columns, then each row, one group of columns at a time.

A row's checks collect every error they find instead of stopping at the first, so an
editor fixes a sheet in one pass. The groups in `ROW_CHECKS` run in the order the import
has always reported errors in (a row with two errors lists them in that order), which is
why a few groups hold columns that are not neighbours in the sheet.
"""

import hashlib
import json
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from products.importing.columns import KEYS
from products.importing.results import ProductRow, RowError
from products.importing.terms import check_terms
from products.importing.values import (
    parse_date,
    parse_number,
    parse_stars,
    parse_whole_number,
    producer_type,
)
from products.models import Producer, ProductPage
from showcase.text import fold

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
OPTIONAL_COLUMNS = [key for key in KEYS if key not in REQUIRED_COLUMNS]
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
    "kilogam": "kg",
    "kilo": "kg",
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
PERIOD_ALIASES = {
    "month": "month",
    "per month": "month",
    "monthly": "month",
    "thang": "month",
    "moi thang": "month",
    "hang thang": "month",
    "year": "year",
    "per year": "year",
    "yearly": "year",
    "nam": "year",
    "moi nam": "year",
    "hang nam": "year",
}
REF_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
HS_PATTERN = re.compile(r"^\d{4}(\.?\d{2}){0,3}$")
# "365 ngày", "365 days": the unit is taken off the cell as written (folding it first would
# turn "3-5" or "10.5" into 35 and 105).
DAYS = re.compile(r"\s*(ngày|ngay|days?)\s*$", re.IGNORECASE)
PHONE_DIGITS = 6  # the shortest Vietnamese number (a hotline: 1900 xxxx) has more
MONTHS_PATTERN = re.compile(r"^(\d{1,2})(?:\s*-\s*(\d{1,2}))?$")


# The header --------------------------------------------------------------------------------


def header_errors(header):
    """Missing, repeated and unknown columns (reported on row 1, the header), each named as
    the sheet writes it (`columns.Header`): a missing one in the language of the sheet's
    headers."""
    errors = []
    missing = [header.missing_name(column) for column in REQUIRED_COLUMNS if column not in header]
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
    unknown = [
        written for written, column in zip(header.written, header, strict=True)
        if column and column not in known
    ]  # fmt: skip
    repeated = sorted({column for column in header if column and header.count(column) > 1})
    if repeated:
        errors.append(
            RowError(
                1,
                "",
                _("column(s) given twice: %(columns)s (keep only one of each)")
                % {"columns": ", ".join(" / ".join(header.spellings(c)) for c in repeated)},
            )
        )
    if unknown:
        errors.append(
            RowError(
                1,
                "",
                _("unknown column(s): %(columns)s (check the spelling against the import template)")
                % {"columns": ", ".join(unknown)},
            )
        )
    return errors


# A row -------------------------------------------------------------------------------------


class RowCheck:
    """One row's cells and the errors its checks have found so far."""

    def __init__(self, number, cells):
        self.number = number
        self.cells = cells
        self.errors = []

    def fail(self, column, message, **values):
        self.errors.append(RowError(self.number, column, message % values if values else message))

    def too_long(self, column, limit):
        if len(self.cells.get(column, "")) > limit:
            self.fail(
                column,
                _("too long (%(length)d characters): shorten it to at most %(limit)d"),
                length=len(self.cells[column]),
                limit=limit,
            )


def check_row(row, lookups):
    """(the row as a `ProductRow`, or None if it has errors; its errors), the values
    outside the named columns first."""
    check = RowCheck(row.number, row.cells)
    product = _checked_product(check, lookups)
    return product, [RowError(row.number, "", problem) for problem in row.stray] + check.errors


def _checked_product(check, lookups):
    _check_layout(check)
    if check.errors:
        return None
    fields = {}
    for group in ROW_CHECKS:
        fields.update(group(check, lookups))
    if check.errors:
        return None
    return ProductRow(row=check.number, digest=_digest(check.cells), **fields)


def _check_layout(check):
    """Line breaks outside descriptions and empty required cells: the other checks
    only run on a row without them."""
    for column, value in check.cells.items():
        if "\r" in value or ("\n" in value and column not in MULTILINE):
            check.fail(
                column, _("line breaks are only allowed in descriptions; put it on one line")
            )
    for column in REQUIRED_CELLS:
        if not check.cells.get(column):
            check.fail(column, _("this cell must not be empty"))


# Cells that may hold several lines: paragraphs, one specification a line.
MULTILINE = {"description_vi", "description_en", "specifications", "specifications_en"}


def _digest(cells):
    """A fingerprint of the row's cells: a row whose page has the same one is left alone."""
    return hashlib.sha256(
        json.dumps(cells, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


# Each group takes the row's check and the import's lookups and returns the `ProductRow`
# fields it has read; its errors go to the check.


def _identity(check, lookups):
    """The ref (the row's identity from one import to the next) and the product's names."""
    cells = check.cells
    ref = cells["ref"]
    if not REF_PATTERN.match(ref):
        check.fail(
            "ref",
            _(
                "%(value)r is not a valid ref: use only letters, digits, '.', '_' or '-' "
                "(at most 64 characters)"
            ),
            value=ref,
        )
    check.too_long("name_vi", 255)
    check.too_long("name_en", 255)
    return {"ref": ref, "name_vi": cells["name_vi"], "name_en": cells["name_en"]}


def _province(check, lookups):
    province = lookups.province(check.cells["province"])
    if province is None:
        check.fail(
            "province",
            _("unknown province %(name)r (use a current or former province name, or its slug)"),
            name=check.cells["province"],
        )
    elif province.translation_key not in lookups.translated_provinces:
        check.fail(
            "province",
            _("%(province)s has no page in every language yet: translate the province page first"),
            province=province.title,
        )
    return {"province": province}


def _classification(check, lookups):
    """What the product is: its OCOP product group (category), commodity and star rating.
    A commodity the hub does not know yet is created when the row is written."""
    cells = check.cells
    category = lookups.categories.get(fold(cells["category"]))
    if category is None:
        check.fail(
            "category",
            _("unknown category %(name)r; use one of: %(choices)s"),
            name=cells["category"],
            choices=lookups.category_names,
        )
    stars = parse_stars(cells["stars"])
    if stars is None:
        check.fail("stars", _("OCOP stars must be 3, 4 or 5, not %(value)r"), value=cells["stars"])
    commodity, new_commodity_name = None, ""
    if cells.get("commodity"):
        commodity = lookups.commodities.get(fold(cells["commodity"]))
        if commodity is None:
            new_commodity_name = cells["commodity"][:255]
    return {
        "category": category,
        "stars": stars,
        "commodity": commodity,
        "new_commodity_name": new_commodity_name,
    }


def _producer(check, lookups):
    """The producer's name and type; the descriptions are checked in between, where the
    import has always reported them."""
    cells = check.cells
    check.too_long("producer", 255)
    descriptions = _descriptions(check)
    kind = producer_type(cells["producer_type"])
    if not kind:
        check.fail(
            "producer_type",
            _("unknown producer type %(value)r; use one of: %(choices)s"),
            value=cells["producer_type"],
            choices=PRODUCER_TYPE_CHOICES,
        )
    return {"producer_name": cells["producer"][:255], "producer_type": kind} | descriptions


# The keys, then the Vietnamese names the sheet may also write (values.PRODUCER_TYPES).
PRODUCER_TYPE_CHOICES = ", ".join(Producer.Type.values) + " (Hợp tác xã, Tổ hợp tác, Doanh nghiệp, Hộ kinh doanh)"  # fmt: skip


def _descriptions(check):
    """Both descriptions as paragraphs, or neither; when the two languages have different
    numbers of paragraphs, each becomes one paragraph, so translations line up."""
    cells = check.cells
    if bool(cells.get("description_vi")) != bool(cells.get("description_en")):
        check.fail(
            "description_en" if cells.get("description_vi") else "description_vi",
            _("give the description in both languages, or in neither"),
        )
    vi = _paragraphs(cells.get("description_vi", ""))
    en = _paragraphs(cells.get("description_en", ""))
    if len(vi) != len(en):
        vi = [" ".join(vi)] if vi else []
        en = [" ".join(en)] if en else []
    return {"description_vi": vi, "description_en": en}


def _certifications(check, lookups):
    certifications = []
    for name in _split_list(check.cells.get("certifications", "")):
        certification = lookups.certifications.get(fold(name))
        if certification is None:
            check.fail(
                "certifications",
                _("unknown certification %(name)r; use one of: %(choices)s"),
                name=name,
                choices=lookups.certification_slugs,
            )
        else:
            certifications.append(certification)
    return {"certifications": certifications}


def _supply(check, lookups):
    """What a buyer plans with: how much, in which months, and where it already sells."""
    capacity, unit, period = _capacity(check)
    try:
        harvest_months = parse_months(check.cells.get("harvest_months", ""))
    except ValueError as error:
        check.fail("harvest_months", str(error))
        harvest_months = []
    export_markets = []
    for code in _split_list(check.cells.get("export_markets", "")):
        code = code.upper()
        if len(code) != 2 or code not in countries:
            check.fail(
                "export_markets",
                _("%(value)r is not a two-letter country code (ISO 3166) like US or JP"),
                value=code,
            )
        else:
            export_markets.append(code)
    return {
        "capacity": capacity,
        "capacity_unit": unit,
        "capacity_period": period,
        "harvest_months": harvest_months,
        "export_markets": export_markets,
    }


def _capacity(check):
    """(amount, unit, period): all three given, or none."""
    cells = check.cells
    if not cells.get("capacity"):
        if cells.get("capacity_unit") or cells.get("capacity_period"):
            check.fail(
                "capacity",
                _("give the capacity for this unit and period, or leave all three empty"),
            )
        return None, "", ""
    capacity = _capacity_amount(check)
    unit = UNIT_ALIASES.get(fold(cells.get("capacity_unit", "")), "")
    if not unit:
        check.fail(
            "capacity_unit",
            _("unknown unit %(value)r; use one of: %(choices)s")
            if cells.get("capacity_unit")
            else _("give the unit of the capacity, one of: %(choices)s"),
            value=cells.get("capacity_unit", ""),
            choices=", ".join(ProductPage.SupplyUnit.values),
        )
    period = PERIOD_ALIASES.get(fold(cells.get("capacity_period", "")), "")
    if not period:
        check.fail(
            "capacity_period",
            _("unknown period %(value)r; use month or year")
            if cells.get("capacity_period")
            else _("give the period of the capacity: month or year"),
            value=cells.get("capacity_period", ""),
        )
    return capacity, unit, period


def _capacity_amount(check):
    text = check.cells["capacity"]
    try:
        capacity = parse_number(text)
    except ValueError as error:
        check.fail("capacity", str(error))
        return None
    if capacity >= 10**12:
        check.fail("capacity", _("%(value)r is too large for a capacity"), value=text)
    elif capacity.as_tuple().exponent < -2:
        check.fail("capacity", _("%(value)r has more than 2 decimals; round it to 2"), value=text)
    return capacity


def _certificate(check, lookups):
    """The OCOP certificate: the day it was issued (not in the future) and its number."""
    certified_on = None
    text = check.cells.get("ocop_certified_on")
    if text:
        certified_on = parse_date(text)
        if certified_on is None:
            check.fail(
                "ocop_certified_on",
                _("%(value)r is not a date like 15/03/2025 (day/month/year) or 2025-03-15"),
                value=text,
            )
        elif certified_on > timezone.localdate():
            check.fail(
                "ocop_certified_on",
                _("%(date)s is in the future; give the date the certificate was issued"),
                date=certified_on.strftime("%d/%m/%Y"),
            )
    check.too_long("ocop_certificate_no", 64)
    return {
        "ocop_certified_on": certified_on,
        "ocop_certificate_no": check.cells.get("ocop_certificate_no", ""),
    }


def _trade(check, lookups):
    """The optional terms a buyer asks about: shelf life, HS code, minimum order and
    packaging (in each language; an empty English cell leaves the English as it is)."""
    cells = check.cells
    shelf_life = None
    if cells.get("shelf_life_days"):
        written = unicodedata.normalize("NFC", cells["shelf_life_days"]).strip()
        shelf_life = parse_whole_number(DAYS.sub("", written))
        if shelf_life is None or not 0 <= shelf_life <= 36500:
            check.fail(
                "shelf_life_days",
                _("%(value)r is not a whole number of days from 0 to 36500"),
                value=cells["shelf_life_days"],
            )
    hs_code = cells.get("hs_code", "")
    if hs_code and not HS_PATTERN.match(hs_code):
        check.fail("hs_code", _("%(value)r is not an HS code like 0902.10"), value=hs_code)
    for column, limit in (("min_order_vi", 100), ("min_order_en", 100), ("packaging_vi", 255),
                          ("packaging_en", 255)):  # fmt: skip
        check.too_long(column, limit)
    return {
        "shelf_life_days": shelf_life,
        "hs_code": hs_code,
        "min_order": cells.get("min_order_vi", ""),
        "min_order_en": cells.get("min_order_en", ""),
        "packaging": cells.get("packaging_vi", ""),
        "packaging_en": cells.get("packaging_en", ""),
    }


def _contacts(check, lookups):
    """How a buyer reaches the producer: {Producer field: value} of the cells given. An
    address without a scheme ("htx.vn") is read as https."""
    contacts = {}
    for column, limit in CONTACT_COLUMNS.items():
        value = " ".join(check.cells.get(column, "").split())
        check.too_long(column, limit)
        if value and len(value) <= limit:
            contacts[column.removeprefix("producer_")] = value
    phone = contacts.get("phone", "")
    if phone and sum(character.isdigit() for character in phone) < PHONE_DIGITS:
        check.fail(
            "producer_phone", _("%(value)r is not a phone number like 0208 3855 123"), value=phone
        )
    email = contacts.get("email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            check.fail("producer_email", _("%(value)r is not an e-mail address"), value=email)
    website = contacts.get("website")
    if website:
        if "://" not in website:
            contacts["website"] = website = f"https://{website}"
        try:
            URLValidator(schemes=["http", "https"])(website)
            if len(website) > CONTACT_COLUMNS["producer_website"]:
                raise ValidationError("too long")
        except ValidationError:
            check.fail(
                "producer_website",
                _("%(value)r is not a web address like https://htx-example.vn"),
                value=check.cells["producer_website"],
            )
    return {"producer_contacts": contacts}


def contact_conflicts(product, seen):
    """Errors for a valid row giving its producer another contact than an earlier row of
    the same producer did. `seen`: {(producer, province pk): {field: (row, value)}}, which
    the rows fill in turn."""
    first = seen.setdefault((product.producer_name, product.province.pk), {})
    errors = []
    for name, value in product.producer_contacts.items():
        row, other = first.setdefault(name, (product.row, value))
        if other != value:
            message = _(
                "the producer %(producer)r has %(other)r on row %(row)d: give a producer the "
                "same contacts on every row, or on one row only"
            )
            values = {"producer": product.producer_name, "other": other, "row": row}
            errors.append(RowError(product.row, f"producer_{name}", message % values))
    return errors


# The contact columns and the length of their Producer fields.
CONTACT_COLUMNS = {"producer_contact_person": 255, "producer_phone": 40, "producer_email": 254,
                   "producer_website": 200, "producer_address": 255}  # fmt: skip


def _terms(check, lookups):
    """The commercial terms (products/importing/terms.py)."""
    return check_terms(check, UNIT_ALIASES)


ROW_CHECKS = (
    _identity,
    _province,
    _classification,
    _producer,
    _certifications,
    _supply,
    _certificate,
    _trade,
    _contacts,
    _terms,
)


# Cell values ---------------------------------------------------------------------------


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


def _paragraphs(text):
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text or "") if part.strip()]
