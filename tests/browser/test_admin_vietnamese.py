"""Every admin screen a provincial editor and a central reviewer reach is in Vietnamese.

Each signs in with the admin in Vietnamese and visits every screen reachable by following
the admin's links from the dashboard (one address of each shape: /admin/pages/N/edit/ once,
plus each page type's editor), the choosers a product's editor opens, the translation
editor, the import's preview, an inquiry and the screens before signing in. The test fails
on any English word of Wagtail's or wagtail-localize's catalogues left on a screen
(tests/browser/admin_scan.py says what counts), naming the screen and the text.
"""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource

from editorial.review import submit_for_review
from events.models import EventPage
from inquiries.models import Inquiry
from products.models import ProductPage
from regions.models import ProvincePage, SalesPointPage
from tests.browser.admin_scan import READ_SCREEN, content_texts, english_left, english_words
from tests.browser.helpers import editor, log_in, reviewer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.interface_only,
    pytest.mark.django_db(transaction=True),
]

MAX_SCREENS = 120
# Not screens: files, the public site in a frame, signing out, JSON for scripts.
SKIPPED = re.compile(
    r"/logout/|/jsi18n/|/preview/|/view_draft/|\.xlsx|\.csv|export=|/documents/serve/"
    r"|/download/|/authenticate_with_password/|/images/\d+/generate_url/|/api/|/sitemap"
)


@pytest.fixture
def people(hub):
    thai_nguyen = editor("bientap.thainguyen", "thai-nguyen")
    central = reviewer("kiemduyet")
    province = ProvincePage.objects.get(slug="thai-nguyen", locale__language_code="vi")
    products = ProductPage.objects.child_of(province).filter(locale=province.locale)
    product, editable = products[0], products[1]
    submit_for_review([product], thai_nguyen)  # something awaits the reviewer
    buyer = Inquiry.objects.create(
        kind=Inquiry.Kind.PRODUCT, language="en", name="Anna de Vries", message="100 kg"
    )
    buyer.provinces.add(province, through_defaults={"status": Inquiry.Status.NEW})
    return {"editor": thai_nguyen, "reviewer": central, "product": product, "editable": editable}


def shape(url):
    return re.sub(r"\d+", "N", urlsplit(url).path)


def seeds(product):
    """Screens a crawl from the menu would reach only through scripts or forms: the editor
    of each page type of the province, and of the product's English translation."""
    english = product.get_translation_or_none(Locale.objects.get(language_code="en"))
    province = product.get_parent()
    children = Page.objects.child_of(province).filter(locale=product.locale)
    others = [children.type(model).first() for model in (SalesPointPage, EventPage)]
    pages = [product, english, province, *others]
    urls = [f"/admin/pages/{page.pk}/edit/" for page in pages if page is not None]
    return urls + [
        "/admin/",
        f"/admin/pages/{product.get_parent().pk}/",
        f"/admin/pages/{product.pk}/history/",
        f"/admin/pages/{product.get_parent().pk}/add_subpage/",
        f"/admin/localize/submit/page/{product.pk}/",
        f"/admin/localize/update/{TranslationSource.get_or_create_from_instance(product)[0].pk}/",
        "/admin/import-products/",
        "/admin/pages/search/?q=ch%C3%A8",  # the sidebar's search: a form, not a link
        "/admin/inquiries/",
        "/admin/account/",
    ]


def crawl(admin, base, start, english, content):
    """Visit screens breadth first from `start`; {screen: {word: text}} of what is English."""
    queue, shapes, found = deque(start), set(), {}
    forced = set(start)  # the seeds: several page types share /admin/pages/N/edit/
    while queue and len(shapes) < MAX_SCREENS:
        path = queue.popleft()
        if (shape(path) in shapes and path not in forced) or SKIPPED.search(path):
            continue
        forced.discard(path)
        shapes.add(shape(path))
        response = admin.goto(base + path)
        if response is None or response.status >= 400 or "/admin/" not in admin.url:
            continue
        left = english_left(admin.evaluate(READ_SCREEN), english, content)
        if left:
            found[path] = left
        for href in admin.eval_on_selector_all(
            "a[href^='/admin/']", "as => as.map(a => a.getAttribute('href'))"
        ):
            queue.append(href.split("#")[0])
    return found, shapes


def open_choosers(admin, base, product, english, content):
    """The modals a product's editor opens: each chooser button of the edit form."""
    found = {}
    admin.goto(f"{base}/admin/pages/{product.pk}/edit/")
    buttons = admin.locator("[data-chooser-action-choose]:visible, button.action-choose:visible")
    for index in range(min(buttons.count(), 6)):
        buttons.nth(index).click(force=True)  # a panel's header can overlap it
        modal = admin.locator(".modal-content:visible, [role=dialog]:visible").first
        expect(modal).to_be_visible()
        admin.wait_for_load_state("networkidle")
        left = english_left(admin.evaluate(READ_SCREEN), english, content)
        if left:
            found[f"chooser {index} of the product editor"] = left
        admin.keyboard.press("Escape")
        admin.wait_for_timeout(300)
    return found


def review_modal(admin, base, product, english, content):
    """The reviewer's "request changes" dialog on a page awaiting the review."""
    admin.goto(f"{base}/admin/pages/{product.pk}/edit/")
    admin.locator("footer [data-w-dropdown-target=toggle]").first.click()
    admin.locator("[data-workflow-action-name=reject]").first.click()
    modal = admin.locator(".modal-content:visible").first
    expect(modal).to_be_visible()
    left = english_left(admin.evaluate(READ_SCREEN), english, content)
    return {"request changes dialog": left} if left else {}


def import_preview(admin, base, tmp_path, fixture_rows, english, content):
    sheet = tmp_path / "san-pham.csv"
    rows = [fixture_rows[0], fixture_rows[2]]
    sheet.write_text("\n".join(",".join(f'"{c}"' for c in row) for row in rows), encoding="utf-8")
    admin.goto(f"{base}/admin/import-products/")
    admin.locator("input[type=file]").first.set_input_files(str(sheet))
    admin.locator("form [type=submit]").first.click()
    admin.wait_for_load_state("networkidle")
    left = english_left(admin.evaluate(READ_SCREEN), english, content)
    return {"import preview": left} if left else {}


def report(found):
    lines = []
    for screen, words in found.items():
        for word, text in sorted(words.items()):
            lines.append(f"{screen}: {word!r} in {text!r}")
    return "\n".join(lines)


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_every_admin_screen_is_vietnamese(
    role, people, live_server, browser, tmp_path, fixture_rows
):
    english, content = english_words(), content_texts()
    username = people[role].username
    admin = log_in(browser, live_server, username)
    found, shapes = crawl(admin, live_server.url, seeds(people["product"]), english, content)
    found |= open_choosers(admin, live_server.url, people["editable"], english, content)
    if role == "reviewer":
        found |= review_modal(admin, live_server.url, people["product"], english, content)
    if role == "editor":
        found |= import_preview(admin, live_server.url, tmp_path, fixture_rows, english, content)
    assert len(shapes) > 25, shapes  # the crawl reached the admin, not only a login page
    assert not found, f"English on {len(found)} of {len(shapes)} screens:\n" + report(found)


def test_signing_in_is_vietnamese(hub, live_server, browser):
    english, content = english_words(), content_texts()
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    found = {}
    for path in ["/admin/login/", "/admin/password_reset/"]:
        page.goto(live_server.url + path)
        left = english_left(page.evaluate(READ_SCREEN), english, content)
        if left:
            found[path] = left
    context.close()
    assert not found, report(found)
