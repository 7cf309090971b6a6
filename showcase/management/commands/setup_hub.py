from django.core.management.base import BaseCommand

from showcase.setup import setup_hub


class Command(BaseCommand):
    help = "Create the hub's structure: locales, home and index pages, 6 regions, 34 provinces."

    def handle(self, *args, **options):
        home = setup_hub()
        self.stdout.write(self.style.SUCCESS(f"The hub's structure is in place under {home}."))
