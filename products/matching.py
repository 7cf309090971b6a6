"""Volume matching: which producers, together, can supply what a buyer asks for.

A buyer asks for an amount of one commodity per month (or per shipment, or per year), in
some months, with some certifications. The matcher takes the live public products of that
commodity whose OCOP certificate is in force, keeps those that hold every certification
asked for, and counts each producer once (`Offer`): in each month, the largest monthly
capacity among its products harvested that month. It then picks producers, largest and
best-certified first (then more OCOP stars, then those already exporting to the buyer's
country), until every month wanted is covered, each with its share; the last one picked
takes what is left. The request is covered as far as its worst month is (the honest figure
for a buyer who needs the amount every month), and the coverage of each month is stated.

When the producers cannot cover it, the matcher tries the request again without each
certification asked for, and counting the producers who state no harvest season, and says
which of those would cover it and with how many more producers.

Pure query and arithmetic: two queries over the products whatever their number, and one
for the pages of the products of the producers picked. Amounts are Decimals; kilograms are
counted in tonnes, as pooled supply counts them (products/supply.py).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from products.models import Certification, ProductPage
from products.supply import COUNTED_AS
from showcase.base import visible

MONTHS = tuple(range(1, 13))
# A request per year asks a twelfth of it each month; a shipment is that amount in each
# month wanted (a buyer who ships monthly), as a month is.
PER_MONTH = {"month": Decimal(1), "shipment": Decimal(1), "year": Decimal(1) / 12}
# Producers' units the matcher adds up (pooled supply's): what a buyer may ask in.
UNITS = ("t", "kg", "l", "piece", "box", "bottle", "pack", "set", "m", "guest")


@dataclass(frozen=True)
class MatchRequest:
    """What a buyer asks for. `months` empty means every month of the year."""

    commodity: object
    quantity: Decimal
    unit: str
    period: str = "month"
    months: tuple = ()
    certifications: tuple = ()  # Certification objects, every one required
    destination: str = ""  # ISO 3166 alpha-2, or ""
    province: object = None  # a ProvincePage in the locale searched, or None
    region: object = None  # a RegionPage, or None

    @property
    def wanted_months(self):
        return tuple(sorted(set(self.months))) or MONTHS

    @property
    def counted_unit(self):
        return COUNTED_AS.get(self.unit, (self.unit, Decimal(1)))[0]

    def monthly(self, amount):
        """`amount` as the buyer wrote it → per month in the counted unit."""
        factor = COUNTED_AS.get(self.unit, (self.unit, Decimal(1)))[1]
        return amount * factor * PER_MONTH[self.period]

    def as_asked(self, amount):
        """An amount per month in the counted unit → in the buyer's unit and period."""
        factor = COUNTED_AS.get(self.unit, (self.unit, Decimal(1)))[1]
        return amount / factor / PER_MONTH[self.period]

    @property
    def requested_monthly(self):
        return self.monthly(self.quantity)


@dataclass
class Offer:
    """One producer's capacity for the request: counted once, whatever it lists."""

    producer_id: int
    name: str
    name_en: str
    slug: str
    province_title: str
    stars: int = 0
    exports_there: bool = False
    capacity: dict = field(default_factory=dict)  # {month: per month, counted unit}
    certifications: set = field(default_factory=set)  # Certification ids
    product_ids: list = field(default_factory=list)
    main_product_id: int | None = None  # its largest product: what an inquiry names
    main_amount: Decimal = Decimal(-1)

    def add(self, row, amount, months):
        # The LARGEST of its products, not their sum: a cooperative that lists "dragon
        # fruit" and "organic dragon fruit" grows them on the same land and states the
        # same harvest for each; adding them up would promise buyers twice what it has.
        for month in months:
            self.capacity[month] = max(self.capacity.get(month, Decimal(0)), amount)
        self.stars = max(self.stars, row.stars or 0)
        self.certifications |= row.certifications
        self.product_ids.append(row.pk)
        if amount > self.main_amount:
            self.main_product_id, self.main_amount = row.pk, amount

    def rank(self, wanted):
        return (
            -sum(self.capacity.get(month, 0) for month in wanted),
            -len(self.certifications),
            -self.stars,
            not self.exports_there,
            self.name,
        )

    @property
    def largest(self):
        return max(self.capacity.values(), default=Decimal(0))


@dataclass
class Pick:
    offer: Offer
    shares: dict  # {month: per month, counted unit}

    @property
    def share(self):
        """What is asked of the producer per month, in the months it supplies."""
        return max(self.shares.values(), default=Decimal(0))


@dataclass
class Match:
    request: MatchRequest
    picks: list
    covered_by_month: dict  # {month: per month, counted unit}
    candidates: int = 0  # producers that could take a share
    without_capacity: int = 0  # producers of the commodity who state no capacity
    hint: dict | None = None  # {"relaxed": "certification"|"season", "certification", "more"}

    @property
    def requested(self):
        return self.request.requested_monthly

    @property
    def covered(self):
        """Covered as far as the worst month wanted is."""
        return min(self.covered_by_month.values(), default=Decimal(0))

    @property
    def is_covered(self):
        return self.covered >= self.requested


@dataclass
class Row:
    """What the matcher reads of one product (one query, no page objects)."""

    pk: int
    producer_id: int
    name: str
    name_en: str
    slug: str
    province_title: str
    stars: int
    amount: tuple | None
    harvest_months: list
    export_markets: str
    certifications: set = field(default_factory=set)


