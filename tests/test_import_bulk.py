"""A sheet's new rows written a batch at a time (products/importing/bulk.py and
showcase/bulk.py) make exactly what the row-by-row path makes: the same pages in both
languages, revisions and log entries, the same wagtail-localize records (a synced,
complete English), search index entries and a sound page tree. The national catalogue's
17,000 rows took an hour row by row; in batches, four minutes (README, *Measured*)."""

import csv
import json
import random

import pytest
from django.core.validators import MaxLengthValidator
from django.db import transaction
from wagtail.models import Page, PageLogEntry, Revision
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from products.importing import ProductImporter
from products.models import Commodity, Producer, ProductPage
from showcase.demo.loader import PRODUCTS_CSV
from showcase.demo.national import GENERATED_EN, write_sheet
from showcase.translation import blocking_gaps, is_synced_translation

pytestmark = pytest.mark.django_db

ROWS = 14  # of the demo spreadsheet: paragraphs, certifications, new producers, a commodity


@pytest.fixture
def demo_sheet(tmp_path):
    with PRODUCTS_CSV.open(encoding="utf-8") as file:
        reader = csv.DictReader(file)
        header, rows = reader.fieldnames, list(reader)
    path = tmp_path / "demo-part.csv"
    part = rows[::9][:ROWS]
    header = header + [column for column in TERMS if column not in header]
    for row, terms in zip(part, TERMS_ROWS, strict=False):  # commercial terms on a few rows
        row.update(zip(TERMS, terms, strict=True))
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=header, restval="")
        writer.writeheader()
        writer.writerows(part)
    return path


# The commercial terms' columns (products/importing/terms.py), illustrative values.
TERMS = ["price_min", "price_max", "price_currency", "price_unit", "price_incoterm",
         "price_date", "price_source", "incoterms", "port_of_loading", "lead_time_days",
         "samples", "specifications"]  # fmt: skip
TERMS_ROWS = [
    ["2,5", "3,2", "USD", "kg", "FOB", "15/03/2025", "Báo giá", "FOB;CIF", "Hải Phòng", "30",
     "có sẵn", "Độ ẩm: 5%; Cỡ: 1 tôm 2 lá"],
    ["", "", "", "", "", "", "", "EXW", "", "7", "none", ""],
]  # fmt: skip


def written(path):
    """What an import of `path` left, per ref and language, with its localize records."""
    snapshot = {}
    refs = [row["ref"] for row in csv.DictReader(path.open(encoding="utf-8"))]
    for page in ProductPage.objects.filter(import_ref__in=refs).select_related("locale"):
        snapshot[(page.import_ref, page.locale.language_code)] = page_record(page)
    return snapshot


TERM_FIELDS = ("price_min", "price_max", "price_currency", "price_unit", "price_incoterm",
               "price_given_on", "price_source", "incoterms", "port_of_loading",
               "lead_time_days", "samples", "specifications")  # fmt: skip


def page_record(page):
    revision = Revision.objects.get(pk=page.latest_revision_id)
    record = {
        name: getattr(page, name)
        for name in ("title", "draft_title", "slug", "url_path", "live", "has_unpublished_changes",
                     "description", "packaging", "min_order", "ocop_stars", "ocop_certificate_no",
                     "ocop_certified_on", "harvest_months", "harvest_month_bits", "hs_code",
                     "export_markets", "import_digest", "supply_capacity", "shelf_life_days",
                     "depth", "numchild", *TERM_FIELDS)
    } | {
        "search text": page.search_text(),
        "province": page.province.slug,
        "parent": page.get_parent().slug,
        "category": page.category.slug,
        "commodity": page.commodity.slug if page.commodity else None,
        "producer": (page.producer.name, page.producer.producer_type, page.producer.province_id),
        "certifications": sorted(c.slug for c in page.certifications.all()),
        "published": page.first_published_at is not None and page.live_revision_id == revision.pk,
        "revision title": revision.content["title"],
        "log": sorted(PageLogEntry.objects.filter(page=page).values_list("action", flat=True)
                      .exclude(action="wagtail.copy_for_translation").exclude(action="wagtail.edit")
                      .distinct()),
        "in search index": page in ProductPage.objects.search(page.title.split()[0]),
    }  # fmt: skip
    if page.locale.language_code == "vi":
        source = TranslationSource.objects.get_for_instance(page)
        record["segments"] = sorted(
            (s.context.path, s.order, s.string.data, s.attrs)
            for s in source.stringsegment_set.select_related("context", "string")
        )
        record["overridable"] = sorted(
            (s.context.path, s.order, named(s.context.path, s.data_json))
            for s in source.overridablesegment_set.select_related("context")
        )
        record["templates"] = sorted(
            (s.context.path, s.order, s.template.template)
            for s in source.templatesegment_set.select_related("template", "context")
        )
    else:
        source = TranslationSource.objects.get(object_id=page.translation_key)
        record["synced"] = is_synced_translation(page)
        record["complete"] = not blocking_gaps(source, page.locale)
        record["enabled"] = Translation.objects.get(
            source=source, target_locale=page.locale
        ).enabled
        record["strings"] = sorted(
            StringTranslation.objects.filter(locale=page.locale, context__object_id=page.translation_key)
            .values_list("context__path", "data", "translation_type")
        )  # fmt: skip
    return record


