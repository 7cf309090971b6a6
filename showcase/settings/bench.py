"""The benchmarks' settings (bench/): the test settings, with the media and the content
generation of `make run`'s defaults, so a database loaded by `make national` can be
measured as it is. Never for serving."""

import os
from pathlib import Path

from .test import *  # noqa: F403

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))  # noqa: F405
HUB_CACHE_STAMP = BASE_DIR / "var" / "bench.generation"  # noqa: F405
# As in production: the search index is rebuilt in a thread after a publication.
HUB_SEARCH_REBUILD_IN_BACKGROUND = True
