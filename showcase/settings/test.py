import os
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The production backend (bounded by bytes). The PDFs' cache shares the default's store (a
# local-memory cache is named by its LOCATION), so the suite's cache.clear() empties both.
CACHES = {
    "default": {"BACKEND": "showcase.page_cache.BoundedLocMemCache"},
    "pdfs": {"BACKEND": "showcase.page_cache.BoundedLocMemCache"},
}
# Rate-limit counts too, so each test starts with none; tests/test_shared_limits.py runs the
# production counters (showcase/counters.py) in several processes.
CACHES["counters"] = CACHES["default"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# HUB_TEST_MEDIA: .ci/run's two passes run at once, each with its own uploads.
MEDIA_ROOT = Path(os.environ.get("HUB_TEST_MEDIA", BASE_DIR / "var" / "test-media"))  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
HUB_MAP_TILES_URL = ""  # tests never reach the network
HUB_SEARCH_REBUILD_SECONDS = 0  # each test's content is searched as it is
HUB_SEARCH_REBUILD_IN_BACKGROUND = False  # …at once
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared memory: live-server threads then write concurrently as in production.
    # HUB_TEST_DB lets two test runs share a checkout without sharing a database.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.environ.get("HUB_TEST_DB", str(BASE_DIR / "var" / "test-db.sqlite3"))  # noqa: F405
    }
# The content generation of this run's page cache, beside its database: two runs sharing a
# checkout do not purge each other's caches.
HUB_CACHE_STAMP = Path(
    str(DATABASES["default"].get("TEST", {}).get("NAME") or BASE_DIR / "var" / "test")  # noqa: F405
    + ".generation"
)
# …and its PDF render slots: another run's renders are not this one's.
HUB_PDF_LOCKS = Path(str(HUB_CACHE_STAMP).removesuffix(".generation") + ".pdf-renders")
