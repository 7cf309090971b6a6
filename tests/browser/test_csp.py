"""The Content-Security-Policy in a real browser: one page of every public page type, in both
languages, the API's documentation, and the editors' admin (dashboard, page editor with its preview, wagtail-localize's
translation editor), load and work with nothing blocked. The policy is enforced, never
bypassed, here."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from products.models import ProductPage
from tests.browser.helpers import DESKTOP, PASSWORD, log_in
from tests.public_pages import LANGUAGES, SHORTLISTED, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Before any of the page's own scripts, in every frame: keep what the policy blocked.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
        + ` in ${event.sourceFile || document.location.href}:${event.lineNumber}`
        + (event.sample ? ` (${event.sample})` : "")
    );
});
"""


def watch(page):
    """Record the policy's violations on `page`: events in the page, messages from frames."""
    page.add_init_script(RECORD_VIOLATIONS)
    messages = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and messages.append(message.text),
    )
    return messages


def violations(page, messages):
    return [*page.evaluate("window.cspViolations"), *messages]


def test_no_public_page_breaks_the_policy(hub, live_server, open_page):
    found = []
    for language in LANGUAGES:
        page = open_page(language, DESKTOP)
        messages = watch(page)
        for name, path in public_pages(language):
            response = page.goto(live_server.url + path, wait_until="load")
            assert response.status == (404 if name == "not-found" else 200), path
            if name == "sales-points":
                # Leaflet (a static file) drew the map and its markers under the policy.
                expect(page.locator("#sales-map.leaflet-container")).to_be_visible()
                expect(page.locator("#sales-map path.leaflet-interactive")).not_to_have_count(0)
            if name == "home":
                # The product groups' bars have widths without any style attribute.
                bars = page.locator(".category-bars .bar-fill")
                expect(bars.first).to_be_visible()
                widths = [box["width"] for box in bars.evaluate_all(BOXES)]
                assert max(widths) > min(widths) > 0, widths
            found += [f"{language} {name}: {v}" for v in violations(page, messages)]
            messages.clear()

        # The shortlist needs a product on it, added as a buyer adds it.
        product = ProductPage.objects.get(import_ref=SHORTLISTED, locale__language_code=language)
        page.goto(live_server.url + product.url, wait_until="load")
        page.locator(".product-actions .shortlist-toggle").click()
        expect(page.locator(".product-actions .shortlist-toggle")).to_have_attribute(
            "aria-pressed", "true"
        )
        page.goto(f"{live_server.url}/{language}/shortlist/", wait_until="load")
        expect(page.locator(".card-grid .product-card")).to_have_count(1)
        found += [f"{language} shortlist: {v}" for v in violations(page, messages)]
        messages.clear()

    # The API's documentation (django-ninja's Swagger UI, served locally) under the same policy.
    page.goto(f"{live_server.url}/api/v1/docs", wait_until="load")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    found += [f"API docs: {v}" for v in violations(page, messages)]
    assert not found, "\n".join(found)


BOXES = "elements => elements.map(element => element.getBoundingClientRect().toJSON())"


def test_the_admin_works_under_its_policy(hub, live_server, browser):
    get_user_model().objects.create_superuser("quantri", "quantri@hub.example", PASSWORD)
    admin = log_in(browser, live_server, "quantri")
    messages = watch(admin)
    found = []

    def visit(what, url):
        admin.goto(live_server.url + url, wait_until="load")
        found.extend(f"{what}: {v}" for v in violations(admin, messages))
        messages.clear()

    visit("dashboard", "/admin/")
    expect(admin.locator("main")).to_be_visible()

    # Wagtail's page editor, with the live preview in its side panel (a same-origin frame).
    source = ProductPage.objects.get(import_ref=SHORTLISTED, locale__language_code="vi")
    visit("editor", f"/admin/pages/{source.pk}/edit/")
    admin.locator("[data-side-panel-toggle='preview']").click()
    preview = admin.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_contain_text(source.title, timeout=20_000)
    found.extend(f"preview: {v}" for v in violations(admin, messages))
    messages.clear()

    # wagtail-localize's editor for the English translation (a React app).
    english = ProductPage.objects.get(import_ref=SHORTLISTED, locale__language_code="en")
    visit("translation editor", f"/admin/pages/{english.pk}/edit/")
    editor = admin.locator(".js-translation-editor")
    expect(editor.get_by_text(re.compile(re.escape(english.title))).first).to_be_visible()
    found.extend(f"translation editor: {v}" for v in violations(admin, messages))
    messages.clear()

    # Wagtail's user bar on a public page, for a logged-in editor, under the public policy.
    visit("user bar", english.url)
    admin.locator("wagtail-userbar").get_by_role("button").first.click()
    expect(admin.locator("wagtail-userbar").get_by_role("menuitem").first).to_be_visible()
    found.extend(f"user bar: {v}" for v in violations(admin, messages))
    assert not found, "\n".join(found)
