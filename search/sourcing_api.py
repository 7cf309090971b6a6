"""GET /api/v1/sourcing/match — volume matching as JSON (the README's *Public interfaces*).

The same request as the sourcing page (/<lang>/sourcing/): the parameters are checked by
`products.match_form.MatchForm`, whose first error is a 400 {"error": "…"} in `lang`; the
producers are found by `products.matching.match` and described by products/match_text.py.
"""

from django.utils import translation
from ninja import Field, Query, Router, Schema, Status
from wagtail.models import Locale

from products.match_form import MatchForm, first_error
from products.match_text import figure, headline, hint_text, profile_url
from products.matching import certification_names, match, picked_products
from search.query import LANGUAGES

router = Router(tags=["sourcing"])


class SourcingError(Schema):
    error: str


def message_language(request):
    """`lang` when it is one of ours, else English (as search/api.py answers)."""
    given = set(request.GET.getlist("lang"))
    return given.pop() if len(given) == 1 and given <= set(LANGUAGES) else "en"


class TitleUrl(Schema):
    title: str
    url: str


class MatchedProducer(Schema):
    name: str
    url: str = Field(description="The producer's profile, absolute; empty if none")
    province: str
    share: float = Field(description="What the inquiry asks of it, in `unit` per `period`")
    capacity: float = Field(description="Its largest product's capacity, in `unit` per `period`")
    months: list[int] = Field(description="The months wanted in which it takes a share")
    certifications: list[str] = Field(description="Certification slugs it holds")
    stars: int
    exports_to_destination: bool
    products: list[TitleUrl]


class MonthCoverage(Schema):
    month: int
    covered: float


class RequestOut(Schema):
    commodity: str
    quantity: float
    unit: str
    period: str
    months: list[int]
    certifications: list[str]
    destination: str


class MatchOut(Schema):
    request: RequestOut
    covered: float = Field(description="Covered in every month wanted (the worst month)")
    requested: float
    unit: str
    period: str
    coverage_by_month: list[MonthCoverage]
    producers: list[MatchedProducer]
    headline: str
    hint: str = Field(description="What would cover the rest, when it is not covered")


@router.get(
    "/match",
    response={200: MatchOut, 400: SourcingError},
    summary="The producers whose combined capacity covers a volume",
)
def sourcing_match(
    request,
    commodity: str = Query(..., description="Commodity slug or name in either language"),
    quantity: str = Query(..., description="Amount wanted, more than 0"),
    unit: str = Query("t", description="`t`, `kg`, `l`, `piece`, `box`, `bottle`, `pack`…"),
    period: str = Query("month", description="`month`, `shipment` (each month wanted) or `year`"),
    month: list[str] = Query([], description="Month 1–12; repeatable; none: every month"),  # noqa: B008
    certification: list[str] = Query([], description="Certification slug; repeatable"),  # noqa: B008
    destination: str = Query("", description="Destination country, ISO 3166 alpha-2"),
    province: str = Query("", description="Only this province (slug)"),
    region: str = Query("", description="Only this region (key)"),
    lang: str = Query("en", description="`en` or `vi`"),
):
    """Producers are counted once per commodity (their largest product), picked largest and
    best certified first (then OCOP stars, then those exporting to `destination`) until
    every month wanted is covered; the last one takes what is left."""
    with translation.override(message_language(request)):
        if lang not in LANGUAGES:
            return Status(400, {"error": "lang: must be `en` or `vi`"})
        form = MatchForm.from_params(request.GET)
        if not form.is_valid():
            return Status(400, {"error": first_error(form)})
        locale = Locale.get_active()
        return match_json(request, match(form.match_request(), locale), locale)


def match_json(request, result, locale):
    asked = result.request
    names = certification_names()
    pages = picked_products(result, locale)
    return {
        "request": {
            "commodity": asked.commodity.slug,
            "quantity": asked.quantity,
            "unit": asked.unit,
            "period": asked.period,
            "months": list(asked.months),
            "certifications": [c.slug for c in asked.certifications],
            "destination": asked.destination,
        },
        "covered": figure(asked.as_asked(result.covered)),
        "requested": asked.quantity,
        "unit": asked.unit,
        "period": asked.period,
        "coverage_by_month": [
            {"month": m, "covered": figure(asked.as_asked(result.covered_by_month[m]))}
            for m in asked.wanted_months
        ],
        "producers": [producer_json(request, pick, asked, names, pages) for pick in result.picks],
        "headline": headline(result),
        "hint": hint_text(result),
    }


def producer_json(request, pick, asked, names, pages):
    offer = pick.offer
    url = profile_url(offer.slug)
    products = [pages[pk] for pk in offer.product_ids if pk in pages]
    return {
        "name": offer.name,
        "url": request.build_absolute_uri(url) if url else "",
        "province": offer.province_title,
        "share": figure(asked.as_asked(pick.share)),
        "capacity": figure(asked.as_asked(offer.largest)),
        "months": sorted(pick.shares),
        "certifications": sorted(names[pk].slug for pk in offer.certifications if pk in names),
        "stars": offer.stars,
        "exports_to_destination": offer.exports_there,
        "products": [
            {"title": page.title, "url": request.build_absolute_uri(page.get_url(request))}
            for page in products
        ],
    }
