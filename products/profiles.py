"""Producer profiles, /<lang>/producers/<slug>/: what a buyer checks before writing to a
cooperative, an enterprise or a household business — who it is, where, what it makes with
which OCOP stars, its certificates, how much it supplies, where to meet it and how to reach
it. A view of its own (a producer is a snippet, not a page), in both languages.

Who may see a profile (`public_profiles`): a producer that is live *and* either approved
by a central reviewer (it has a live revision) or the maker of a live product in the
profile's language. A spreadsheet import makes its producers live at once, without a
review (Producer's docstring): they reach buyers through their products, which are
reviewed, so an imported producer's profile stays a 404 until one of its products is
published. A producer in draft is a 404 however many live products name it.

The profile costs the same number of queries whatever the producer's number of products
(tests/test_producer_profiles.py pins it; bench/profiles.py times it at national scale).
"""

from collections import defaultdict
from decimal import Decimal
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from wagtail.models import Locale

from products.models import Producer, ProductPage
from products.supply import amounts, monthly_amount
from regions.models import ProvincePage
from showcase.base import visible
from showcase.structured_data import organization_data

# What each legal form is, for a buyer who has never met one (Law on Cooperatives 2023,
# Decree 168/2025 on business registration for household businesses).
TYPE_EXPLANATIONS = {
    Producer.Type.COOPERATIVE: gettext_lazy(
        "Hợp tác xã (HTX): a cooperative owned by its member farmers or households under "
        "Vietnam's Law on Cooperatives; it signs contracts and issues invoices in its own name."
    ),
    Producer.Type.COOPERATIVE_GROUP: gettext_lazy(
        "Tổ hợp tác: a group of households working together under a written cooperation "
        "contract; it is not a company, and its members or a representative sign contracts."
    ),
    Producer.Type.ENTERPRISE: gettext_lazy(
        "Doanh nghiệp: a company registered under Vietnam's Law on Enterprises, which signs "
        "contracts, issues invoices and can usually export in its own name."
    ),
    Producer.Type.HOUSEHOLD: gettext_lazy(
        "Hộ kinh doanh: a family business registered with the local authorities; it trades "
        "in the owner's name and often exports through a cooperative or a trading company."
    ),
}
# Past events shown after the upcoming ones: the latest few, as a track record.
PAST_EVENTS = 5


def public_profiles(locale):
    """The producers whose profile anyone may read in `locale` (see the module docstring)."""
    products = visible(ProductPage.objects).filter(producer=OuterRef("pk"), locale=locale)
    return Producer.objects.live().filter(Q(live_revision__isnull=False) | Exists(products))


def profile_url(producer, language=None):
    """The profile's address in `language` (the active one by default)."""
    if language is None:  # override(None) would mean the default language
        return reverse("producer_profile", kwargs={"slug": producer.slug})
    with override(language):
        return reverse("producer_profile", kwargs={"slug": producer.slug})


def listed_profile_url(product, language=None):
    """The profile of a *live* product's producer in `language` (the product's), or ""
    when there is none to show: a live producer of a live product has a public profile
    in that product's language. No query: for API results, whose producer comes with the
    product (ProductQuerySet.for_listing)."""
    producer = product.public_producer
    if producer is None or not producer.slug or not product.live:
        return ""
    return profile_url(producer, language)


