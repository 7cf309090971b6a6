"""What editors and buyers type is shown as text, never run as script, wherever it appears.

Script payloads go into every field an editor writes (through the spreadsheet import, as a
provincial editor would, and on the pages themselves) and every field a buyer writes (the
inquiry form, the search box, the facet parameters); then every place those values are
shown is read back — the public pages in both languages with their JSON-LD, the JSON APIs,
the printable catalogue's HTML, the admin's inquiry list and detail, and the e-mails — and
no payload may appear as markup. tests/browser/test_xss.py loads the same pages in Chromium.
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import Locale

from events.models import EventPage
from inquiries.models import Inquiry
from products.importing import ProductImporter
from products.models import Commodity, ProductPage
from regions.models import ProvincePage, SalesPointPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]

# Each payload sets window.__xss if it runs (the browser test checks that).
PAYLOAD = (
    '<script>window.__xss=1</script>"><img src=x onerror=window.__xss=1>'
    "</script><script>window.__xss=1</script><svg onload=window.__xss=1>'"
)
SHORT = '"><img src=x onerror=window.__xss=1>'
JAVASCRIPT_URL = "javascript:window.__xss=1"
# Markup a payload would leave if it came through unescaped.
UNESCAPED = re.compile(
    r"<script>window\.__xss|<img src=x|<svg onload|</script><script>|"
    r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""",
    re.IGNORECASE,
)


def assert_no_markup(text, where):
    found = UNESCAPED.search(text)
    context = text[max(found.start() - 120, 0) : found.end() + 40] if found else ""
    assert found is None, f"{where}: unescaped payload …{context}…"


def rich_text_from_editor(text, url):
    """A paragraph with a link as the admin's rich text editor stores it (the Draftail
    contentstate converted on save, which is where Wagtail validates link URLs)."""
    import json

    contentstate = {
        "blocks": [
            {
                "key": "a1b2c",
                "text": text,
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 8, "key": 0}],
            }
        ],
        "entityMap": {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}},
        },
    }
    converter = ContentstateConverter(features=["bold", "italic", "link", "ol", "ul"])
    return converter.to_database_format(json.dumps(contentstate))


@pytest.fixture
def poisoned(fixture_rows, write_csv):
    """Payloads in every editor-written field of a product (through the import), an event,
    a sales point and a province, in both languages."""
    header, rows = fixture_rows[0], fixture_rows[1:]
    row = dict(zip(header, next(r for r in rows if r[0] == "T-001"), strict=True))
    row.update(
        name_vi="Bí xanh " + PAYLOAD,
        name_en="Squash " + PAYLOAD,
        producer="HTX " + PAYLOAD,
        description_vi="Mô tả " + PAYLOAD,
        description_en="About " + PAYLOAD,
        commodity="Hostile " + SHORT,
        min_order=SHORT,
        packaging=PAYLOAD,
    )
    result = ProductImporter().run(write_csv([header, [row[name] for name in header]]))
    assert result.ok, result.errors

    body = rich_text_from_editor("Register " + PAYLOAD, JAVASCRIPT_URL)
    # CVE-2021-29434 (GHSA-wq5h-f9p5-q7fx): the rich text editor drops javascript: links.
    assert "javascript:" not in body
    for event in EventPage.objects.filter(slug="tea-fair-2099"):
        for name in ("title", "introduction", "venue", "organiser"):
            setattr(event, name, PAYLOAD)
        event.city = SHORT  # at most 100 characters
        event.body = body
        event.save()
    for point in SalesPointPage.objects.filter(slug__in=["tan-cuong-showroom"]):
        for name in ("title", "introduction", "address", "opening_hours"):
            setattr(point, name, PAYLOAD)
        point.save()
    for province in ProvincePage.objects.filter(slug="thai-nguyen"):
        province.introduction = PAYLOAD
        province.body = body
        province.save()
    cache.clear()  # cached listings and labels are rebuilt from the poisoned content
    return {
        language: ProductPage.objects.get(import_ref="T-001", locale__language_code=language)
        for language in ("en", "vi")
    }


def public_pages(product, language):
    event = EventPage.objects.get(slug="tea-fair-2099", locale__language_code=language)
    point = SalesPointPage.objects.filter(locale__language_code=language).first()
    commodity = Commodity.objects.get(name_en="Hostile " + SHORT)
    province = product.get_parent()
    catalogue = "/en/products/" if language == "en" else "/vi/san-pham/"
    return [
        f"/{language}/",
        product.url,
        province.url,
        province.get_parent().url,
        catalogue,
        f"{catalogue}?q=squash",
        f"{catalogue}?commodity={commodity.slug}",
        event.url,
        event.get_parent().url,
        point.url,
        point.get_parent().url,
        f"/{language}/supply/",
        f"/{language}/supply/{commodity.slug}/",
        f"/{language}/inquiry/?product={product.pk}",
        f"/{language}/shortlist/",
    ]


