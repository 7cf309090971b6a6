"""Pooled supply: what all the published producers of a commodity can deliver together.

A single cooperative rarely fills a container; ten of them in three provinces can. Figures
are per month (a yearly capacity counts one twelfth), kilograms are counted in tonnes, and
units that cannot be added up (litres and tonnes, pieces and guests) stay apart. A producer
counts once per commodity, with its largest product (`producer_totals`).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.utils.dates import MONTHS
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from products.models import Commodity, Producer, ProductPage
from products.units import unit_label
from regions.models import ProvincePage
from showcase.base import visible
from showcase.page_cache import cached_content

# unit -> (unit it is counted in, factor)
COUNTED_AS = {"kg": ("t", Decimal("0.001"))}
PER_MONTH = {"month": Decimal(1), "year": Decimal(1) / 12}


def monthly_amount(product):
    """(unit, amount per month) of a product's stated capacity, or None."""
    if product.supply_capacity is None or not product.supply_unit or not product.supply_period:
        return None
    unit, factor = COUNTED_AS.get(product.supply_unit, (product.supply_unit, Decimal(1)))
    return unit, product.supply_capacity * factor * PER_MONTH[product.supply_period]


def producer_totals(products):
    """{unit: amount per month} of `products`, each producer counted ONCE per commodity:
    the largest of its products of that commodity, not their sum. A cooperative that lists
    "dragon fruit" and "organic dragon fruit" states the same harvest of the same land on
    each; adding them would promise buyers twice what it has (the volume matcher,
    products/matching.py, counts it the same way)."""
    largest = {}
    for product in products:
        amount = monthly_amount(product)
        if amount:
            key = (_producer_key(product), product.commodity_id, amount[0])
            largest[key] = max(largest.get(key, amount[1]), amount[1])
    totals = defaultdict(Decimal)
    for (_producer, _commodity, unit), value in largest.items():
        totals[unit] += value
    return totals


def amounts(totals):
    """[(unit label, amount)] largest first, for people to read."""
    labels = dict(ProductPage.SupplyUnit.choices)
    order = list(labels)  # tonnes, then litres, then what is counted in pieces
    return [
        {
            "unit": unit,
            "label": unit_label(unit, rounded(value), labels.get(unit, unit)),
            "amount": rounded(value),
        }
        for unit, value in sorted(totals.items(), key=lambda item: order.index(item[0]))
    ]


def rounded(value):
    """Whole numbers from 100 up, one decimal below, and no ".0"."""
    value = value.quantize(Decimal(1) if value >= 100 else Decimal("0.1"))
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


@dataclass
class Group:
    """Products pooled under one heading (a province, a producer type, a commodity)."""

    key: object
    label: str
    products: list = field(default_factory=list)

    @property
    def producers(self):
        return len({_producer_key(product) for product in self.products})

    @property
    def provinces_count(self):
        return len({product.province_id for product in self.products})

    def monthly(self):
        """{unit: exact amount per month} over the group's products."""
        return dict(producer_totals(self.products))

    @property
    def totals(self):
        return amounts(self.monthly())


@dataclass
class Pool(Group):
    """Everything a set of products (one commodity, one region…) can supply together."""

    @property
    def provinces(self):
        return self.by("province")

    @property
    def producer_types(self):
        labels = dict(Producer.Type.choices)
        groups = self.by("producer_type")
        for group in groups:
            group.label = str(labels.get(group.key, _("producer not named")))
        return groups

    @property
    def without_capacity(self):
        return sum(1 for product in self.products if monthly_amount(product) is None)

    @property
    def without_season(self):
        return sum(1 for product in self.products if not product.harvest_months)

    def headline(self, place):
        """ "Vietnam can supply about 120 t a month of tea from 8 producers in 5 provinces"."""
        provinces = len(self.provinces)
        values = {
            "place": place,
            "commodity": self.label.lower() if self.label else _("this commodity"),
            "amount": " + ".join(
                f"{number_format(total['amount'], force_grouping=True)} {total['label']}"
                for total in self.totals
            ),
            "count": self.producers,
            "provinces": provinces_phrase(provinces),
        }
        if not values["amount"]:
            return (
                ngettext(
                    "%(place)s has %(count)s producer of %(commodity)s in %(provinces)s; ask for quantities.",
                    "%(place)s has %(count)s producers of %(commodity)s in %(provinces)s; ask them for quantities.",
                    self.producers,
                )
                % values
            )
        return (
            ngettext(
                "%(place)s can supply about %(amount)s a month of %(commodity)s from %(count)s producer in %(provinces)s.",
                "%(place)s can supply about %(amount)s a month of %(commodity)s from %(count)s producers in %(provinces)s.",
                self.producers,
            )
            % values
        )

    def by(self, what):
        groups = {}
        for product in self.products:
            if what == "province":
                key, label = product.province_id, product.province.title
            elif what == "commodity":
                key = product.commodity_id
                label = product.commodity.name if product.commodity else _("other")
            else:
                key = product.producer.producer_type if product.producer else ""
                label = ""
            groups.setdefault(key, Group(key, label)).products.append(product)
        return sorted(groups.values(), key=lambda group: (-group.producers, group.label))

    def calendar(self):
        """Months × provinces: in each cell, the producers available that month and what
        they can supply per month together."""
        rows = []
        for province in self.provinces:
            cells = []
            for month in range(1, 13):
                available = [p for p in province.products if month in (p.harvest_months or [])]
                totals = producer_totals(available)
                cells.append(
                    {
                        "month": month,
                        "month_name": MONTHS[month],
                        "producers": len({_producer_key(p) for p in available}),
                        "totals": amounts(totals),
                    }
                )
            rows.append({"province": province, "cells": cells})
        peak = max((cell["producers"] for row in rows for cell in row["cells"]), default=0)
        for row in rows:
            for cell in row["cells"]:
                # Four shades, so the picture reads at a glance and in grey print.
                cell["level"] = (
                    0 if not cell["producers"] else 1 + (3 * cell["producers"] - 1) // max(peak, 1)
                )
        return rows


