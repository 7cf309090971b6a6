"""Importing a province's OCOP spreadsheet (CSV or XLSX) in the format of the
README's *Public interfaces*.

Every row is read and validated before anything is written; one invalid row means nothing
is written and every error is reported with its row number (the header is row 1, as in a
spreadsheet). Messages are in the language active when the import runs (the editor's admin
language, or the command's --language). A row's `ref` is its identity: importing the same file again updates the
pages it made, and rows whose content has not changed are left alone.

`ProductImporter.run` is the one entry point of `manage.py import_products`, the admin's
import views and the demo loader. The steps live in their own
modules: `reading` (file → text cells), `columns` (English and Vietnamese headers → column
keys), `values` (dates, numbers, stars and producer types as people write them), `names`
(names → provinces and taxonomy), `checks` (the columns and each row), `photos` (the zip of
pictures uploaded with a sheet), `shared` (what an import waiting for the review may not
change), `changes` (what an update changes, for the preview), `writing` (pages and
translations), `results` (the records they pass on) and `template` (the workbook editors
fill in). Errors and preview lines name a column as the sheet's header writes it.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Locale

from products.importing.bulk import InvalidRow, write_new_products
from products.importing.changes import field_changes
from products.importing.checks import (
    OPTIONAL_COLUMNS,
    PERIOD_ALIASES,
    REQUIRED_CELLS,
    REQUIRED_COLUMNS,
    UNIT_ALIASES,
    check_row,
    contact_conflicts,
    header_errors,
    parse_months,
)
from products.importing.columns import Header
from products.importing.names import Lookups
from products.importing.photos import PhotoArchive, gallery_additions, photo_names
from products.importing.reading import ImportFileError, SheetRow, read_rows
from products.importing.results import Change, ImportResult, ProductRow, RowError
from products.importing.shared import (
    kept_contacts_warnings,
    new_commodity_warning,
    shared_record_errors,
)
from products.importing.writing import write_product
from products.models import Producer, ProductImage, ProductPage
from showcase.db import refresh_planner_statistics
from showcase.page_cache import purge
from showcase.search_index import deferred_search_index

__all__ = [
    "OPTIONAL_COLUMNS",
    "PERIOD_ALIASES",
    "REQUIRED_CELLS",
    "REQUIRED_COLUMNS",
    "UNIT_ALIASES",
    "Change",
    "ImportFileError",
    "ImportResult",
    "Lookups",
    "ProductImporter",
    "ProductRow",
    "RowError",
    "RowWriteError",
    "SheetRow",
    "parse_months",
    "read_rows",
]


class RowWriteError(Exception):
    """A row passed the checks but the page could not be saved (rolls the import back)."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


def _messages(error):
    """A ValidationError's text (Django translates it) with the fields it names."""
    if hasattr(error, "message_dict"):
        return "; ".join(
            " ".join(texts) if field == NON_FIELD_ERRORS else f"{field}: {' '.join(texts)}"
            for field, texts in error.message_dict.items()
        )
    return " ".join(error.messages)


