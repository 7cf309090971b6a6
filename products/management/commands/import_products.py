from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from products.importing import ImportFileError, ProductImporter


class Command(BaseCommand):
    help = (
        "Import OCOP products from a province's spreadsheet (.csv or .xlsx). Every row is "
        "checked first: if any row is invalid nothing is written and every error is listed "
        "with its row number."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .csv (UTF-8) or .xlsx file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, write nothing"
        )

    def handle(self, *args, file, dry_run, verbosity, **options):
        def progress(rows):
            return tqdm(
                rows,
                desc="Importing",
                unit="product",
                file=self.stderr._out,
                disable=verbosity < 1 or len(rows) < 20,
                leave=False,
            )

        try:
            result = ProductImporter().run(file, dry_run=dry_run, progress=progress)
        except (ImportFileError, OSError) as error:
            raise CommandError(str(error)) from error

        if result.errors:
            for error in result.errors:
                self.stderr.write(f"  {error}")
            bad_rows = len({error.row for error in result.errors})
            raise CommandError(
                f"{len(result.errors)} error(s) in {bad_rows} row(s) of {result.rows}; "
                "nothing was imported."
            )
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.rows} row(s) checked: {len(result.created)} {verb} created, "
                f"{len(result.updated)} {verb} updated, {len(result.unchanged)} unchanged."
            )
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
