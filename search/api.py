"""GET /api/v1/products/search — the catalogue as JSON, as the README's *Public interfaces*
specify.

The parameters are declared here for the OpenAPI schema (/api/v1/docs) and checked by
`CatalogueQuery.from_params`, the same rules the catalogue page follows; a bad parameter
is a 400 with {"error": "…"}.
"""

from urllib.parse import urlencode

from django.utils import translation
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import ValidationError

from products.models import ProductIndexPage
from products.profiles import listed_profile_url
from search.query import LANGUAGES, CatalogueQuery, run
from search.suggesting import suggestions
from showcase.base import visible
from showcase.params import ParameterError

api = NinjaAPI(
    title="OCOP Vietnam Hub API",
    version="1",
    description="Search Vietnam's OCOP products from all 34 provinces, in English or Vietnamese.",
    urls_namespace="api-v1",
)


class Error(Schema):
    error: str


class Named(Schema):
    slug: str
    title: str


class ProducerOut(Schema):
    name: str
    type: str
    url: str | None = Field(None, description="The producer's profile on the hub, in `lang`")


class SupplyOut(Schema):
    amount: float
    unit: str
    period: str


class PriceOut(Schema):
    min: float = Field(description="The lowest indicative price per unit")
    max: float = Field(description="The highest; the same as `min` for one price")
    currency: str = Field(description="ISO 4217: USD, EUR, VND…")
    unit: str = Field(description="What the price is for: kg, t, l, piece, box…")
    incoterm: str = Field(description="The Incoterm it is quoted in, or empty")
    given_on: str = Field(description="The day the price was given (ISO date): prices age")


class TermsOut(Schema):
    price: PriceOut | None = Field(description="An indicative price, or null: on request")
    incoterms: list[str] = Field(description="The Incoterms offered: EXW, FOB, CIF…")
    port_of_loading: str
    lead_time_days: int | None = Field(description="From a confirmed order to goods ready")
    samples: str = Field(description="`available`, `on_request`, `none`, or empty")


class ProductOut(Schema):
    title: str
    url: str
    province: Named
    region: Named
    category: Named
    stars: int
    certifications: list[str]
    producer: ProducerOut | None
    supply: SupplyOut | None
    harvest_months: list[int]
    export_markets: list[str]
    ocop_certificate_expired: bool
    terms: TermsOut


class UnderstoodOut(Schema):
    facet: str = Field(
        description="The filter it became: certification, stars, province, region or hs"
    )
    value: str = Field(description="The filter's value, as its parameter takes it")
    label: str = Field(description="What a person reads, in `lang`")
    typed: str = Field(description="The words of `q` it was read from (folded)")


class SearchOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[ProductOut]
    facets: dict[str, dict[str, int]]
    corrected_query: str | None = Field(
        description="The words searched for when the hub corrected the spelling of `q` "
        "(`dragon frut` → `dragon fruit`), else null; `as_typed=true` searches `q` as it is"
    )
    understood: list[UnderstoodOut] = Field(
        description="What `q` named that became filters (certifications, OCOP ratings, "
        "provinces and regions, HS codes), applied as if given as parameters"
    )
    searched_words: str = Field(description="The words of `q` searched as text, folded")
    partial: bool = Field(
        description="No product matches every word: the results match most of them"
    )
    unmatched_words: list[str] = Field(description="Words of `q` that no product holds")


@api.exception_handler(ValidationError)
def bad_parameters(request, error):
    first = error.errors[0] if error.errors else {}
    where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "request"
    return api.create_response(
        request, {"error": f"{where}: {first.get('msg', 'invalid')}"}, status=400
    )


@api.get(
    "/products/search",
    response={200: SearchOut, 400: Error},
    summary="Search OCOP products with facets",
    tags=["products"],
)
def search_products(
    request,
    # Declared as text and checked by CatalogueQuery, so that a wrong value gets its message.
    q: str = Query("", description="Words to find, diacritics optional; at most 1000 characters"),
    lang: str = Query("en", description="`en` or `vi`"),
    region: list[str] = Query([], description="Region slug; repeatable"),  # noqa: B008
    province: list[str] = Query([], description="Province slug; repeatable"),  # noqa: B008
    category: list[str] = Query([], description="Product group slug; repeatable"),  # noqa: B008
    commodity: list[str] = Query([], description="Commodity slug; repeatable"),  # noqa: B008
    certification: list[str] = Query([], description="Certification slug; repeatable"),  # noqa: B008
    stars: list[str] = Query([], description="OCOP stars: 3, 4 or 5; repeatable"),  # noqa: B008
    month: list[str] = Query([], description="Month 1–12; repeatable"),  # noqa: B008
    hs: list[str] = Query([], description="HS code prefix: `0904`, `0904.11`; repeatable"),  # noqa: B008
    export_ready: str = Query("", description="`true` or `false`"),
    incoterm: list[str] = Query(  # noqa: B008
        [], description="An Incoterm offered (EXW, FCA, FOB, CFR, CIF…); repeatable: any of them"
    ),
    price_given: str = Query("", description="`true`: with an indicative price; `false`: without"),
    include_expired: str = Query("", description="`true` to include expired certificates"),
    sort: str = Query(
        "relevance",
        description="`relevance`, `stars`, `updated` or `price` (lowest price first, "
        "products without a price last)",
    ),
    page: str = Query("1", description="Page number, from 1 to the last page"),
    page_size: str = Query("24", description="Results per page, 1–100"),
    as_typed: str = Query(
        "",
        description="`true`: search `q` as typed, without spelling correction or filters read from it",
    ),
):
    """Facet counts follow drill-down semantics: each facet is counted with its own filter
    left out. `month` (1–12) keeps products available or harvested that month. Products
    whose OCOP certificate has expired are left out unless `include_expired=true`; each
    result says whether its certificate has expired."""
    with translation.override(message_language(request)):
        try:
            query = CatalogueQuery.from_params(request.GET)
            result = run(query, clamp_page=False)
        except ParameterError as error:
            return Status(400, {"error": str(error)})
        results = [product_json(request, product) for product in result.products]
        read = reading_json(result)
    return {
        "count": result.count,
        "page": query.page,
        "page_size": query.page_size,
        "results": results,
        "facets": {name: result.facets[name] for name in
                   ("region", "province", "category", "stars", "certification", "month",
                    "commodity", "export_ready", "incoterm", "price_given")},
        **read,
    }  # fmt: skip


