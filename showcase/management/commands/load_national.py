from django.core.management.base import BaseCommand
from tqdm import tqdm

from showcase.demo.national import load_national


class Command(BaseCommand):
    help = (
        "Load the demo, then generated products up to N per language (default 20,000) "
        "through the import, with sales points in proportion: the national catalogue's "
        "size and shape, for load tests. Generated records say so on their pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=20_000, help="products per language")

    def handle(self, *args, products, **options):
        def progress(total):  # rows per second, as the import command shows them
            return tqdm(total=total, desc="Importing national products", unit="product")

        load_national(products, say=self.stdout.write, progress=progress)
