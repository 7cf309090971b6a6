"""Checking a row's commercial terms (products/terms.py): the optional columns of an
indicative price, the Incoterms offered, the port of loading, the lead time, samples and
specifications. One check group of `checks.ROW_CHECKS`, kept here because the terms are a
concern of their own; the row carries what it read as `ProductRow.terms`, {page field:
value}, which the writing copies onto the page (row by row and in bulk alike).

- A price needs its currency, its unit and the day it was given (prices age); the day
  is written like `ocop_certified_on` and may not be in the future.
- `incoterms`: codes separated by `;` (or spaces, commas): "FOB;CIF".
- `samples`: available, on_request or none, or "có sẵn", "theo yêu cầu", "không".
- `specifications`: "name: value" items separated by `;` or line breaks, stored one a line.
"""

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from products.importing.values import parse_date, parse_number, parse_whole_number
from products.terms import Currency, Incoterm
from showcase.text import fold

COLUMNS = ["price_min", "price_max", "price_currency", "price_unit", "price_incoterm",
           "price_date", "price_source", "incoterms", "port_of_loading", "lead_time_days",
           "samples", "specifications"]  # fmt: skip
# {column: page field}, where the two differ.
FIELDS = {"price_date": "price_given_on"}
# Folded ways of writing each Samples value, in either language.
SAMPLES = {
    "available": ("available", "yes", "co san", "co", "san co", "co mau"),
    "on_request": ("on request", "on_request", "theo yeu cau", "khi co yeu cau", "request"),
    "none": ("none", "no", "not available", "khong", "khong co"),
}
SAMPLE_NAMES = {name: key for key, names in SAMPLES.items() for name in names}
CODES = re.compile(r"[;,\s]+")
SPEC_ITEMS = re.compile(r"\s*[;\n]\s*")
LEAD_DAYS = re.compile(r"\s*(ngày|ngay|days?)\s*$", re.IGNORECASE)


def check_terms(check, units):
    """{"terms": {page field: value}} of the terms columns; errors to `check`. `units`:
    {folded word: SupplyUnit value}, as the capacity's unit is read (`checks`)."""
    cells = check.cells
    terms = _price(check, units)
    terms["incoterms"] = _incoterms(check)
    for column, limit in (("port_of_loading", 120), ("price_source", 255)):
        for name in (column, f"{column}_en"):
            check.too_long(name, limit)
        terms[column] = cells.get(column, "")[:limit]
    terms["lead_time_days"] = _lead_time(check)
    terms["samples"] = _samples(check)
    terms["specifications"] = _specifications(cells.get("specifications", ""))
    # Their English, for the English page (writing.ENGLISH_CELLS); "" leaves it as it is.
    english = {
        "price_source_en": cells.get("price_source_en", "")[:255],
        "port_of_loading_en": cells.get("port_of_loading_en", "")[:120],
        "specifications_en": _specifications(cells.get("specifications_en", "")),
    }
    return {"terms": terms} | english


def _specifications(cell):
    """ "name: value" items separated by `;` or line breaks, one a line."""
    return "\n".join(item for item in SPEC_ITEMS.split(cell) if item)


def _price(check, units):
    """The price fields: none, or an amount with its currency, unit and date."""
    cells = check.cells
    low = _amount(check, "price_min")
    high = _amount(check, "price_max")
    if low is None and high is not None:
        low = high
    if high is None:
        high = low
    if low is not None and high is not None and high < low:
        check.fail("price_max", _("the highest price is lower than the lowest price"))
    currency = cells.get("price_currency", "").upper()
    if currency and currency not in Currency.values:
        check.fail(
            "price_currency",
            _("unknown currency %(value)r; use one of: %(choices)s"),
            value=cells["price_currency"],
            choices=", ".join(Currency.values),
        )
    unit = units.get(fold(cells.get("price_unit", "")), "") if cells.get("price_unit") else ""
    if cells.get("price_unit") and not unit:
        check.fail(
            "price_unit",
            _("unknown unit %(value)r; use one of: %(choices)s"),
            value=cells["price_unit"],
            choices="kg, t, l, piece, box, bottle, pack, set, m",
        )
    incoterm = cells.get("price_incoterm", "").upper()
    if incoterm and incoterm not in Incoterm.values:
        check.fail(
            "price_incoterm",
            _("unknown Incoterm %(value)r; use one of: %(choices)s"),
            value=cells["price_incoterm"],
            choices=", ".join(Incoterm.values),
        )
    given_on = _date(check)
    if low is not None:
        for column, value in (("price_currency", currency), ("price_unit", cells.get("price_unit")),
                              ("price_date", cells.get("price_date"))):  # fmt: skip
            if not value:
                check.fail(column, _("a price needs its currency, unit and the date it was given"))
    elif currency or unit or incoterm or given_on:
        check.fail("price_min", _("give the price these details are for, or leave them empty"))
    return {"price_min": low, "price_max": high, "price_currency": currency,
            "price_unit": unit, "price_incoterm": incoterm, "price_given_on": given_on}  # fmt: skip


def _amount(check, column):
    text = check.cells.get(column, "")
    if not text:
        return None
    try:
        amount = parse_number(text)
    except ValueError as error:
        check.fail(column, str(error))
        return None
    if amount >= 10**12 or amount.as_tuple().exponent < -2:
        check.fail(column, _("%(value)r is not a price with at most 2 decimals"), value=text)
        return None
    return amount


def _date(check):
    text = check.cells.get("price_date", "")
    if not text:
        return None
    given_on = parse_date(text)
    if given_on is None:
        check.fail(
            "price_date",
            _("%(value)r is not a date like 15/03/2025 (day/month/year) or 2025-03-15"),
            value=text,
        )
    elif given_on > timezone.localdate():
        check.fail(
            "price_date",
            _("%(date)s is in the future; give the date the price was given"),
            date=given_on.strftime("%d/%m/%Y"),
        )
        return None
    return given_on


def _incoterms(check):
    codes = [code.upper() for code in CODES.split(check.cells.get("incoterms", "")) if code]
    unknown = [code for code in codes if code not in Incoterm.values]
    if unknown:
        check.fail(
            "incoterms",
            _("unknown Incoterm %(value)r; use one of: %(choices)s"),
            value=", ".join(unknown),
            choices=", ".join(Incoterm.values),
        )
    return " ".join(code for code in Incoterm.values if code in codes)


def _lead_time(check):
    text = check.cells.get("lead_time_days", "")
    if not text:
        return None
    days = parse_whole_number(LEAD_DAYS.sub("", text.strip()))
    if days is None or not 0 <= days <= 365:
        check.fail(
            "lead_time_days",
            _("%(value)r is not a whole number of days from 0 to 365"),
            value=text,
        )
        return None
    return days


def _samples(check):
    text = check.cells.get("samples", "")
    if not text:
        return ""
    value = SAMPLE_NAMES.get(fold(text), "")
    if not value:
        check.fail(
            "samples",
            _("%(value)r: write available, on_request or none (có sẵn, theo yêu cầu, không)"),
            value=text,
        )
    return value


def row_values(row):
    """{column: value as a sheet writes it} of the row's terms, for the preview."""
    return {column: _written(row.terms.get(FIELDS.get(column, column))) for column in COLUMNS}


def page_values(page):
    """{column: value as a sheet writes it} of the page's terms, for the preview."""
    return {column: _written(getattr(page, FIELDS.get(column, column))) for column in COLUMNS}


def _written(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "normalize"):
        return f"{value.normalize():f}"
    return str(value)
