"""Reading the values of a sheet's cells as people in Vietnam write them, and as the
README's English format writes them.

- Dates: day first, "15/03/2025", "15-03-2025", "15.03.2025" (also "5/3/2025"), or the ISO
  "2025-03-15" of the English format and of a spreadsheet's date cells (`reading`).
- Numbers: Vietnamese "1.200,5" (a dot between thousands, a comma before the decimals) and
  the English format's "1200.5". A dot followed by exactly three digits is a thousands dot,
  as in Vietnamese: "1.200" is one thousand two hundred, never 1.2. A comma followed by
  exactly three digits and nothing else ("1,200") is refused: a Vietnamese reader takes it
  for 1.2 and an English one for 1200.
- Star ratings: "4", "4 sao", "4★", "4 stars".
- Producer types: the English keys or their Vietnamese names ("Hợp tác xã", "HTX"…).
Each reader answers None (or raises ValueError with the message to show) for what it cannot
read; the checks (`checks`) name the row and the column.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from showcase.text import fold

ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DAY_FIRST_DATE = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
# A spreadsheet saved as CSV may add the time to a date cell.
MIDNIGHT = re.compile(r"[ T]00:00(:00)?$")

# A first group of thousands never starts with 0: "0.125" is a decimal, not 125.
VIETNAMESE_THOUSANDS = re.compile(
    r"^[1-9]\d{0,2}(\.\d{3})+(,\d+)?$"
)  # 1.200 · 12.500.000 · 1.200,5
DECIMAL_COMMA = re.compile(r"^\d+,\d+$")  # 1200,5
AMBIGUOUS_COMMA = re.compile(r"^[1-9]\d{0,2},\d{3}$")  # 1,200
ENGLISH_THOUSANDS = re.compile(
    r"^[1-9]\d{0,2}(,\d{3})+\.\d+$|^[1-9]\d{0,2}(,\d{3}){2,}$"
)  # 1,200.5
PLAIN = re.compile(r"^\d+(\.\d+)?$")  # 1200 · 1200.5
SPACES = re.compile(r"[\s_\u00a0\u202f]")

STARS = re.compile(r"^(\d+)\s*(?:sao|stars?|★+|☆+|\*+)?$", re.IGNORECASE)

# Folded names of each producer type (Producer.Type), in either language.
PRODUCER_TYPES = {
    "cooperative": ("cooperative", "hop tac xa", "htx"),
    "cooperative_group": ("cooperative group", "to hop tac", "tht"),
    "enterprise": ("enterprise", "company", "doanh nghiep", "dn", "cong ty", "cty"),
    "household": ("household", "household business", "ho kinh doanh", "ho san xuat",
                  "hkd", "ho gia dinh", "co so san xuat"),
}  # fmt: skip
PRODUCER_TYPE_NAMES = {name: key for key, names in PRODUCER_TYPES.items() for name in names}


def parse_date(text):
    """The date a cell gives, or None when it is not one of the forms above (or no day)."""
    text = MIDNIGHT.sub("", text.strip())
    if match := ISO_DATE.match(text):
        year, month, day = match[1], match[2], match[3]
    elif match := DAY_FIRST_DATE.match(text):
        day, month, year = match[1], match[3], match[4]
    else:
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:  # 31/02/2025
        return None


def parse_number(text):
    """The Decimal a cell gives; ValueError with the message to show otherwise."""
    compact = SPACES.sub("", text)
    if VIETNAMESE_THOUSANDS.match(compact) or DECIMAL_COMMA.match(compact):
        if AMBIGUOUS_COMMA.match(compact):
            raise ValueError(
                _(
                    "%(value)r is ambiguous: in Vietnamese a comma comes before the decimals. "
                    "Write 1200 or 1.200 for one thousand two hundred, 1,2 for one point two"
                )
                % {"value": text}
            )
        compact = compact.replace(".", "").replace(",", ".")
    elif ENGLISH_THOUSANDS.match(compact):
        compact = compact.replace(",", "")
    elif not PLAIN.match(compact):
        raise ValueError(
            _("%(value)r is not a number: write it like 1.200,5 (Vietnamese) or 1200.5")
            % {"value": text}
        )
    try:
        return Decimal(compact)
    except InvalidOperation as error:  # the patterns above let only digits through
        raise ValueError(str(error)) from error


def parse_whole_number(text):
    """The int a cell gives ("1.095" is 1095), or None."""
    try:
        number = parse_number(text)
    except ValueError:
        return None
    return int(number) if number == number.to_integral_value() else None


def parse_stars(text):
    """3, 4 or 5 from "4", "4 sao", "4★"…; None otherwise."""
    match = STARS.match(text.strip())
    return int(match[1]) if match and int(match[1]) in (3, 4, 5) else None


def producer_type(text):
    """The Producer.Type value a cell names, in either language, or ""."""
    return PRODUCER_TYPE_NAMES.get(fold(text), "")