class Profile:
    """Everything the profile shows of `producer` in `locale`, read in a fixed number of
    queries."""

    def __init__(self, producer, locale, request):
        self.producer, self.locale, self.request = producer, locale, request
        self.language = locale.language_code
        self.today = timezone.localdate()

    @cached_property
    def province(self):
        """The producer's province in the profile's language (it points at the Vietnamese page)."""
        source = self.producer.province
        if source is None:
            return None
        twin = visible(ProvincePage.objects).filter(
            translation_key=source.translation_key, locale=self.locale
        )
        return twin.select_related("region").first()

    @cached_property
    def products(self):
        """Its live products in the profile's language, best rated first."""
        products = visible(ProductPage.objects).filter(producer=self.producer, locale=self.locale)
        return list(products.for_listing().order_by("-ocop_stars", "title"))

    @cached_property
    def certificates(self):
        rows = self.producer.certificates.select_related("certification").order_by("sort_order")
        rows = list(rows)
        for row in rows:
            row.expired = row.valid_until is not None and row.valid_until < self.today
        return rows

    @cached_property
    def photos(self):
        photos = self.producer.photos.select_related("image").prefetch_related("image__renditions")
        return list(photos.order_by("sort_order"))

    @cached_property
    def description(self):
        """(text, its language): the page's language, else the other one."""
        own, other = ("description_en", "description_vi")
        if self.language != "en":
            own, other = other, own
        if getattr(self.producer, own).strip():
            return getattr(self.producer, own), self.language
        text = getattr(self.producer, other).strip()
        return (text, other.removeprefix("description_")) if text else ("", "")

    @cached_property
    def export_markets(self):
        names = {
            str(country.name) for product in self.products for country in product.export_markets
        }
        return sorted(names)

    @cached_property
    def capacity(self):
        """[{"label": commodity, "totals": [{unit, label, amount}]}] per month. A producer
        listing several products of one commodity (dried and fresh dragon fruit, two teas of
        the same garden) is counted once: its largest capacity in each unit, not their sum."""
        largest = defaultdict(dict)  # commodity key -> {unit: amount}
        labels = {}
        for product in self.products:
            amount = monthly_amount(product)
            if amount is None:
                continue
            key = product.commodity_id or ("product", product.pk)
            labels[key] = product.commodity.name if product.commodity else product.title
            unit, value = amount
            largest[key][unit] = max(largest[key].get(unit, Decimal(0)), value)
        return sorted(
            ({"label": labels[key], "totals": amounts(totals)} for key, totals in largest.items()),
            key=lambda group: str(group["label"]),
        )

    @cached_property
    def verification(self):
        """What the OCOP badge states: the certified products with their decision numbers,
        and the latest decision's date; None when no product names a decision."""
        certified = [p for p in self.products if p.ocop_certificate_no or p.ocop_certified_on]
        if not certified:
            return None
        dates = [p.ocop_certified_on for p in certified if p.ocop_certified_on]
        return {"products": certified, "latest": max(dates) if dates else None}

    @cached_property
    def events(self):
        """The events it exhibits at, itself or through one of its products, in the
        profile's language: the upcoming ones first (soonest first), then the latest
        past ones. Read through the events app's related name (the events app sits above
        this one)."""
        exhibitors = self.producer.event_exhibits.model.objects
        rows = (
            visible(exhibitors, through="event__")
            .filter(Q(producer=self.producer) | Q(product__producer=self.producer))
            .filter(event__locale=self.locale)
            .select_related("event")
            .order_by("event__start")
        )
        now, seen, upcoming, past = timezone.now(), set(), [], []
        for row in rows[:200]:
            if row.event_id not in seen:
                seen.add(row.event_id)
                (upcoming if row.event.end >= now else past).append(row)
        return {"upcoming": upcoming, "past": past[::-1][:PAST_EVENTS]}

    @property
    def contacts(self):
        """How a buyer reaches it: its own published contacts, else the province's office
        for buyers, else nothing (the page says the hub's team for the province answers)."""
        producer = self.producer
        if producer.has_contact or producer.contact_person:
            return {"kind": "producer", "name": producer.contact_person, "phone": producer.phone,
                    "email": producer.email, "website": producer.website}  # fmt: skip
        office = self.trade_office
        return {"kind": "office"} | office if office else {"kind": "hub"}

    @property
    def trade_office(self):
        """The province's office for buyers, each field in the profile's language or else
        as the Vietnamese province gives it (a translation not yet synchronised has none):
        {name, name_lang, phone, email, website}, or None."""
        pages = [page for page in (self.province, self.producer.province) if page is not None]
        fields = {"name": "trade_office", "phone": "trade_office_phone",
                  "email": "trade_office_email", "website": "trade_office_website"}  # fmt: skip
        office = {
            key: next((value for page in pages if (value := getattr(page, field))), "")
            for key, field in fields.items()
        }
        if not any(office.values()):
            return None
        own = self.province is not None and self.province.trade_office
        return office | {"name_lang": "" if own else "vi"}

    def json_ld(self, request):
        return organization_data(self, request)

    @property
    def url(self):
        return self.request.build_absolute_uri(profile_url(self.producer, self.language))


def producer_profile(request, slug):
    locale = Locale.get_active()
    public_in = {f"public_{code}": _public_in(code) for code, _name in settings.LANGUAGES}
    producer = (
        public_profiles(locale).select_related("province").annotate(**public_in)
        .filter(slug=slug).first()
    )  # fmt: skip
    if producer is None:
        raise Http404(_("No producer has this address."))
    profile = Profile(producer, locale, request)
    return render(
        request,
        "products/producer_profile.html",
        {
            "profile": profile,
            "producer": producer,
            "province": profile.province,
            "type_explanation": TYPE_EXPLANATIONS.get(producer.producer_type, ""),
            # The switcher and hreflang offer only the languages the profile is public in.
            "available_languages": _languages(producer),
        },
    )


class ProducerSitemap(Sitemap):
    """Every public profile, in each language it is public in, with its twin as an
    hreflang alternate (Django's i18n sitemap). Listed by /sitemap.xml beside the pages
    (showcase/urls.py); parts of `limit` addresses, far below the 50,000 search engines take."""

    i18n = True
    alternates = True
    limit = 2000

    def items(self):
        languages = {code: _public_in(code) for code, _name in settings.LANGUAGES}
        either = reduce(or_, languages.values())
        producers = Producer.objects.live().filter(
            ~Q(slug=None), Q(live_revision__isnull=False) | either
        )
        return producers.annotate(
            **{f"public_{code}": public for code, public in languages.items()}
        ).order_by("slug")

    def get_languages_for_item(self, producer):
        return _languages(producer)

    def location(self, producer):
        return reverse("producer_profile", kwargs={"slug": producer.slug})


def _languages(producer):
    """The languages `producer`'s profile is public in (annotated with `_public_in`)."""
    return [
        code
        for code, _name in settings.LANGUAGES
        if producer.live_revision_id or getattr(producer, f"public_{code}")
    ]


def _public_in(language):
    """Whether a producer (the outer query's) makes a live product in `language`."""
    return Exists(
        visible(ProductPage.objects).filter(producer=OuterRef("pk"), locale__language_code=language)
    )
