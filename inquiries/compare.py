"""The shortlist's comparison table: the products side by side, with what an importer
weighs first — how much, the smallest order, the indicative price, certifications, season,
OCOP stars, where, and who makes it.

Read in one more query whatever the number of products (the certifications, prefetched
together); everything else comes with the shortlist's products (ProductQuerySet.for_listing).
"""

from django.db.models import prefetch_related_objects
from django.utils.dates import MONTHS
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from products.profiles import listed_profile_url
from products.terms import per_unit, price_range


def comparison(products):
    """One column per product, in the shortlist's order."""
    prefetch_related_objects(products, "certifications")
    return [Column(product) for product in products]


class Column:
    def __init__(self, product):
        self.product = product
        self.price = price_text(product)
        self.season = season_text(product.harvest_months)
        self.certifications = [item.name for item in product.certifications.all()]
        self.producer = product.public_producer
        self.producer_url = listed_profile_url(product)

    @property
    def producer_name(self):
        producer = self.producer
        if producer is None:
            return ""
        english = (get_language() or "").startswith("en")
        return producer.name_en if english and producer.name_en else producer.name


def price_text(product):
    """The price as the product's card writes it (products/terms.py): "US$ 2.50–3.20 per kg
    FOB"; "on request" when none was given."""
    figures = price_range(product)
    if not figures:
        return _("on request")
    parts = (figures, per_unit(product.price_unit), product.price_incoterm)
    return " ".join(str(part) for part in parts if part)


def season_text(months):
    """[5, 6, 7, 12] as "December, May–July" (runs of months, a run may cross the new year);
    all twelve as "all year round"; none as ""."""
    chosen = sorted({month for month in months or [] if month in MONTHS})
    if len(chosen) == 12:
        return _("all year round")
    runs = []
    for month in chosen:
        if runs and runs[-1][1] == month - 1:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    if len(runs) > 1 and runs[0][0] == 1 and runs[-1][1] == 12:  # December into January
        runs[0][0] = runs.pop()[0]
    return ", ".join(
        str(MONTHS[first]) if first == last else f"{MONTHS[first]}–{MONTHS[last]}"
        for first, last in runs
    )
