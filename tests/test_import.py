"""The spreadsheet import: the README's format, all-or-nothing, re-import by ref."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import Page

from products.importing import ProductImporter, parse_months
from products.models import Commodity, Producer, ProductPage
from regions.models import ProvincePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English: outside a request the default language is vi."""
    with translation.override("en"):
        yield


def product(ref, locale):
    return ProductPage.objects.get(import_ref=ref, locale=locale)


def test_imported_products_are_published_in_both_languages(vi, en):
    squash_vi, squash_en = product("T-001", vi), product("T-001", en)
    assert squash_vi.title == "Bí xanh thơm Ba Bể" and squash_vi.live
    assert squash_en.title == "Ba Be fragrant green squash" and squash_en.live
    assert squash_en.translation_key == squash_vi.translation_key
    assert "Ba Be lake" in squash_en.description
    assert (
        squash_en.url
        == "/en/regions/northern-midlands-mountains/thai-nguyen/ba-be-fragrant-green-squash/"
    )
    assert (
        squash_vi.url == "/vi/vung-mien/trung-du-mien-nui-phia-bac/thai-nguyen/bi-xanh-thom-ba-be/"
    )


@pytest.mark.parametrize(
    ("ref", "province"),
    [
        ("T-001", "thai-nguyen"),  # former name with diacritics: Bắc Kạn
        ("T-003", "lam-dong"),  # former name without diacritics: Binh Thuan
        ("T-004", "da-nang"),  # current name
        ("T-005", "hanoi"),  # slug
        ("T-006", "thai-nguyen"),
    ],  # former name without diacritics: Bac Kan
)
def test_province_names_as_people_write_them(vi, en, ref, province):
    assert product(ref, vi).province.slug == province
    assert product(ref, en).province == ProvincePage.objects.get(slug=province, locale=en)


def test_every_field_lands_where_it_belongs(vi):
    tea = product("T-002", vi)
    assert tea.category.slug == "beverages"  # given as "Đồ uống"
    assert tea.ocop_stars == 5
    assert tea.producer.name == "HTX Chè Tân Hương"
    assert tea.producer.producer_type == Producer.Type.COOPERATIVE
    assert sorted(tea.certifications.values_list("slug", flat=True)) == ["haccp", "vietgap"]
    assert tea.supply == {"amount": 30, "unit": "t", "period": "year"}
    assert tea.harvest_months == list(range(3, 12))
    assert [country.code for country in tea.export_markets] == ["CA", "GB", "RU", "US"]
    assert tea.ocop_certified_on == datetime.date(2024, 12, 15)
    assert tea.ocop_valid_until == datetime.date(2027, 12, 15)
    assert tea.commodity.slug == "tea"
    assert (tea.min_order, tea.packaging, tea.shelf_life_days, tea.hs_code) == (
        "100 kg",
        "200 g tin",
        720,
        "0902.10",
    )
    assert tea.description.count("<p>") == 2  # paragraphs survive


def test_reimporting_the_same_file_changes_nothing(vi):
    before = Page.objects.count()
    result = ProductImporter().run("tests/data/products.csv")
    assert result.ok
    assert (len(result.created), len(result.updated), len(result.unchanged)) == (0, 0, 6)
    assert Page.objects.count() == before


def test_reimport_updates_by_ref_without_duplicates(vi, en, write_csv, fixture_rows):
    header, rows = fixture_rows[0], fixture_rows[1:]
    rows[0][header.index("name_en")] = "Ba Be green squash, extra fragrant"
    rows[0][header.index("stars")] = "4"
    result = ProductImporter().run(write_csv([header, *rows]))
    assert result.ok and result.updated == ["T-001"] and len(result.unchanged) == 5
    assert ProductPage.objects.filter(import_ref="T-001").count() == 2  # vi + en
    assert product("T-001", vi).ocop_stars == 4
    assert product("T-001", en).title == "Ba Be green squash, extra fragrant"
    assert product("T-001", en).ocop_stars == 4


