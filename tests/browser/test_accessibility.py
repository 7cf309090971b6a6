"""WCAG 2.1 A and AA, checked by axe-core (npm) in Chromium on one page of every public
page type, in both languages, at desktop width and, for the busiest pages, phone width."""

from pathlib import Path

import pytest

from products.models import ProductPage
from tests.public_pages import LANGUAGES, SHORTLISTED, inquiry_fields, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE_PAGES = {"home", "catalogue", "catalogue-search", "product", "producer"}


def axe_violations(page, name):
    """What axe finds on the loaded page, one line per rule and the nodes it failed on."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(result => result.violations)",
        WCAG_21_AA,
    )
    return [
        f"{name} {page.url}: {violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(
            f"    {node['target']}: {node['failureSummary']}".replace("\n", " ")
            for node in violation["nodes"][:8]
        )
        for violation in violations
    ]


def check(page, name, url):
    response = page.goto(url, wait_until="load")
    assert response.status == (404 if name == "not-found" else 200), url
    return axe_violations(page, name)


def shortlist_and_inquiry(page, base, language):
    """The pages behind the buyer's session: a shortlist with one product, the inquiry
    about it, and the confirmation once it is sent."""
    product = ProductPage.objects.get(import_ref=SHORTLISTED, locale__language_code=language)
    page.goto(base + product.url)
    page.locator(f".shortlist-form:has([name=product][value='{product.pk}']) button").first.click()
    page.wait_for_load_state("load")
    found = check(page, "shortlist", f"{base}/{language}/shortlist/")
    found += check(page, "inquiry-shortlist", f"{base}/{language}/inquiry/?shortlist=1")
    for field, value in inquiry_fields(language).items():
        page.locator(f".inquiry-form [name={field}]").fill(value)
    page.locator(".inquiry-form [name=consent]").check()
    quantity = page.locator(f".inquiry-form [name='item-{product.pk}-quantity']")
    quantity.fill("-1")  # a row with an error first: its markup is checked too
    page.locator(".inquiry-form [type=submit]").click()
    page.wait_for_load_state("load")
    found += axe_violations(page, "inquiry-shortlist-errors")
    page.locator(f".inquiry-form [name='item-{product.pk}-quantity']").fill("")
    page.locator(".inquiry-form [name=consent]").check()
    page.locator(".inquiry-form [type=submit]").click()
    page.wait_for_url(f"**/{language}/inquiry/sent/")
    found += axe_violations(page, "inquiry-sent")
    producer = f"{base}/{language}/inquiry/?producer={product.producer_id}"
    return found + check(page, "inquiry-producer", producer)


def test_every_public_page_type_meets_wcag_21_aa(
    hub, certificates_in_force, live_server, open_page
):
    # One test for both languages and widths: each live-server test rebuilds the data.
    found = []
    for language in LANGUAGES:
        desktop = open_page(
            language, {"width": 1280, "height": 900}, bypass_csp=True
        )  # to inject axe
        for name, path in public_pages(language):
            found += check(desktop, name, live_server.url + path)
        found += shortlist_and_inquiry(desktop, live_server.url, language)
        # Contrast (text over pictures, folded filters) and target sizes change on a phone.
        phone = open_page(language, {"width": 390, "height": 844}, bypass_csp=True)
        for name, path in public_pages(language):
            if name in PHONE_PAGES:
                found += check(phone, f"{name} (phone)", live_server.url + path)
    assert not found, f"{len(found)} WCAG 2.1 AA violations:\n" + "\n".join(found)