def reading_json(result):
    """How `q` was read (search/reading.py) and what its words found."""
    reading, text = result.reading, result.text
    return {
        "corrected_query": (reading.corrected or None) if reading else None,
        "understood": [
            {"facet": item.facet, "value": str(item.value), "label": item.label,
             "typed": item.typed}
            for item in (reading.understood if reading else [])
        ],
        "searched_words": " ".join(reading.words) if reading else "",
        "partial": bool(text and text.partial),
        "unmatched_words": list(text.unmatched) if text else [],
    }  # fmt: skip


class Suggestion(Schema):
    title: str
    url: str
    province: str = Field(
        description="A product's province; for a commodity or a province, what it is"
    )
    kind: str = Field(description="`product`, `commodity` or `province`")


@api.get(
    "/products/suggest",
    response={200: list[Suggestion], 400: Error},
    summary="Commodities, provinces and products matching what has been typed so far",
    tags=["products"],
)
def suggest_products(
    request,
    q: str = Query("", description="What has been typed; at most 100 characters"),
    lang: str = Query("en", description="`en` or `vi`"),
):
    """Up to 8 suggestions whose words start as typed, diacritics optional ("ba b", "tan
    cu"), one slip forgiven from the third letter ("avca"): up to two commodities and two
    provinces (each links to the catalogue filtered by it), then products."""
    with translation.override(message_language(request)):
        try:
            found = suggestions(q, lang)
        except ParameterError as error:
            return Status(400, {"error": str(error)})
        catalogue = catalogue_address(lang) if any(s.kind != "product" for s in found) else ""
        return [suggestion_json(request, suggestion, catalogue) for suggestion in found]


def suggestion_json(request, suggestion, catalogue):
    if suggestion.kind == "product":
        url = suggestion.product.get_url(request)
    else:
        url = f"{catalogue}?{urlencode({suggestion.kind: suggestion.value})}"
    return {"title": suggestion.title, "url": url, "province": suggestion.detail,
            "kind": suggestion.kind}  # fmt: skip


def catalogue_address(lang):
    """The catalogue page's address in `lang` ("/en/products/")."""
    page = visible(ProductIndexPage.objects).filter(locale__language_code=lang).first()
    return page.url if page else ""


def message_language(request):
    """The language of the answer's names and error messages: `lang` when it is one of
    ours (checked again with the other parameters), English otherwise."""
    given = set(request.GET.getlist("lang"))
    return given.pop() if len(given) == 1 and given <= set(LANGUAGES) else "en"


def product_json(request, product):
    province, producer = product.province, product.public_producer
    return {
        "title": product.title,
        "url": request.build_absolute_uri(product.get_url(request)),
        "province": {"slug": province.slug, "title": province.title},
        "region": {"slug": province.region.key, "title": province.region.title},
        "category": {"slug": product.category.slug, "title": product.category.name},
        "stars": product.ocop_stars,
        "certifications": [c.slug for c in product.certifications.all()],
        "producer": (
            {
                "name": producer.name,
                "type": producer.producer_type,
                "url": producer_url(request, product),
            }
            if producer
            else None
        ),
        "supply": product.supply,
        "harvest_months": product.harvest_months,
        "export_markets": [country.code for country in product.export_markets],
        "ocop_certificate_expired": product.ocop_certificate_expired,
        "terms": terms_json(product),
    }


def terms_json(product):
    """The product's commercial terms (products/terms.py) as the API gives them."""
    price = None
    if product.price_given:
        low = product.price_min if product.price_min is not None else product.price_max
        high = product.price_max if product.price_max is not None else low
        price = {"min": float(low), "max": float(high), "currency": product.price_currency,
                 "unit": product.price_unit, "incoterm": product.price_incoterm,
                 "given_on": product.price_given_on.isoformat() if product.price_given_on else ""}  # fmt: skip
    return {
        "price": price,
        "incoterms": product.incoterm_codes,
        "port_of_loading": product.port_of_loading,
        "lead_time_days": product.lead_time_days,
        "samples": product.samples,
    }


def producer_url(request, product):
    """The absolute address of the product's producer's profile (in the active language,
    the request's `lang`), or None."""
    url = listed_profile_url(product)
    return request.build_absolute_uri(url) if url else None


# Volume matching, GET /api/v1/sourcing/match (search/sourcing_api.py).
from search.sourcing_api import router as sourcing_router  # noqa: E402

api.add_router("/sourcing", sourcing_router)
