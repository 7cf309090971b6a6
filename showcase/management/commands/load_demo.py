from django.core.management.base import BaseCommand
from tqdm import tqdm

from showcase.demo.loader import ADMIN_PASSWORD, DEMO_EDITORS, DEMO_REVIEWER, load_demo


class Command(BaseCommand):
    help = "Load the demo: structure, demo products through the import, fairs, sales points."

    def handle(self, *args, **options):
        def progress(total):
            return tqdm(total=total, desc="Importing demo products", unit="product", leave=False)

        user = load_demo(say=self.stdout.write, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo ready: http://127.0.0.1:8000/en/ and http://127.0.0.1:8000/vi/\n"
                f"Admin: http://127.0.0.1:8000/admin/  user: {user.username}  "
                f"password: {ADMIN_PASSWORD}\n"
                "Provincial editors (see only their province's pages and inquiries): "
                + ", ".join(username for username, *_rest in DEMO_EDITORS)
                + f"; central reviewer: {DEMO_REVIEWER[0]}; same password."
            )
        )
