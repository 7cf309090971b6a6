"""The catalogue and the search API at demo and national scale, uncached and cached: the
catalogue's rows of bench/pages.py (same databases, same columns, same ratio national /
demo). Before the page cache existed this script measured the catalogue; since, its
figures were cache hits (0 queries, 0.2 ms): the page cache is now off for "uncached".

    .venv/bin/python bench/catalogue.py [--runs N] [--demo-db URL --national-db URL]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.pages import main  # noqa: E402  (the path above makes bench importable)

if __name__ == "__main__":
    main(default_only=("catalogue", "API"))