def pooled(locale, commodity, region):
    """The summary of a pool (products.supply.summary), kept per content generation."""

    def compute():
        rows = supply_rows(locale, commodity, region)
        place = region.title if region else _("Vietnam")
        return summary(pool(rows, commodity.pk if commodity else None,
                            commodity.name if commodity else ""), place)  # fmt: skip

    return cached_content(
        "pooled-supply",
        compute,
        locale.language_code,
        commodity.slug if commodity else "",
        region.key if region else "",
    )


def summary(supply, place):
    """What the supply pages show of a pool, as plain data to keep per content generation:
    the groups' figures without their products (a region pools thousands)."""
    return {
        "count": len(supply.products),
        "producers": supply.producers,
        "headline": supply.headline(place),
        "commodities": [_figures(group) for group in supply.by("commodity") if group.key],
        "provinces": [_figures(group) for group in supply.provinces],
        "producer_types": [_figures(group) for group in supply.producer_types],
        "calendar": [
            {"province": {"label": str(row["province"].label)}, "cells": _plain(row["cells"])}
            for row in supply.calendar()
        ],
        "without_capacity": supply.without_capacity,
        "without_season": supply.without_season,
    }


def _plain(cells):
    """Calendar cells with their names as text (kept per language, not as lazy strings)."""
    return [
        cell | {"month_name": str(cell["month_name"]), "totals": _labelled(cell["totals"])}
        for cell in cells
    ]


def _labelled(totals):
    return [total | {"label": str(total["label"])} for total in totals]


def _figures(group):
    commodity = getattr(group.products[0], "commodity", None) if group.products else None
    return {
        "label": str(group.label),
        "slug": commodity.slug if commodity else "",
        "producers": group.producers,
        "provinces_count": group.provinces_count,
        "totals": _labelled(group.totals),
    }


def provinces_phrase(count):
    """ "1 province", "3 provinces" in the active language."""
    return ngettext("%(n)s province", "%(n)s provinces", count) % {"n": count}


def pool(products, key=None, label=""):
    return Pool(key, label, list(products))


class SupplyRow:
    """What pooling reads of a product, without the product: the national catalogue's
    20,000 products per language pool in one narrow query, not 20,000 page objects."""

    __slots__ = ("pk", "producer_id", "producer", "province_id", "province", "commodity_id",
                 "commodity", "supply_capacity", "supply_unit", "supply_period", "harvest_months")  # fmt: skip

    def __init__(self, values, provinces, commodities):
        (self.pk, producer_id, producer_type, producer_live, self.province_id, self.commodity_id,
         self.supply_capacity, self.supply_unit, self.supply_period, self.harvest_months) = values  # fmt: skip
        # A producer no reviewer has approved yet is not named (ProductPage.public_producer).
        self.producer_id = producer_id if producer_live else None
        self.producer = SimpleNamespace(producer_type=producer_type) if self.producer_id else None
        self.province = provinces.get(self.province_id)
        self.commodity = commodities.get(self.commodity_id)


def supply_rows(locale, commodity=None, region=None):
    """The `SupplyRow`s of the products `pooled_products` counts, in three queries."""
    values = pooled_products(locale, commodity, region).order_by().values_list(
        "pk", "producer_id", "producer__producer_type", "producer__live", "province_id",
        "commodity_id",
        "supply_capacity", "supply_unit", "supply_period", "harvest_months",
    )  # fmt: skip
    provinces = {province.pk: province for province in ProvincePage.objects.filter(locale=locale)}
    known = [commodity] if commodity is not None else Commodity.objects.all()
    commodities = {item.pk: item for item in known}
    return [SupplyRow(row, provinces, commodities) for row in values]


def pooled_products(locale, commodity=None, region=None):
    """The published public products a pool counts, with what the figures need, in one
    query. Products whose OCOP certificate has expired are not OCOP supply any more."""
    products = (
        visible(ProductPage.objects)
        .filter(locale=locale, alias_of__isnull=True)
        .certificate_valid()
    )
    if commodity is not None:
        products = products.filter(commodity=commodity)
    if region is not None:
        products = products.filter(province__region=region)
    return products.for_listing().order_by("province__title", "title")


def _producer_key(product):
    # Products without a named producer count as a producer each.
    return ("producer", product.producer_id) if product.producer_id else ("product", product.pk)
