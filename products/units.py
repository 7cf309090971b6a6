"""Units of supply as people write them after a number: "1 tonne", "2.5 tonnes", "1 tấn".

A unit's name in the product form ("tonnes", SupplyUnit's label) is a choice's name, always
plural; after an amount the unit agrees with it. Templates use the `unit_label` filter
(showcase/templatetags/hub_tags.py), Python code `unit_label(unit, amount)` and
`amount_with_unit(unit, amount)`. A unit this module does not know keeps `fallback`.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import npgettext

# The keys of products.terms.SupplyUnit (what pooled totals are counted in as well). Each
# call is written out: makemessages reads the literal strings.
UNITS = {
    "kg": lambda n: npgettext("unit after an amount", "kg", "kg", n),
    "t": lambda n: npgettext("unit after an amount", "tonne", "tonnes", n),
    "l": lambda n: npgettext("unit after an amount", "litre", "litres", n),
    "piece": lambda n: npgettext("unit after an amount", "piece", "pieces", n),
    "box": lambda n: npgettext("unit after an amount", "box", "boxes", n),
    "bottle": lambda n: npgettext("unit after an amount", "bottle", "bottles", n),
    "pack": lambda n: npgettext("unit after an amount", "pack", "packs", n),
    "set": lambda n: npgettext("unit after an amount", "set", "sets", n),
    "m": lambda n: npgettext("unit after an amount", "metre", "metres", n),
    "guest": lambda n: npgettext("unit after an amount", "guest", "guests", n),
}


def plural_count(amount):
    """The count gettext chooses a form by: 1 for exactly one, else the amount (whole), so
    that 1.5 tonnes and 0.5 tonnes read as plural, as in English."""
    try:
        value = Decimal(str(amount))
    except ArithmeticError:
        return 2
    if value == 1:
        return 1
    return int(value) if value == value.to_integral_value() and value > 1 else 2


def unit_label(unit, amount, fallback=""):
    """The unit's name after `amount` in the active language ("tonne" for 1, "tonnes"
    otherwise; "tấn" either way), or `fallback` (else the unit's code) if unknown."""
    forms = UNITS.get(unit)
    if forms is None:
        return str(fallback or unit or "")
    return forms(plural_count(amount))


def amount_with_unit(unit, amount, decimals=None):
    """ "1 tonne", "2,500 tonnes" / "2.500 tấn": the amount grouped as the language writes it."""
    number = number_format(amount, decimal_pos=decimals, force_grouping=True)
    return f"{number} {unit_label(unit, amount)}"
