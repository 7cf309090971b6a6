from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from products.importing import ImportFileError, ProductImporter
from products.importing.reading import MAX_ROWS


class Command(BaseCommand):
    help = (
        "Import OCOP products from a province's spreadsheet (.csv or .xlsx, at most "
        f"{MAX_ROWS:,} product rows). Every row is checked first: if any row is invalid "
        "nothing is written and every error is listed with its row number."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .csv (UTF-8) or .xlsx file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, write nothing"
        )
        parser.add_argument(
            "--photos",
            metavar="ZIP",
            help="a .zip of the pictures the sheet's photos column names, by file name",
        )
        parser.add_argument(
            "--language",
            default="en",
            choices=[code for code, _name in settings.LANGUAGES],
            help="the language of the messages (default: en)",
        )

    def handle(self, *args, language, **options):
        with translation.override(language):
            self.import_file(**options)

    def import_file(self, file, dry_run, verbosity, photos=None, **options):
        def progress(total):  # with rows per second
            return tqdm(
                total=total,
                desc=_("Importing"),
                unit=_("product"),
                file=self.stderr._out,
                disable=verbosity < 1 or total < 20,
                leave=False,
            )

        try:
            result = ProductImporter().run(file, dry_run=dry_run, progress=progress, photos=photos)
        except (ImportFileError, OSError) as error:
            raise CommandError(str(error)) from error

        if result.errors:
            for error in result.errors:
                self.stderr.write(f"  {error}")
            raise CommandError(
                _(
                    "%(errors)d error(s) in %(bad_rows)d row(s) of %(rows)d; nothing was "
                    "imported. Correct the file and run the import again."
                )
                % {
                    "errors": len(result.errors),
                    "bad_rows": len({error.row for error in result.errors}),
                    "rows": result.rows,
                }
            )
        counts = {
            "rows": result.rows,
            "created": len(result.created),
            "updated": len(result.updated),
            "unchanged": len(result.unchanged),
        }
        if dry_run:
            summary = _(
                "%(rows)d row(s) checked: %(created)d would be created, %(updated)d would be "
                "updated, %(unchanged)d unchanged."
            )
        else:
            summary = _(
                "%(rows)d row(s) checked: %(created)d were created, %(updated)d were updated, "
                "%(unchanged)d unchanged."
            )
        self.stdout.write(self.style.SUCCESS(summary % counts))
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
