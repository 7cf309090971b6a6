from django.conf import settings
from django.core.management.base import BaseCommand

from inquiries.models import Inquiry


class Command(BaseCommand):
    help = (
        "Erase the buyer's personal data from inquiries closed more than "
        "HUB_INQUIRY_RETENTION_DAYS ago. Run it daily (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be anonymised; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        due = Inquiry.objects.due_for_anonymisation()
        if dry_run:
            self.stdout.write(f"{due.count()} closed inquiries would be anonymised.")
            return
        count = 0
        for inquiry in due.iterator():
            inquiry.anonymise()
            count += 1
        self.stdout.write(
            f"{count} closed inquiries anonymised (kept {settings.HUB_INQUIRY_RETENTION_DAYS} "
            "days after closing)."
        )
