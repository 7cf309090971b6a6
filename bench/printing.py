"""Printable catalogues and pooled supply: time and memory on the demo data, SQLite.

    .venv/bin/python bench/printing.py [--runs N]

Builds (once) a scratch database var/bench-print.sqlite3 with the demo (130 products with
pictures), then renders in-process: the 100-product catalogue PDF, a region's PDF, a fair's
exhibitors, and the pooled-supply pages. Prints p50 / max milliseconds, the PDF's size and
pages, and the process's peak memory. Not part of `make test`.
"""

import argparse
import io
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB = ROOT / "var" / "bench-print.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showcase.settings.test")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from pypdf import PdfReader

    from events.models import EventPage
    from products.models import ProductPage
    from regions.models import RegionPage
    from showcase.demo.loader import load_demo

    call_command("migrate", verbosity=0)
    if not ProductPage.objects.exists():
        print("Loading the demo once into", DB.relative_to(ROOT), "…", flush=True)
        load_demo(say=lambda *args: None)

    region = RegionPage.objects.get(locale__language_code="en", key="mekong-delta")
    fair = max(
        EventPage.objects.live().filter(locale__language_code="en"),
        key=lambda event: event.exhibitors.count(),
    )
    requests = [
        ("PDF, catalogue (first 100)", "/en/print/products.pdf"),
        ("PDF, region (Mekong Delta)", f"/en/print/{region.pk}.pdf"),
        (f"PDF, fair exhibitors ({fair.exhibitors.count()})", f"/en/print/{fair.pk}.pdf"),
        ("pooled supply, all commodities", "/en/supply/"),
        ("pooled supply, dragon fruit", "/en/supply/dragon-fruit/"),
        ("region page with supply", region.url),
    ]
    client = Client()
    print(f"{'request':40} {'p50 ms':>8} {'max ms':>8}  result")
    for label, url in requests:
        client.get(url)  # renditions and caches, as on a warm server
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        if response["Content-Type"] == "application/pdf":
            pages = len(PdfReader(io.BytesIO(response.content)).pages)
            result = f"{len(response.content) / 1024:,.0f} KiB, {pages} pages"
        else:
            result = f"{len(response.content) / 1024:,.0f} KiB HTML"
        print(f"{label:40} {statistics.median(times):8.0f} {max(times):8.0f}  {result}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
