"""One page of every public page type, for the checks that run over all of them
(tests/browser/test_accessibility.py in a browser, tests/test_html_validity.py without).

The shortlist and the inquiry-sent page need a session: each check makes it its own way,
with the steps below (`SHORTLISTED` on the shortlist, then an inquiry sent about it)."""

from wagtail.models import Locale

LANGUAGES = ("en", "vi")
SHORTLISTED = "T-002"  # Tan Cuong green tea: a product with every optional field filled


def public_pages(language):
    """[(name, path)] of the pages anyone can open in `language`, from the shared test data."""
    from events.models import EventIndexPage, EventPage
    from products.models import ProductIndexPage, ProductPage
    from regions.models import RegionIndexPage, SalesPointIndexPage, SalesPointPage
    from showcase.models import HomePage

    locale = Locale.objects.get(language_code=language)

    def one(model, **filters):
        return model.objects.live().filter(locale=locale, **filters).first()

    product = one(ProductPage, import_ref=SHORTLISTED)
    province = product.get_parent().specific
    region = province.get_parent().specific
    catalogue = one(ProductIndexPage).url
    events = one(EventIndexPage).url
    # A future event with exhibitors (products and booths) and a registration deadline.
    event = one(EventPage, start__year=2099, exhibitors__isnull=False)
    return [
        ("home", one(HomePage).url),
        ("region-index", one(RegionIndexPage).url),
        ("region", region.url),
        ("province", province.url),
        ("catalogue", catalogue),
        (
            "catalogue-search",
            f"{catalogue}?q=tea&category={product.category.slug}&stars={product.ocop_stars}"
            "&export_ready=true",
        ),
        ("product", product.url),
        ("producer", f"/{language}/producers/{product.producer.slug}/"),
        ("events", events),
        ("events-calendar", f"{events}?view=calendar&month=2099-12"),
        ("events-past", f"{events}?view=past"),
        ("event", event.url),
        ("sales-points", one(SalesPointIndexPage).url),
        ("sales-point", one(SalesPointPage, latitude__isnull=False).url),
        ("inquiry-form", f"/{language}/inquiry/?product={product.pk}"),
        ("inquiry-sourcing", f"/{language}/inquiry/"),
        ("supply-index", f"/{language}/supply/"),
        ("supply", f"/{language}/supply/{product.commodity.slug}/"),
        ("sourcing", f"/{language}/sourcing/"),
        (
            "sourcing-match",
            f"/{language}/sourcing/?commodity=dragon-fruit&quantity=500&unit=t&month=5&month=6"
            "&month=7&certification=globalgap&destination=NL",
        ),
        ("about", "/en/about/" if language == "en" else "/vi/gioi-thieu/"),
        ("privacy", "/en/privacy/" if language == "en" else "/vi/quyen-rieng-tu/"),
        ("not-found", f"/{language}/no-such-page/"),
    ]


def inquiry_fields(language):
    """What a buyer types into the inquiry form (by field name)."""
    return {
        "name": "Anna de Vries",
        "email": "anna@groen.example",
        "message": "Please quote CIF Rotterdam." if language == "en" else "Xin báo giá CIF.",
    }
