"""How much a buyer asks of each product of a shortlist: one row per product, with its own
quantity, unit (the producers' units, pallets or containers) and period.

The rows are fields of the inquiry form named after the product's page id
(`item-<id>-quantity`, `-unit`, `-period`), so a form sent back with an error comes back
filled in, row by row, whatever happened to the shortlist meanwhile. Each row is checked on
its own, and its errors name the product they are about.
"""

from decimal import Decimal

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from inquiries.models import QuantityPeriod, QuantityUnit

# More than this of a unit is no order the hub can pass on, but a slip of the keyboard (or
# of a robot): containers and pallets are counted in hundreds, not millions.
CEILINGS = {
    QuantityUnit.CONTAINER_20: Decimal(10_000),
    QuantityUnit.CONTAINER_40: Decimal(10_000),
    QuantityUnit.CONTAINER_40_REEFER: Decimal(10_000),
    QuantityUnit.PALLET: Decimal(100_000),
    QuantityUnit.TONNE: Decimal(1_000_000),
}
CEILING = Decimal(1_000_000_000)  # every other unit: kg, litres, pieces…


def choose(choices):
    return [("", _("Choose…"))] + [choice for choice in choices if choice[0] != ""]


def quantity_field(label):
    """A quantity: a number from the keyboard a phone shows for decimals; its sign and
    size are judged by `check_quantity`, which says which product it is about."""
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"min": "0", "step": "any", "inputmode": "decimal"}),
    )


def unit_field(label):
    return forms.ChoiceField(label=label, required=False, choices=choose(QuantityUnit.choices))


def period_field(label):
    return forms.ChoiceField(label=label, required=False, choices=choose(QuantityPeriod.choices))


def check_quantity(quantity, unit, period):
    """{part of the row: error} for one quantity, its unit and its period (none for a row
    left empty, which asks for no quantity in particular)."""
    errors = {}
    if quantity is None:
        if unit:
            errors["unit"] = _("Enter the quantity, or leave the unit empty.")
        elif period:
            errors["period"] = _("Enter the quantity, or leave “how often” empty.")
        return errors
    if quantity <= 0:
        errors["quantity"] = _("Enter a quantity above zero.")
    elif not unit:
        errors["unit"] = _("Say which unit the quantity is in.")
    elif quantity > CEILINGS.get(unit, CEILING):
        ceiling = formats.number_format(CEILINGS.get(unit, CEILING), force_grouping=True)
        errors["quantity"] = _(
            "That is more than any order the hub can pass on: check the quantity "
            "(at most %(ceiling)s %(unit)s)."
        ) % {"ceiling": ceiling, "unit": QuantityUnit(unit).label}
    return errors


class QuantityRow:
    """One product's row of the form, for the template: the product and its three bound
    fields."""

    def __init__(self, form, product):
        self.product = product
        prefix = row_prefix(product)
        self.quantity = form[f"{prefix}-quantity"]
        self.unit = form[f"{prefix}-unit"]
        self.period = form[f"{prefix}-period"]

    @property
    def errors(self):
        return [*self.quantity.errors, *self.unit.errors, *self.period.errors]


def row_prefix(product):
    return f"item-{product.pk}"


def add_rows(form, products):
    """Give `form` a row of fields per product; their labels name the product, so each
    field means something read alone (a screen reader, an error list)."""
    for product in products:
        prefix, title = row_prefix(product), product.title
        form.fields[f"{prefix}-quantity"] = quantity_field(
            _("Quantity of %(product)s") % {"product": title}
        )
        form.fields[f"{prefix}-unit"] = unit_field(_("Unit for %(product)s") % {"product": title})
        form.fields[f"{prefix}-period"] = period_field(
            _("How often, for %(product)s") % {"product": title}
        )
    return [QuantityRow(form, product) for product in products]


def clean_rows(form, products):
    """{product's page id: (quantity, unit, period)} from the cleaned form, each row's
    errors added to its own fields."""
    wanted = {}
    for product in products:
        prefix = row_prefix(product)
        values = [
            form.cleaned_data.get(f"{prefix}-{part}") for part in ("quantity", "unit", "period")
        ]
        if f"{prefix}-quantity" in form.errors:  # not a number: Django has said so
            continue
        errors = check_quantity(*values)
        for part, error in errors.items():
            name = f"{prefix}-{part}"
            form.add_error(name, error)
            # The error is read with the field it is about (the template gives it this id).
            form.fields[name].widget.attrs["aria-describedby"] = f"id_{name}_error"
        if not errors:
            wanted[product.pk] = (values[0], values[1] or "", values[2] or "")
    return wanted