def test_reimport_moves_a_product_to_another_province(vi, en, write_csv, fixture_rows):
    header, rows = fixture_rows[0], fixture_rows[1:]
    rows[3][header.index("province")] = "Kon Tum"  # Ngọc Linh is in former Kon Tum
    assert ProductImporter().run(write_csv([header, *rows])).ok
    assert product("T-004", vi).get_parent().slug == "quang-ngai"
    assert product("T-004", en).get_parent().specific.locale == en
    assert product("T-004", en).get_parent().slug == "quang-ngai"
    assert product("T-004", en).province.slug == "quang-ngai"


def test_a_new_commodity_is_created(vi, write_csv, fixture_rows):
    header = fixture_rows[0]
    row = list(fixture_rows[1])
    row[header.index("ref")] = "T-100"
    row[header.index("commodity")] = "Lotus seeds"
    assert ProductImporter().run(write_csv([header, row])).ok
    assert product("T-100", vi).commodity == Commodity.objects.get(slug="lotus-seeds")


def bad_sheet(fixture_rows):
    header, rows = fixture_rows[0], [list(row) for row in fixture_rows[1:]]

    def set_cell(row, column, value):
        rows[row][header.index(column)] = value

    set_cell(0, "name_en", "Ba Be squash, renamed")  # a valid change that must not land
    set_cell(1, "province", "Atlantis")
    set_cell(2, "stars", "6")
    set_cell(3, "harvest_months", "13")
    set_cell(3, "export_markets", "USA")
    set_cell(4, "ocop_certified_on", "31/13/2024")  # day first, and no 13th month
    return header, rows


def test_one_bad_row_means_nothing_is_written(write_csv, fixture_rows):
    before = {page.pk: page.title for page in Page.objects.all()}
    header, rows = bad_sheet(fixture_rows)
    result = ProductImporter().run(write_csv([header, *rows]))
    assert not result.ok
    assert {page.pk: page.title for page in Page.objects.all()} == before
    messages = [str(error) for error in result.errors]
    assert "row 3, column province: unknown province 'Atlantis'" in messages[0]
    assert any(m.startswith("row 4, column stars") for m in messages)
    assert any(m.startswith("row 5, column harvest_months") for m in messages)
    assert any(m.startswith("row 5, column export_markets") for m in messages)
    assert any(m.startswith("row 6, column ocop_certified_on") for m in messages)
    assert {error.row for error in result.errors} == {3, 4, 5, 6}


def test_the_command_names_every_bad_row(write_csv, fixture_rows, capsys):
    header, rows = bad_sheet(fixture_rows)
    with (
        translation.override("vi"),  # English unless --language says otherwise
        pytest.raises(CommandError, match=r"5 error\(s\) in 4 row\(s\) of 6; nothing was imported"),
    ):
        call_command("import_products", str(write_csv([header, *rows])))
    err = capsys.readouterr().err
    for row in (3, 4, 5, 6):
        assert f"row {row}, column" in err
    assert "row 4, column stars: OCOP stars must be 3, 4 or 5, not '6'" in err


def test_the_command_speaks_vietnamese_on_request(write_csv, fixture_rows, capsys):
    """Needs the compiled Vietnamese catalogue (locale/vi/LC_MESSAGES/django.mo)."""
    header, rows = bad_sheet(fixture_rows)
    path = str(write_csv([header, *rows]))
    with pytest.raises(CommandError, match=r"Có 5 lỗi ở 4/6 dòng; chưa có dữ liệu nào"):
        call_command("import_products", path, "--language", "vi")
    err = capsys.readouterr().err
    assert "dòng 4, cột stars: hạng sao OCOP phải là 3, 4 hoặc 5, không phải '6'" in err
    assert "dòng 3, cột province: không tìm thấy tỉnh, thành phố 'Atlantis'" in err


def test_unknown_and_missing_columns_are_reported(write_csv, fixture_rows):
    header = [*fixture_rows[0][:-1], "harvest_month"]  # hs_code dropped (optional), typo added
    rows = [row[:-1] + [""] for row in fixture_rows[1:]]
    result = ProductImporter().run(write_csv([header, *rows]))
    assert [str(e) for e in result.errors] == [
        "row 1: unknown column(s): harvest_month (check the spelling against the import template)"
    ]
    result = ProductImporter().run(
        write_csv([fixture_rows[0][1:], *[r[1:] for r in fixture_rows[1:]]])
    )
    assert str(result.errors[0]) == (
        "row 1: missing column(s): ref (add them as in the import template)"
    )


