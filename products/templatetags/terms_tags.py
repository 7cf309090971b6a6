"""Template filters for a product's commercial terms (products/terms.py): the price range
in the page's language, the unit it is for, the specifications as name and value."""

from django import template

from products.terms import Incoterm, per_unit, price_range

register = template.Library()


@register.filter
def price_text(terms):
    """The price range, "US$ 2.50–3.20", in the active language; "" without a price."""
    return price_range(terms)


@register.filter
def price_per(unit):
    return per_unit(unit)


@register.filter
def incoterm_names(codes):
    """[(code, its full name)] of a space-separated string of codes."""
    names = dict(Incoterm.choices)
    return [(code, names[code]) for code in (codes or "").split() if code in names]


@register.filter
def specification_items(text):
    """{"pairs": [(name, value)] of the "name: value" lines, "lines": the others}."""
    pairs, lines = [], []
    for line in (text or "").splitlines():
        line = line.strip()
        name, colon, value = line.partition(":")
        if colon and name.strip() and value.strip():
            pairs.append((name.strip(), value.strip()))
        elif line:
            lines.append(line)
    return {"pairs": pairs, "lines": lines} if pairs or lines else None
