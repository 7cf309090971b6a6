"""The pages that show editors' and buyers' payloads (tests/test_xss.py), loaded in Chromium:
no script of theirs runs and no dialog opens."""

import pytest

from tests import test_xss
from tests.test_xss import PAYLOAD, SHORT, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

poisoned = test_xss.poisoned  # payloads in a product, an event, a sales point and a province


def test_payloads_do_not_run_in_the_browser(
    hub, certificates_in_force, poisoned, live_server, browser
):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    urls = []
    for language in ("en", "vi"):
        product = poisoned[language]
        urls += public_pages(product, language)
        catalogue = "/en/products/" if language == "en" else "/vi/san-pham/"
        urls.append(catalogue + "?" + f"q={SHORT}&province={PAYLOAD}".replace("#", "%23"))
    # The shortlist holds the poisoned products too, as a buyer's session would.
    page.goto(f"{live_server.url}/en/", wait_until="domcontentloaded")
    for product in poisoned.values():
        page.request.post(
            f"{live_server.url}/en/shortlist/add/",
            form={"product": str(product.pk), "next": "/en/"},
            headers={"Origin": live_server.url},
        )
    try:
        for url in urls:
            response = page.goto(f"{live_server.url}{url}", wait_until="load")
            assert response.status == 200, url
            page.wait_for_timeout(50)  # an onerror/onload handler would have run by now
            assert page.evaluate("typeof window.__xss") == "undefined", url
            assert dialogs == [], url
            assert page.locator("h1").count() == 1, url
        # The map's markers name each place in a tooltip on hover (static/js/map.js).
        for language, directory in (("en", "/en/sales-points/"), ("vi", "/vi/diem-ban/")):
            page.goto(f"{live_server.url}{directory}", wait_until="load")
            markers = page.locator("#sales-map path.leaflet-interactive")
            assert markers.count() >= 1, language
            tooltips = []
            for index in range(markers.count()):
                markers.nth(index).hover(force=True)
                page.wait_for_timeout(50)
                assert page.evaluate("typeof window.__xss") == "undefined", (language, index)
                tooltips += page.locator(".leaflet-tooltip").all_inner_texts()
            assert PAYLOAD in tooltips, tooltips  # shown as the text it is
            assert dialogs == []
        product_page = poisoned["en"].url
        page.goto(f"{live_server.url}{product_page}", wait_until="load")
        # The payload is shown to the reader as the text the editor typed.
        assert "<script>window.__xss=1</script>" in page.locator("h1").inner_text()
    finally:
        context.close()