class ProductImporter:
    """Reads, checks and writes a product sheet.

    `provinces`: the Vietnamese province pages the importing editor may write to (None:
    all of them); a row of any other province, or a `ref` already used by another
    province's product, is an error. `publish=False` saves new and changed products as
    drafts for the central review instead of publishing them, and refuses the rows that
    would change what the public sees at once (see `shared`).
    """

    def __init__(self, user=None, provinces=None, publish=True):
        self.user = user
        self.provinces = None if provinces is None else {province.pk for province in provinces}
        self.publish = publish
        self.source_locale = Locale.get_default()
        self.target_locales = list(Locale.objects.exclude(pk=self.source_locale.pk))

    # Validation -------------------------------------------------------------------------

    def validate(self, header, rows):
        """(the valid rows as `ProductRow`s, every error); writes nothing."""
        valid, errors, _warnings = self.check(header, rows)
        return valid, errors

    def check(self, header, rows, archive=None):
        """(the valid rows, every error, what the preview points out); writes nothing.
        `archive`: the `PhotoArchive` uploaded with the sheet, or None."""
        header = header if isinstance(header, Header) else Header(header)
        errors = header_errors(header)
        if errors:
            return [], errors, []

        lookups = Lookups(self.source_locale)
        refs = [row.cells.get("ref", "") for row in rows]
        owners = self._owners(refs)
        producers = self._producers(rows)
        digests = self._digests(refs) if "photos" in header else {}
        valid, warnings, seen_refs, contacts_seen = [], [], {}, {}
        for row in rows:
            number = row.number
            product, row_errors = check_row(row, lookups)
            ref = row.cells.get("ref", "")
            if ref in seen_refs:
                row_errors.append(
                    RowError(
                        number,
                        "ref",
                        _("%(ref)r is already used on row %(row)d; give each product its own ref")
                        % {"ref": ref, "row": seen_refs[ref]},
                    )
                )
            seen_refs.setdefault(ref, number)
            if product:
                row_errors += self._shared_checks(product, lookups, producers, owners, warnings)
                row_errors += contact_conflicts(product, contacts_seen)
                row_errors += _photo_errors(product, row, archive, digests, warnings)
            errors += row_errors
            if product and not row_errors:
                valid.append(product)
        return valid, _named(errors, header), _named(warnings, header)

    def _shared_checks(self, product, lookups, producers, owners, warnings):
        """The errors of a valid row about what it may change beyond its product, noting
        in `warnings` what the preview points out."""
        owner = owners.get(product.ref)
        errors = []
        if self.provinces is not None:
            errors += self._outside_provinces(product, owner)
        if not self.publish:
            producer = producers.get((product.producer_name, product.province.pk))
            errors += shared_record_errors(product, lookups, producer, owner)
            warnings += kept_contacts_warnings(product, producer)
        elif product.new_commodity_name:
            warnings.append(new_commodity_warning(product, lookups))
        return errors

    def _digests(self, refs):
        """{ref: the import digest of its existing product}."""
        pages = ProductPage.objects.filter(locale=self.source_locale, import_ref__in=refs)
        return dict(pages.values_list("import_ref", "import_digest"))

    def _owners(self, refs):
        """{ref: the province page of the existing product with that ref}."""
        if self.provinces is None:
            return {}
        products = ProductPage.objects.filter(locale=self.source_locale, import_ref__in=refs)
        return {
            product.import_ref: product.province for product in products.select_related("province")
        }

    def _producers(self, rows):
        """{(name, province pk): producer} of the names the rows give, for an import that
        waits for the review (it may not change them)."""
        if self.publish:
            return {}
        names = {row.cells.get("producer", "")[:255] for row in rows}
        return {
            (producer.name, producer.province_id): producer
            for producer in Producer.objects.filter(name__in=names - {""})
        }

    def _outside_provinces(self, product, owner):
        errors = []
        if product.province.pk not in self.provinces:
            errors.append(
                RowError(
                    product.row,
                    "province",
                    _(
                        "you may only import products of your own province, not %(province)s; "
                        "remove this row or ask that province's editors"
                    )
                    % {"province": product.province.title},
                )
            )
        if owner is not None and owner.pk not in self.provinces:
            errors.append(
                RowError(
                    product.row,
                    "ref",
                    _("%(ref)r is already a product of %(province)s; choose another ref")
                    % {"ref": product.ref, "province": owner.title},
                )
            )
        return errors

    # Writing ----------------------------------------------------------------------------

    def run(self, path, dry_run=False, progress=None, photos=None):
        """Validate the whole file, then (unless dry run or invalid) write it in one transaction.

        `progress(total)`, if given, makes the bar (tqdm's interface: `update(n)`, `close()`)
        that the rows to write advance. `photos`: the path of the zip of pictures uploaded
        with the sheet (the `photos` column names its files), or None."""
        header, rows = read_rows(Path(path))
        archive = PhotoArchive(Path(photos)) if photos else None
        try:
            return self._run(header, rows, archive, dry_run, progress)
        finally:
            if archive is not None:
                archive.close()

    def _run(self, header, rows, archive, dry_run, progress):
        result = ImportResult(rows=len(rows), dry_run=dry_run)
        valid, result.errors, result.warnings = self.check(header, rows, archive)
        if result.errors:
            return result
        existing = self._existing(valid, for_preview=dry_run)
        if dry_run:
            self._preview(valid, existing, result, header)
            return result
        try:
            self._write_all(valid, existing, result, progress, archive)
        except RowWriteError as failure:  # the transaction is rolled back: nothing written
            _discard_images(archive)
            result.errors = _named([failure.error], header)
            result.created, result.updated, result.unchanged, result.changes = [], [], [], []
            return result
        except BaseException:
            _discard_images(archive)
            raise
        if result.created or result.updated:
            refresh_planner_statistics()
        return result

    def _existing(self, valid, for_preview):
        """{ref: its product} of the valid rows (for the preview, with what it compares
        fetched at once); the rows' photos are cut down to those not in the product's
        gallery yet."""
        pages = ProductPage.objects.filter(
            locale=self.source_locale, import_ref__in=[row.ref for row in valid]
        )
        if for_preview:
            pages = pages.select_related(
                "province", "category", "commodity", "producer"
            ).prefetch_related("certifications")
        existing = {page.import_ref: page for page in pages}
        with_photos = [existing[row.ref].pk for row in valid if row.photos and row.ref in existing]
        hashes = {}
        for product, file_hash in ProductImage.objects.filter(product__in=with_photos).values_list(
            "product", "image__file_hash"
        ):
            hashes.setdefault(product, set()).add(file_hash)
        for row in valid:
            page = existing.get(row.ref)
            row.photos = gallery_additions(hashes.get(page.pk, ()) if page else (), row.photos)
        return existing

    def _preview(self, valid, existing, result, header):
        """Note what each row would do, with the columns an update changes."""
        keys = [page.translation_key for page in existing.values()]
        translated = {  # the English pages (the hub's one other language)
            page.translation_key: page
            for page in ProductPage.objects.filter(
                locale__in=self.target_locales, translation_key__in=keys
            )
        }
        for row in valid:
            page = existing.get(row.ref)
            found = _bucket(result, page, row)
            if found is result.updated:
                english = translated.get(page.translation_key)
                fields = field_changes(row, page, english)
                for change in fields:
                    change.column = header.label(change.column)
                result.changes[-1].fields = fields
            found.append(row.ref)

    def _write_all(self, valid, existing, result, progress, archive):
        # Rows with photos are written one by one (their gallery is part of the revision).
        new_rows = [row for row in valid if row.ref not in existing and not row.photos]
        in_bulk = self.publish and len(new_rows) >= settings.HUB_IMPORT_BULK_ROWS
        writing = sum(1 for row in valid if _changed(row, existing.get(row.ref)))
        bar = progress(writing) if progress else None
        with transaction.atomic(), deferred_search_index():
            if in_bulk:
                self._write_in_bulk(new_rows, bar)
            for row in valid:
                page = existing.get(row.ref)
                found = _bucket(result, page, row)
                if found is result.created and in_bulk and not row.photos:
                    found.append(row.ref)
                    continue
                if found is not result.unchanged:
                    self._written(row, page, archive)
                    if bar:
                        bar.update(1)
                found.append(row.ref)
            purge()
        if bar:
            bar.close()

    def _write_in_bulk(self, rows, bar):
        try:
            write_new_products(
                rows,
                user=self.user,
                locale=self.source_locale,
                target_locales=self.target_locales,
                progress=bar.update if bar else None,
            )
        except InvalidRow as invalid:
            problem = RowError(invalid.row.row, "", _messages(invalid.error))
            raise RowWriteError(problem) from invalid

    def _written(self, row, page, archive):
        try:
            images = archive.images(row, self.user) if row.photos else []
            return self.write_row(row, page, images)
        except ValidationError as error:
            raise RowWriteError(RowError(row.row, "", _messages(error))) from error

    def write_row(self, row, page=None, images=()):
        return write_product(
            row,
            page,
            user=self.user,
            locale=self.source_locale,
            target_locales=self.target_locales,
            publish=self.publish,
            images=images,
        )