def test_duplicate_refs_and_empty_required_cells(write_csv, fixture_rows):
    header, first = fixture_rows[0], fixture_rows[1]
    blank = list(first)
    blank[header.index("name_en")] = ""
    result = ProductImporter().run(write_csv([header, first, first, blank]))
    messages = [str(error) for error in result.errors]
    assert (
        "row 3, column ref: 'T-001' is already used on row 2; give each product its own ref"
        in messages
    )
    assert "row 4, column name_en: this cell must not be empty" in messages


def test_dry_run_reports_and_writes_nothing(write_csv, fixture_rows, capsys):
    header = fixture_rows[0]
    row = list(fixture_rows[1])
    row[header.index("ref")] = "T-200"
    before = Page.objects.count()
    call_command("import_products", str(write_csv([header, row])), "--dry-run")
    out = capsys.readouterr().out
    assert "1 would be created" in out and "Dry run: nothing was written." in out
    assert Page.objects.count() == before


def test_xlsx_files_import_like_csv(vi, tmp_path, fixture_rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    header = fixture_rows[0]
    row = list(fixture_rows[2])
    row[header.index("ref")] = "T-300"
    sheet.append(header)
    cells = [int(v) if v.isdigit() else v for v in row]
    cells[header.index("ocop_certified_on")] = datetime.datetime(2024, 1, 5)  # a real date cell
    sheet.append(cells)
    path = tmp_path / "sheet.xlsx"
    workbook.save(path)
    result = ProductImporter().run(path)
    assert result.ok, result.errors
    assert product("T-300", vi).ocop_certified_on == datetime.date(2024, 1, 5)


def test_other_file_types_are_refused(tmp_path):
    path = tmp_path / "sheet.ods"
    path.write_text("x")
    with pytest.raises(CommandError, match="use a .csv or .xlsx file"):
        call_command("import_products", str(path))


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("5-7;12", [5, 6, 7, 12]),
        ("1-12", list(range(1, 13))),
        ("11-2", [1, 2, 11, 12]),
        ("3, 4", [3, 4]),
        ("", []),
    ],
)
def test_harvest_months(text, months):
    assert parse_months(text) == months


@pytest.mark.parametrize("text", ["0", "13", "5-", "May", "4-13"])
def test_bad_harvest_months(text):
    with pytest.raises(ValueError):
        parse_months(text)


def test_rows_are_numbered_as_the_spreadsheet_shows_them(tmp_path, fixture_rows):
    header, rows = fixture_rows[0], fixture_rows[1:]
    bad = list(rows[2])
    bad[header.index("stars")] = "7"
    path = tmp_path / "gaps.csv"
    lines = [
        ",".join(header),
        "",
        ",".join(f'"{c}"' for c in rows[0]),
        "",
        ",".join(f'"{c}"' for c in bad),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = ProductImporter().run(path)
    assert [str(e) for e in result.errors] == [
        "row 5, column stars: OCOP stars must be 3, 4 or 5, not '7'"
    ]


def test_an_unclosed_quote_is_an_error_not_a_lost_row(tmp_path, fixture_rows):
    header, first, second = fixture_rows[0], fixture_rows[1], fixture_rows[2]
    broken = [f'"{cell}"' for cell in first]
    broken[header.index("description_en")] = '"Grown by the lake. '  # the quote never closes
    path = tmp_path / "quote.csv"
    path.write_text(
        "\n".join([",".join(header), ",".join(broken), ",".join(f'"{c}"' for c in second)]) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="quotation mark"):
        call_command("import_products", str(path), "--dry-run")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [("capacity", "1.0055", "row 2, column capacity: '1.0055' has more than 2 decimals; round it to 2"),
     ("description_en", "", "row 2, column description_en: give the description in both languages"),
     ("producer", "x" * 256,
      "row 2, column producer: too long (256 characters): shorten it to at most 255")],
)  # fmt: skip
def test_values_the_pages_could_not_hold_are_reported(
    write_csv, fixture_rows, column, value, message
):
    header, row = fixture_rows[0], list(fixture_rows[1])
    row[header.index(column)] = value
    result = ProductImporter().run(write_csv([header, row]), dry_run=True)
    assert any(str(error).startswith(message) for error in result.errors), result.errors


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [("category", "Snacks",
      "row 2, column category: unknown category 'Snacks'; use one of: Food; Beverages; "),
     ("certifications", "vietgap;ISO 9999",
      "row 2, column certifications: unknown certification 'ISO 9999'; use one of: eu-organic, "),
     ("producer_type", "farm",
      "row 2, column producer_type: unknown producer type 'farm'; use one of: cooperative, "),
     ("capacity_unit", "",
      "row 2, column capacity_unit: give the unit of the capacity, one of: kg, t, l, "),
     ("capacity_period", "week",
      "row 2, column capacity_period: unknown period 'week'; use month or year"),
     ("ocop_certified_on", "2024-12-32",
      "row 2, column ocop_certified_on: '2024-12-32' is not a date like 15/03/2025 (day/month/year)"),
     ("harvest_months", "4-13",
      "row 2, column harvest_months: '4-13': months go from 1 to 12")],
)  # fmt: skip
def test_messages_name_the_value_and_what_to_use(write_csv, fixture_rows, column, value, message):
    header, row = fixture_rows[0], list(fixture_rows[1])
    row[header.index(column)] = value
    result = ProductImporter().run(write_csv([header, row]), dry_run=True)
    messages = [str(error) for error in result.errors]
    assert len(messages) == 1 and messages[0].startswith(message), messages