def named(path, data):
    """A record's id as its name: ids of records the first pass made and rolled back are
    not reused by PostgreSQL's sequences."""
    model = {"producer": Producer, "commodity": Commodity}.get(path)
    if model is None or data == "null":
        return data
    return str(model.objects.get(pk=json.loads(data)))


def import_sheet(path, settings, rows_in_bulk):
    settings.HUB_IMPORT_BULK_ROWS = rows_in_bulk
    result = ProductImporter().run(path)
    assert result.ok, result.errors
    assert len(result.created) == ROWS
    return result


def test_a_sheet_written_in_batches_makes_what_row_by_row_makes(demo_sheet, settings):
    with transaction.atomic():
        import_sheet(demo_sheet, settings, rows_in_bulk=ROWS + 1)  # one row at a time
        by_row = written(demo_sheet)
        transaction.set_rollback(True)
    assert not ProductPage.objects.filter(import_ref__in=[ref for ref, _lang in by_row]).exists()

    import_sheet(demo_sheet, settings, rows_in_bulk=ROWS)
    in_bulk = written(demo_sheet)

    assert len(by_row) == len(in_bulk) == 2 * ROWS
    for key, record in by_row.items():
        for field, value in record.items():
            assert in_bulk[key][field] == value, (key, field)
    priced = [record for record in in_bulk.values() if record["price_min"] is not None]
    assert len(priced) == 2 and {record["incoterms"] for record in priced} == {"FOB CIF"}
    assert sum(record["samples"] == "none" for record in in_bulk.values()) == 2
    english = next(record for (_ref, lang), record in in_bulk.items() if lang == "en")
    assert english["synced"] and english["complete"] and english["enabled"]
    assert english["in search index"] and english["published"]


def test_pages_written_in_batches_keep_the_tree_and_serve(demo_sheet, settings, client, en, vi):
    import_sheet(demo_sheet, settings, rows_in_bulk=1)
    assert [problem for problems in Page.find_problems() for problem in problems] == []
    pages = ProductPage.objects.filter(import_ref__startswith="VN-", locale__in=[en, vi])
    for page in pages:
        assert client.get(page.url).status_code == 200
    title = pages.filter(locale=en).first().title
    found = client.get("/api/v1/products/search", {"q": title, "include_expired": "true"})
    results = found.json()["results"]
    assert title in [result["title"] for result in results]
    # Importing again changes nothing; a changed row is updated (row by row).
    assert len(ProductImporter().run(demo_sheet).unchanged) == ROWS


def test_the_national_sheet_imports_without_an_error(tmp_path, settings, vi):
    """load_national's generated rows pass the import's own checks and look like the
    country: Hà Nội first, producers with several products, some expired certificates."""
    settings.HUB_IMPORT_BULK_ROWS = 10
    sheet = tmp_path / "national.csv"
    write_sheet(sheet, 300, random.Random(2026))
    result = ProductImporter().run(sheet)
    assert result.ok, result.errors[:3]
    assert len(result.created) == 300
    generated = ProductPage.objects.filter(import_ref__startswith="NAT-", locale=vi)
    by_province = generated.count_by("province__slug")
    assert max(by_province, key=by_province.get) == "hanoi"
    assert generated.certificate_expired().exists() and generated.certificate_valid().exists()
    by_producer = generated.count_by("producer")
    assert max(by_producer.values()) > 1 and min(by_producer.values()) == 1
    english = generated.first().get_translation(
        ProductPage.objects.filter(locale__language_code="en").first().locale
    )
    assert GENERATED_EN in english.description


def test_a_page_the_checks_let_through_but_would_not_hold_writes_nothing(
    demo_sheet, settings, monkeypatch
):
    """The sheet's checks cap every column; should a page still be invalid (a field's
    limit changed, say), the batch is refused with the row's number and nothing stays."""
    field = ProductPage._meta.get_field("hs_code")
    monkeypatch.setattr(field, "validators", [MaxLengthValidator(2)])
    settings.HUB_IMPORT_BULK_ROWS = 1
    result = ProductImporter().run(demo_sheet)
    assert not result.ok and not result.created
    assert result.errors[0].row == 2
    assert "hs_code" in str(result.errors[0])
    assert not ProductPage.objects.filter(import_ref__startswith="VN-").exists()
