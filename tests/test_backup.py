"""Backups: the README's dump and restore commands (Production → Backups and restore), run
for real on the engine this run of the suite uses — SQLite's online backup on the first CI
pass, pg_dump / pg_restore on the PostgreSQL pass — and the restored copy compared with
the live database: pages in both languages, wagtail-localize's translations, inquiries."""

import glob
import shutil
import sqlite3
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.db import connection
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    String,
    StringTranslation,
    Translation,
    TranslationSource,
)

from inquiries.models import Inquiry, InquiryActivity, InquiryItem
from products.models import ProductPage
from regions.models import ProvincePage

# The README's commands, word for word (file names aside).
# SQLite: Python's online backup API; consistent while the site runs, WAL included. The same
# command copies a backup back (restore).
SQLITE_COPY = (
    "import sqlite3, sys; src, dst = map(sqlite3.connect, sys.argv[1:]); "
    "src.backup(dst); dst.close()"
)
# PostgreSQL: a custom-format dump, restored into a new, empty database.
PG_DUMP = ["pg_dump", "--format=custom", "--file={dump}", "{url}"]
PG_CREATEDB = ["createdb", "--maintenance-db={url}", "{name}"]
PG_RESTORE = [
    "pg_restore",
    "--no-owner",
    "--no-privileges",
    "--exit-on-error",
    "--dbname={restored_url}",
    "{dump}",
]

# What a restore must give back, table by table and row by row.
KEPT = [
    Locale,
    Page,
    ProductPage,
    ProvincePage,
    TranslationSource,
    Translation,
    String,
    StringTranslation,
    Inquiry,
    Inquiry.provinces.through,
    InquiryItem,
    InquiryActivity,
]


def rows(db, model):
    table, key = model._meta.db_table, model._meta.pk.column
    cursor = db.cursor()
    cursor.execute(f'SELECT * FROM "{table}" ORDER BY "{key}"')
    return cursor.fetchall()


def scalar(db, sql):
    cursor = db.cursor()
    cursor.execute(sql)
    return cursor.fetchone()[0]


def sqlite_round_trip(tmp_path):
    """The live database and its restored copy, as plain sqlite3 connections."""
    live = connection.settings_dict["NAME"]
    backup, restored = tmp_path / "ocop-backup.sqlite3", tmp_path / "ocop-restored.sqlite3"
    subprocess.run([sys.executable, "-c", SQLITE_COPY, live, backup], check=True)
    subprocess.run([sys.executable, "-c", SQLITE_COPY, backup, restored], check=True)
    copy = sqlite3.connect(restored)
    assert scalar(copy, "PRAGMA integrity_check") == "ok"
    yield sqlite3.connect(live), copy


def pg_tool(name):
    """The newest Debian PostgreSQL's binary (pg_dump must not be older than the server)."""
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda f: int(f.split("/")[4])
    )
    found = candidates[-1] if candidates else shutil.which(name)
    assert found, f"{name} not found: install Debian's postgresql-client"
    return found


def pg_url(settings, name):
    user = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        user += ":" + quote(settings["PASSWORD"], safe="")
    host = settings["HOST"] or ""
    if settings["PORT"]:
        host += f":{settings['PORT']}"
    return f"postgresql://{user}{'@' if user else ''}{host}/{quote(name, safe='')}"


def postgresql_round_trip(tmp_path):
    """The live database and its restored copy, as plain psycopg connections."""
    import psycopg

    settings = connection.settings_dict
    name = f"{settings['NAME']}_restored"
    url, restored_url = pg_url(settings, settings["NAME"]), pg_url(settings, name)
    dump = tmp_path / "ocop.dump"
    values = {"dump": dump, "url": url, "name": name, "restored_url": restored_url}

    def run(command):
        argv = [pg_tool(command[0])] + [part.format(**values) for part in command[1:]]
        subprocess.run(argv, check=True, capture_output=True, timeout=300)

    def drop():
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()  # left by an interrupted run
    run(PG_DUMP)
    run(PG_CREATEDB)
    try:
        run(PG_RESTORE)
        with psycopg.connect(url) as live, psycopg.connect(restored_url) as copy:
            yield live, copy
    finally:
        drop()


@pytest.fixture
def round_trip(inquiry, tmp_path):
    """Back up the test database and restore it into a new one, with the README's commands
    for this engine; yields (live, restored) connections of one driver, so rows compare."""
    if connection.vendor == "sqlite":
        yield from sqlite_round_trip(tmp_path)
    elif connection.vendor == "postgresql":
        yield from postgresql_round_trip(tmp_path)
    else:
        pytest.fail(f"no documented backup for {connection.vendor}")


@pytest.fixture
def inquiry(hub):
    """A buyer's inquiry with its product, province and a status change, committed (the
    backup runs in another process)."""
    product = ProductPage.objects.filter(locale__language_code="en").first()
    source = product.get_translation(Locale.objects.get(language_code="vi"))
    inquiry = Inquiry.objects.create(
        kind=Inquiry.Kind.PRODUCT,
        language="en",
        name="Anneke de Vries",
        company="Delta Imports B.V.",
        email="anneke@delta-imports.example",
        country="NL",
        message="2 t per month from June; FOB Cát Lái. Giá bao nhiêu?",
        status=Inquiry.Status.FORWARDED,
    )
    inquiry.provinces.add(source.province)
    InquiryItem.objects.create(
        inquiry=inquiry, product=source, title=product.title, province=source.province
    )
    InquiryActivity.objects.create(
        inquiry=inquiry, status_from="new", status_to="forwarded", note="Đã chuyển cho HTX."
    )
    return inquiry


def test_restored_backup_keeps_pages_translations_and_inquiries(inquiry, round_trip):
    live, restored = round_trip

    for model in KEPT:
        expected = rows(live, model)
        assert expected, f"{model._meta.db_table} is empty: nothing would be compared"
        assert rows(restored, model) == expected, f"{model._meta.db_table} differs after restore"

    # The same rows as the site itself sees them, so the comparison above is not of two
    # empty or two wrong databases.
    for language in ("vi", "en"):
        pages = Page.objects.filter(locale__language_code=language, depth__gt=1).count()
        assert pages > 40  # home, indexes, 6 regions, 34 provinces, products…
        assert (
            scalar(
                restored,
                "SELECT COUNT(*) FROM wagtailcore_page p JOIN wagtailcore_locale l "
                f"ON p.locale_id = l.id WHERE l.language_code = '{language}' AND p.depth > 1",
            )
            == pages
        )
    english = ProductPage.objects.filter(locale__language_code="en").first()
    assert scalar(restored, f"SELECT title FROM wagtailcore_page WHERE id = {english.pk}") == (
        english.title
    )
    translated = StringTranslation.objects.filter(locale__language_code="en").count()
    assert translated > 0
    assert scalar(restored, "SELECT COUNT(*) FROM wagtail_localize_stringtranslation") == (
        StringTranslation.objects.count()
    )
    assert scalar(restored, f"SELECT message FROM inquiries_inquiry WHERE id = {inquiry.pk}") == (
        inquiry.message
    )
    assert scalar(
        restored, f"SELECT note FROM inquiries_inquiryactivity WHERE inquiry_id = {inquiry.pk}"
    ) == ("Đã chuyển cho HTX.")
    if connection.vendor == "postgresql":
        # The dump carries the sequences too: the next inquiry after a restore gets a new id.
        next_id = "SELECT nextval(pg_get_serial_sequence('inquiries_inquiry', 'id'))"
        assert scalar(restored, next_id) > inquiry.pk
