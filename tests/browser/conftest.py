import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the test itself only
# reads the database before driving the browser.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-results"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(params=[(390, 844), (1280, 900)], ids=["phone", "desktop"])
def page(request, browser):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / f"{request.node.name}-end.png", full_page=False)
    context.close()


@pytest.fixture
def screenshot(request, page):
    def take(name, of=None):
        """A full-page screenshot of the test's page, or of another page (`of`)."""
        ARTEFACTS.mkdir(exist_ok=True)
        (of or page).screenshot(path=ARTEFACTS / f"{request.node.name}-{name}.png", full_page=True)

    return take


@pytest.fixture
def open_page(browser):
    """open_page(language, viewport, bypass_csp=False): a fresh page in a context of its own
    (no shared cookies) for a visitor reading `language`; contexts close after the test."""
    contexts = []

    def open_(language, viewport, bypass_csp=False):
        context = browser.new_context(
            viewport=viewport,
            locale="en-GB" if language == "en" else "vi-VN",
            bypass_csp=bypass_csp,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_
    for context in contexts:
        context.close()