@pytest.mark.parametrize("language", ["en", "vi"])
def test_editors_payloads_are_text_on_every_public_page(client, poisoned, language):
    product = poisoned[language]
    client.post(f"/{language}/shortlist/add/", {"product": product.pk, "next": "/"})
    for url in public_pages(product, language):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_no_markup(html, url)
        # The JSON-LD blocks stay one script element each: a "</script>" inside would end
        # the block and start markup of the payload's choosing.
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            assert "<" not in block, url
    assert "Squash" in client.get(product.url).content.decode() or language == "vi"


@pytest.mark.parametrize("language", ["en", "vi"])
def test_editors_payloads_in_the_json_apis_are_data(client, poisoned, language):
    words = "squash" if language == "en" else "bi xanh"
    for url in [
        f"/api/v1/products/search?q={words}&lang={language}",
        f"/api/v1/products/suggest?q={words}&lang={language}",
        f"/api/v2/pages/{poisoned[language].pk}/",
        f"/api/v2/pages/?type=products.ProductPage&locale={language}&fields=title",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        # JSON is never read as HTML: its type is JSON, and browsers may not sniff another.
        assert response["Content-Type"].startswith("application/json"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
    found = client.get(f"/api/v1/products/search?q={words}&lang={language}").json()["results"]
    assert PAYLOAD in found[0]["title"]  # kept exactly, for the partner to escape


def test_printable_catalogue_escapes_editors_payloads(poisoned):
    from django.contrib.auth.models import AnonymousUser

    from products.printing import catalogue_html

    request = RequestFactory().get("/en/print/products.pdf")
    request.user = AnonymousUser()
    html = catalogue_html(
        request, title=PAYLOAD, subtitle=PAYLOAD, products=[poisoned["en"], poisoned["vi"]]
    )
    assert "Squash" in html
    assert_no_markup(html, "printable catalogue")


BUYER_FIELDS = ("name", "company", "phone", "packaging", "message")


@pytest.fixture
def buyers_inquiry(client, poisoned):
    cache.clear()  # the inquiry rate limit counts in the cache
    data = {name: SHORT for name in BUYER_FIELDS}
    data.update(
        message=PAYLOAD,
        email="buyer@example.org",
        country="NL",
        destination_country="NL",
        quantity="2",
        quantity_unit="t",
        incoterm="CIF",
        consent="on",
        product=poisoned["en"].pk,
    )
    response = client.post(f"/en/inquiry/?product={poisoned['en'].pk}", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Inquiry.objects.get(email="buyer@example.org")


def test_buyers_payloads_are_text_in_the_admin_and_the_mails(
    client, buyers_inquiry, django_user_model
):
    assert buyers_inquiry.message == PAYLOAD
    assert mail.outbox
    for message in mail.outbox:
        assert message.content_subtype == "plain" or not UNESCAPED.search(message.body)
        for alternative, mimetype in getattr(message, "alternatives", []):
            if "html" in mimetype:
                assert_no_markup(alternative, f"e-mail to {message.to}")
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(admin)
    for url in ["/admin/inquiries/", f"/admin/inquiries/edit/{buyers_inquiry.pk}/", "/admin/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_markup(response.content.decode(), url)


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize(
    "params",
    [
        {"q": PAYLOAD},
        {"province": PAYLOAD},
        {"category": SHORT, "commodity": PAYLOAD, "certification": SHORT},
        {"region": PAYLOAD, "q": SHORT},
        {"stars": PAYLOAD},
        {"sort": PAYLOAD},
        {"page": SHORT},
    ],
)
def test_buyers_search_and_filters_are_text_on_the_catalogue(client, language, params):
    catalogue = "/en/products/" if language == "en" else "/vi/san-pham/"
    response = client.get(catalogue, params)
    assert response.status_code in (200, 400)  # a wrong parameter is said, with a 400
    assert_no_markup(response.content.decode(), f"{catalogue} {params}")
    events = "/en/events/" if language == "en" else "/vi/su-kien/"
    response = client.get(events, params)
    assert response.status_code in (200, 400)
    assert_no_markup(response.content.decode(), f"events {params}")


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "https:evil.example",
        " //evil.example",
        "http:///evil.example",
        JAVASCRIPT_URL,
        "data:text/html,<script>window.__xss=1</script>",
    ],
)
def test_shortlist_next_never_leaves_the_site(client, target):
    product = ProductPage.objects.filter(locale=Locale.objects.get(language_code="en")).first()
    for action in ("add", "remove"):
        response = client.post(f"/en/shortlist/{action}/", {"product": product.pk, "next": target})
        assert response.status_code == 302
        assert response.url == "/en/shortlist/", (action, target, response.url)