def candidate_rows(request, locale):
    """The public products of the commodity with a certificate in force and a live
    producer, as `Row`s: two queries (the products, their certifications)."""
    products = (
        visible(ProductPage.objects)
        .filter(locale=locale, alias_of__isnull=True, commodity=request.commodity)
        .filter(producer__live=True)
        .certificate_valid()
    )
    if request.province is not None:
        products = products.filter(province__translation_key=request.province.translation_key)
    if request.region is not None:
        products = products.filter(province__region__translation_key=request.region.translation_key)
    values = products.order_by().values_list(
        "pk", "producer_id", "producer__name", "producer__name_en", "producer__slug",
        "province__title", "ocop_stars", "supply_capacity", "supply_unit", "supply_period",
        "harvest_months", "export_markets",
    )  # fmt: skip
    rows = {}
    for pk, producer, name, name_en, slug, province, stars, *supply, months, markets in values:
        rows[pk] = Row(pk, producer, name, name_en, slug or "", province or "", stars,
                       _monthly(*supply), list(months or []), str(markets or ""))  # fmt: skip
    through = ProductPage.certifications.through.objects.filter(productpage_id__in=list(rows))
    for product_id, certification_id in through.values_list("productpage_id", "certification_id"):
        rows[product_id].certifications.add(certification_id)
    return list(rows.values())


def _monthly(capacity, unit, period):
    """(counted unit, amount per month) of a stated capacity, or None."""
    if capacity is None or not unit or period not in ("month", "year"):
        return None
    counted, factor = COUNTED_AS.get(unit, (unit, Decimal(1)))
    return counted, capacity * factor * (Decimal(1) if period == "month" else Decimal(1) / 12)


def offers(rows, request, required, season_optional=False):
    """{producer id: Offer} from the rows holding every `required` certification id in
    the request's unit. `season_optional`: a product stating no harvest months counts in
    every month (the relaxation), else it counts in none."""
    found = {}
    wanted = request.wanted_months
    for row in rows:
        if row.amount is None or row.amount[0] != request.counted_unit:
            continue
        if not required <= row.certifications:
            continue
        months = [m for m in wanted if m in row.harvest_months]
        if not row.harvest_months and season_optional:
            months = list(wanted)
        if not months:
            continue
        offer = found.get(row.producer_id)
        if offer is None:
            offer = found[row.producer_id] = Offer(
                row.producer_id, row.name, row.name_en, row.slug, row.province_title,
                exports_there=False,
            )  # fmt: skip
        if request.destination and request.destination in row.export_markets.split(","):
            offer.exports_there = True
        offer.add(row, row.amount[1], months)
    return found


def pick(candidates, request, picks=(), left=None):
    """Picks (and what is left per month) taking `candidates` in rank order until every
    month wanted is covered, after the `picks` already made."""
    wanted = request.wanted_months
    left = dict(left) if left is not None else {m: request.requested_monthly for m in wanted}
    picks = list(picks)
    chosen = {p.offer.producer_id for p in picks}
    for offer in sorted(candidates, key=lambda offer: offer.rank(wanted)):
        if not any(amount > 0 for amount in left.values()):
            break
        if offer.producer_id in chosen:
            continue
        shares = {}
        for month in wanted:
            share = min(offer.capacity.get(month, Decimal(0)), left[month])
            if share > 0:
                shares[month] = share
                left[month] -= share
        if shares:
            picks.append(Pick(offer, shares))
    return picks, left


def match(request, locale):
    """The `Match` of `request` over the products in `locale`."""
    rows = candidate_rows(request, locale)
    required = {certification.pk for certification in request.certifications}
    found = offers(rows, request, required)
    picks, left = pick(found.values(), request)
    wanted = request.wanted_months
    result = Match(
        request,
        picks,
        {m: request.requested_monthly - left[m] for m in wanted},
        candidates=len(found),
        without_capacity=len({r.producer_id for r in rows if r.amount is None} - set(found)),
    )
    if not result.is_covered and request.requested_monthly > 0:
        result.hint = relaxation(rows, request, required, picks, left)
    return result


def relaxation(rows, request, required, picks, left):
    """What would cover the rest: {"relaxed", "certification", "more"} for the relaxation
    needing the fewest more producers (each certification dropped in turn, then counting
    producers who state no season), or {"relaxed": None} when none covers it."""
    tries = [("certification", c, required - {c.pk}) for c in request.certifications]
    tries.append(("season", None, required))
    best = None
    for kind, certification, still_required in tries:
        found = offers(rows, request, still_required, season_optional=kind == "season")
        more, rest = pick(found.values(), request, picks, left)
        if any(amount > 0 for amount in rest.values()):
            continue
        extra = len(more) - len(picks)
        if best is None or extra < best["more"]:
            best = {"relaxed": kind, "certification": certification, "more": extra}
    return best or {"relaxed": None, "certification": None, "more": 0}


def certification_names():
    """{id: Certification} for naming what producers hold (a small table, one query)."""
    return {certification.pk: certification for certification in Certification.objects.all()}


def picked_products(match, locale):
    """{product id: ProductPage} of the picked producers' matching products, one query."""
    ids = [pk for p in match.picks for pk in p.offer.product_ids]
    pages = ProductPage.objects.filter(pk__in=ids, locale=locale).select_related("province")
    return {page.pk: page for page in pages}