def test_stray_cells_and_repeated_columns_are_reported(write_csv, fixture_rows):
    header, row = fixture_rows[0], list(fixture_rows[1])
    result = ProductImporter().run(write_csv([header, [*row, "", "forgotten note"]]))
    assert (
        "row 2: a value in column 25, which has no header: 'forgotten note' "
        "(give the column a header or delete the value)"
    ) in [str(e) for e in result.errors]
    result = ProductImporter().run(write_csv([[*header, "stars"], [*row, "5"]]))
    assert "row 1: column(s) given twice: stars (keep only one of each)" in [
        str(e) for e in result.errors
    ]


def test_same_producer_name_in_two_provinces_is_two_producers(vi, write_csv, fixture_rows):
    header, row = fixture_rows[0], list(fixture_rows[1])
    row[header.index("ref")] = "T-400"
    row[header.index("province")] = "Cao Bằng"
    row[header.index("producer")] = "HTX Chè Tân Hương"  # also T-002's producer, in Thái Nguyên
    assert ProductImporter().run(write_csv([header, row])).ok
    producers = Producer.objects.filter(name="HTX Chè Tân Hương")
    assert sorted(p.province.slug for p in producers) == ["cao-bang", "thai-nguyen"]
    assert product("T-002", vi).producer.province.slug == "thai-nguyen"


def test_a_move_onto_a_taken_slug_takes_a_free_one(vi, en, write_csv, fixture_rows):
    header, rows = fixture_rows[0], [list(r) for r in fixture_rows[1:]]
    rows[5][header.index("name_vi")] = rows[0][header.index("name_vi")]  # T-006 named like T-001
    rows[5][header.index("name_en")] = rows[0][header.index("name_en")]
    rows[5][header.index("province")] = "Cao Bằng"
    assert ProductImporter().run(write_csv([header, *rows])).ok
    rows[5][header.index("province")] = "Bắc Kạn"  # back next to T-001, whose slug it shares
    result = ProductImporter().run(write_csv([header, *rows]))
    assert result.ok, result.errors
    moved, neighbour = product("T-006", vi), product("T-001", vi)
    assert moved.get_parent().pk == neighbour.get_parent().pk and moved.slug != neighbour.slug
    assert product("T-006", en).slug != product("T-001", en).slug


def test_a_province_without_its_english_page_is_refused(en, write_csv, fixture_rows):
    ProvincePage.objects.get(slug="cao-bang", locale=en).delete()
    header, row = fixture_rows[0], list(fixture_rows[1])
    row[header.index("province")] = "Cao Bằng"
    result = ProductImporter().run(write_csv([header, row]))
    assert [str(e) for e in result.errors] == [
        "row 2, column province: Cao Bằng has no page in every language yet: translate the province page first"
    ]