def _photo_errors(product, row, archive, digests, warnings):
    """The errors of the row's `photos` cell, its checked pictures put on `product`. With
    no zip uploaded, a product that exists keeps its photos (a warning when the row
    changes it); a new one may not list any."""
    names = photo_names(row.cells.get("photos", ""))
    if not names:
        return []
    if archive is None:
        if product.ref in digests:
            if digests[product.ref] != product.digest:
                message = _("no zip of photos was uploaded with the sheet: the product keeps "
                            "the photos it has")  # fmt: skip
                warnings.append(RowError(row.number, "photos", message))
            return []
        message = _("%(names)s: upload the zip of these photos with the sheet, or leave the "
                    "cell empty")  # fmt: skip
        return [RowError(row.number, "photos", message % {"names": "; ".join(names)})]
    errors = []
    for name in names:
        photo, problem = archive.photo(name)
        if problem:
            errors.append(RowError(row.number, "photos", problem))
        else:
            product.photos.append(photo)
    return errors


def _discard_images(archive):
    """Delete the files of the images a rolled-back import stored (their rows are gone)."""
    if archive is not None:
        archive.delete_stored_files()


def _named(errors, header):
    """`errors` with their column named as the sheet's header writes it."""
    for error in errors:
        if error.column:
            error.column = header.label(error.column)
    return errors


def _changed(row, page):
    return page is None or page.import_digest != row.digest or bool(row.photos)


def _bucket(result, page, row):
    """The list of `result` the row's ref belongs in (created, updated or unchanged), after
    noting the row's `Change` for the preview."""
    if page is None:
        found, action = result.created, "create"
    elif page.import_digest == row.digest and not row.photos:
        found, action = result.unchanged, "unchanged"
    else:
        found, action = result.updated, "update"
    result.changes.append(Change(row.row, row.ref, row.name_vi, row.province.title, action))
    return found
