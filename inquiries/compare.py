"""The shortlist's comparison table: the products side by side, with what an importer
weighs first — how much, the smallest order, the indicative price, certifications, season,
OCOP stars, where, and who makes it.

Read in one more query whatever the number of products (the certifications, prefetched
together); everything else comes with the shortlist's products (ProductQuerySet.for_listing).
"""

from django.db.models import prefetch_related_objects
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.dates import MONTHS
from django.utils.translation import get_language
from django.utils.translation import gettext as _


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
        self.producer_url = producer_url(self.producer) if product.live else ""

    @property
    def producer_name(self):
        producer = self.producer
        if producer is None:
            return ""
        english = (get_language() or "").startswith("en")
        return producer.name_en if english and producer.name_en else producer.name


def amount(value):
    """A price as traders write it: 2.50, 3 (in the visitor's language: 2,50 in Vietnamese)."""
    places = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, decimal_pos=places, force_grouping=True)


def price_text(product):
    """ "2.50–3.20 USD/kg FOB", "3 USD/kg", or "on request" when no price was given."""
    low, high = product.price_min, product.price_max
    if low is None and high is None:
        return _("on request")
    low, high = low if low is not None else high, high if high is not None else low
    figures = amount(low) if low == high else f"{amount(low)}–{amount(high)}"
    text = f"{figures} {product.price_currency}".rstrip()
    if product.price_unit:
        text += f"/{product.get_price_unit_display()}"
    if product.price_incoterm:
        text += f" {product.price_incoterm}"
    return text


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


def producer_url(producer):
    """The producer's profile, when there is one to link (products/profiles.py)."""
    if producer is None or not getattr(producer, "slug", None):
        return ""
    try:
        return reverse("producer_profile", kwargs={"slug": producer.slug})
    except NoReverseMatch:
        return ""
