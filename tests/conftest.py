from pathlib import Path

import pytest
from wagtail.models import Locale

from products.importing import ProductImporter
from showcase.setup import setup_hub

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the hub's structure and tests/data: six products, four
    events (two far in the future, one long past) and two sales points."""
    with django_db_blocker.unblock():
        load_test_data()


def load_test_data():
    from showcase.demo.loader import load_events, load_sales_points

    setup_hub()
    result = ProductImporter().run(DATA / "products.csv")
    assert result.ok, result.errors
    load_events(DATA / "events.csv")
    load_sales_points(DATA / "sales_points.csv")


def pytest_collection_modifyitems(items):
    # Tests on a live server (the browser tests among them) and other transactional tests end
    # with a database flush that removes the shared data: they run after everything else.
    flushing = {"live_server", "transactional_db"}
    items.sort(key=lambda item: bool(flushing & set(getattr(item, "fixturenames", ()))))


@pytest.fixture
def hub(transactional_db):
    """The shared test data; a previous live_server test's flush removed it, so rebuild."""
    from products.models import ProductPage

    if not ProductPage.objects.exists():
        load_test_data()


@pytest.fixture
def vi():
    return Locale.objects.get(language_code="vi")


@pytest.fixture
def en():
    return Locale.objects.get(language_code="en")


@pytest.fixture
def write_csv(tmp_path):
    """Write rows (lists of cells, header first) to a CSV file and return its path."""
    import csv

    def write(rows, name="sheet.csv"):
        path = tmp_path / name
        with open(path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
        return path

    return write


@pytest.fixture
def fixture_rows():
    import csv

    with open(DATA / "products.csv", encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def certificates_in_force(db):
    """Renew the test data's expired OCOP certificates (as if re-certified a year ago).

    For tests about something else than certificates: tests/data has absolute dates, so
    without this its products would leave the catalogue one by one as time passes.
    tests/test_certificates.py covers expiry itself, relative to today."""
    from django.utils import timezone

    from products.models import ProductPage, add_months

    renewed_on = add_months(timezone.localdate(), -12)
    ProductPage.objects.certificate_expired().update(ocop_certified_on=renewed_on)


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test starts with empty caches: a page cached by one test is not another's."""
    from django.core.cache import cache

    from search import facets, index

    cache.clear()
    index.forget()  # the search index each process holds: each test's database is its own
    facets.forget()  # and the catalogue's facet table
