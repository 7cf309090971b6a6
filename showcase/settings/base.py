"""Settings shared by every environment; dev, production and test refine them."""

import contextlib
import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from .environment import machine_translator, map_tiles_sources
from .search_backends import search_backends

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "showcase",
    "regions",
    "products",
    "events",
    "editorial",
    "inquiries",
    "search.apps.CatalogueConfig",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    "rest_framework",
    "ninja",  # serves the API docs' Swagger files locally (no CDN)
    "csp",  # django-csp's system checks (settings in the old format are an error)
    "axes",  # sign-in lockouts (editorial/lockouts.py)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "showcase.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' pages (showcase/page_cache.py), outside the session and CSRF layers.
    "showcase.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, but /api/, /admin/, /documents/… keep their 404 (no language redirect).
    "showcase.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who is looking, for the page titles the admin shows (editorial/draft_guard.py).
    "editorial.draft_guard.AdminViewerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "editorial.lockouts.PasswordResetThrottleMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "showcase.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "showcase.context_processors.site_navigation",
                "inquiries.context_processors.shortlist",
            ],
        },
    },
]

WSGI_APPLICATION = "showcase.wsgi.application"

# SQLite (WAL) is the embedded default; DATABASE_URL points at PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,  # seconds a writer waits for another's transaction to end
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese is the source language of all content; English is its translation.
LANGUAGE_CODE = "vi"
LANGUAGES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# The hub's own strings, then its Vietnamese for the Wagtail and wagtail-localize admin
# (Wagtail's own `vi` catalogue covers ~15 % of it): both win over the packages' catalogues,
# the first over the second. The JavaScript catalogues (djangojs) are read from here too.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Installed from npm by `make` (package.json) and served as our own files: no CDN.
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    # The admin's searchable multi-select (showcase/widgets.py): its script and base styles.
    ("vendor/tom-select/js", BASE_DIR / "node_modules" / "tom-select" / "dist" / "js"),
    ("vendor/tom-select/css", BASE_DIR / "node_modules" / "tom-select" / "dist" / "css"),
]
STATIC_ROOT = BASE_DIR / "var" / "static"
# Development and tests serve static files from the finders; whitenoise wants the folder.
WHITENOISE_USE_FINDERS = True
with contextlib.suppress(OSError):  # a read-only deployment has its collected files
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
# Django serves MEDIA_ROOT itself only in development and for `make serve-prod` on loopback;
# a deployment serves media from object storage or the web server in front.
HUB_SERVE_MEDIA = os.environ.get("HUB_SERVE_MEDIA", "false") == "true"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Redis when REDIS_URL is set (shared by every app server: page cache, its purge, rate
# limits); otherwise each process's memory. See showcase/page_cache.py.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    # At most 2,000 entries and HUB_CACHE_MAX_MB (64) MB per process: 5 workers, 320 MB.
    CACHES = {
        "default": {
            "BACKEND": "showcase.page_cache.BoundedLocMemCache",
            "OPTIONS": {
                "MAX_ENTRIES": 2000,
                "MAX_BYTES": int(os.environ.get("HUB_CACHE_MAX_MB", "64")) * 1024 * 1024,
            },
        }
    }
# Printed catalogues (products/printing.py): files every worker of the machine shares, so a
# PDF is rendered once per machine; at most 200 of at most 2 MB (100 products: ~0.7 MB).
CACHES["pdfs"] = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": os.environ.get("HUB_PDF_CACHE_DIR", str(BASE_DIR / "var" / "pdf-cache")),
    "OPTIONS": {"MAX_ENTRIES": 200},
}
HUB_PDF_CACHE_MAX_BYTES = 2 * 1024 * 1024
# PDF renders at once on this machine, all workers together (a 100-product catalogue is
# ~5 s of one core): half the cores, so pages and the API keep the others. One per address.
HUB_PDF_RENDERS = int(os.environ.get("HUB_PDF_RENDERS", max(1, (os.cpu_count() or 2) // 2)))
# The lock files that count them (fcntl: released by the kernel if a worker dies).
HUB_PDF_LOCKS = Path(os.environ.get("HUB_PDF_LOCKS", BASE_DIR / "var" / "pdf-renders"))
# Anonymous pages are kept this long at most (publishing purges them at once); 0 turns the
# page cache off.
# Django's default, relied on: the shortlist buttons carry no CSRF token (inquiries/views.py).
SESSION_COOKIE_SAMESITE = "Lax"
# A publishing import writes its new rows a batch at a time from this many on
# (products/importing/bulk.py); fewer go row by row, as updates always do.
HUB_IMPORT_BULK_ROWS = int(os.environ.get("HUB_IMPORT_BULK_ROWS", "100"))
HUB_PAGE_CACHE_SECONDS = int(os.environ.get("HUB_PAGE_CACHE_SECONDS", "600"))
# The catalogue's search index (search/index.py) is rebuilt for new content at most this
# often per process (seconds).
HUB_SEARCH_REBUILD_SECONDS = int(os.environ.get("HUB_SEARCH_REBUILD_SECONDS", "30"))
# …in a thread, while the index held goes on answering (search/index.py).
HUB_SEARCH_REBUILD_IN_BACKGROUND = True
# Larger pages are served but not kept (the catalogue of 24 products: ~100 KB).
HUB_PAGE_CACHE_MAX_BYTES = int(os.environ.get("HUB_PAGE_CACHE_MAX_KB", "512")) * 1024
# Where processes sharing local-memory caches read the content generation (page_cache.py).
HUB_CACHE_STAMP = Path(os.environ.get("HUB_CACHE_STAMP", BASE_DIR / "var" / "content-generation"))

WAGTAIL_SITE_NAME = "OCOP Vietnam Hub"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Review notifications go to the central reviewers and the province's editors, not to every
# superuser (editorial/review.py).
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# Wagtail's sign-in form with its password field labelled in Vietnamese (editorial/login.py).
WAGTAILADMIN_USER_LOGIN_FORM = "editorial.login.LoginForm"
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "xlsx", "docx", "txt"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"png": "webp", "jpeg": "webp", "webp": "webp"}
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_HITS_MAX_AGE = 14

# Wagtail's database backend by default; SEARCH_BACKEND + SEARCH_URL choose a cluster.
# Dates as each language's readers write them (showcase/formats/).
FORMAT_MODULE_PATH = ["showcase.formats"]

WAGTAILSEARCH_BACKENDS = search_backends(os.environ)

# The sales-point map's background. Any XYZ tile server; empty means no background (the
# markers and the list of places still show). OpenStreetMap's own tiles are for light use:
# a busy deployment should point this at its own or a commercial tile server.
HUB_MAP_TILES_URL = os.environ.get(
    "HUB_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
HUB_MAP_ATTRIBUTION = os.environ.get(
    "HUB_MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)

# --- Security headers (issue 7; HTTPS-only ones are in production.py) ---------------------
# The public site runs no inline code at all: scripts and styles are static files (the JSON
# data blocks, JSON-LD and json_script, are not executed, so the policy allows them). The
# map's tiles are the only pictures from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *map_tiles_sources(HUB_MAP_TILES_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # Nothing frames the public pages (their previews in the admin: showcase/security.py).
        "frame-ancestors": [NONE],
    },
}
# Wagtail 8's admin and wagtail-localize's editor still write inline <script> blocks and
# style="" attributes (wagtail/wagtail#1288, #7053), and show previews in same-origin frames.
# Their own policy allows exactly that and nothing more: no 'unsafe-eval', no other origin.
HUB_ADMIN_CSP_PREFIXES = ["/admin/"]
HUB_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],  # blob: previews of images being uploaded
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
    },
}
# The admin calls no other site either: a default avatar rather than editors' e-mail hashes
# sent to Gravatar, and no release check from the browser (pyproject.toml pins Wagtail).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail's preview views send SAMEORIGIN themselves; everything else may not be framed.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features the hub never uses are switched off, for its pages and anything they
# embed (the map needs none of them: it never asks where the visitor is).
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

WAGTAILLOCALIZE_JQUERY_LIBRARY = None
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "synced"
# "Translate this page" makes the English a draft, even of a live Vietnamese page: it goes
# live when a reviewer approves it (or publishes it), never straight from an editor's click.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

COUNTRIES_FIRST = ["US", "CA", "GB", "JP", "KR", "AU", "DE", "NL", "FR"]
# django-countries' Vietnamese names three countries as others (Iceland and Ireland are both
# "Ai-len", Jersey and Austria "Áo", Niger and Nigeria "Nigeria"): an editor choosing export
# markets would see those names twice. Their own names, translated in the hub's catalogue.
COUNTRIES_OVERRIDE = {"IS": _("Iceland"), "JE": _("Jersey"), "NE": _("Niger")}

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

# Inquiries (inquiries/): kept until closed, then anonymised this many days after closing
# by `manage.py anonymise_inquiries` (run it daily from cron, like publish_scheduled).
HUB_INQUIRY_RETENTION_DAYS = int(os.environ.get("HUB_INQUIRY_RETENTION_DAYS", "365"))
# Inquiries one client address may send (django-ratelimit's "count/period"); None: no limit.
# Several app servers need the shared cache (REDIS_URL) for one count; behind a proxy, set
# RATELIMIT_IP_META_KEY so the buyer's address is read, not the proxy's.
HUB_INQUIRY_RATE_LIMIT = os.environ.get("HUB_INQUIRY_RATE_LIMIT", "10/h") or None
# Every rate limit (inquiries, PDFs, password resets) counts in this cache, which all workers
# must share: Redis when REDIS_URL is set, otherwise a small SQLite file that every worker on
# the machine opens, whose add and incr are atomic across processes (showcase/counters.py).
if os.environ.get("REDIS_URL"):
    CACHES["counters"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
else:
    CACHES["counters"] = {
        "BACKEND": "showcase.counters.SharedCounterCache",
        "LOCATION": os.environ.get("HUB_COUNTERS_PATH", str(BASE_DIR / "var" / "counters.sqlite3")),
    }
RATELIMIT_USE_CACHE = "counters"

# --- Signing in to the admin (issue 16): guessing passwords is locked out --------------------
# django-axes counts failed sign-ins in the database (AccessAttempt) and, after 5 within
# 15 minutes, refuses that user name from every address and that address for every user
# name until 15 minutes have passed since the last try, even with the right password.
# Superusers see and lift lockouts under Settings → Sign-in lockouts (editorial/lockouts.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out sign-in before any check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "editorial.lockouts.lockout_response"  # the admin's page, translated
AXES_CLIENT_IP_CALLABLE = "editorial.lockouts.client_address"  # as RATELIMIT_IP_META_KEY says
# A successful sign-in does not wipe the address's failures (else any account would let its
# owner guess others' passwords four at a time); successful sign-ins are not recorded.
AXES_RESET_ON_SUCCESS = False
AXES_DISABLE_ACCESS_LOG = True
# Its log lines ("AXES: Locking out …", WARNING) name the user name and address, which the
# administrator needs to act on; passwords are always masked.
AXES_SENSITIVE_PARAMETERS = []
# Password reset e-mails one address may ask for, and one e-mail address may receive
# (django-ratelimit's "count/period", counted in the counters cache; empty = no limit).
HUB_PASSWORD_RESET_RATE_LIMIT = os.environ.get("HUB_PASSWORD_RESET_RATE_LIMIT", "5/h") or None
# Addresses told of every inquiry besides the editors and reviewers (comma-separated).
HUB_INQUIRY_ALSO_NOTIFY = [
    address.strip()
    for address in os.environ.get("HUB_INQUIRY_ALSO_NOTIFY", "").split(",")
    if address.strip()
]
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "OCOP Vietnam Hub <no-reply@ocop-hub.example>"
)

# --- Upload safety and machine translation (issue 6) ----------------------------------------
# Images: Wagtail refuses files over WAGTAILIMAGES_MAX_UPLOAD_SIZE, pictures over
# WAGTAILIMAGES_MAX_IMAGE_PIXELS (read from the header, never decoded: CVE-2023-28837),
# other extensions, and content that is not an image of the extension's format (above).
# Documents: Wagtail 8 has its own size limit, with a translated message naming it; the
# hub's form also refuses content that does not match the extension (editorial/uploads.py).
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "editorial.uploads.HubDocumentForm"
# Documents always through Wagtail's view, which checks the collection's view restriction
# (a province's documents are private, editorial/groups.py), never a redirect to the file's
# address on object storage, where anyone with the link could fetch it again.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Where a restricted document (or page) sends a visitor to sign in: the admin's sign-in, as
# only editors and reviewers may read what a restriction keeps. Wagtail's own front-end
# address (/vi/_util/login/) is taken by the page route (showcase/routing.py): a 404.
WAGTAIL_FRONTEND_LOGIN_URL = "wagtailadmin_login"
# Django's defaults, stated because they matter here: a request's form fields may hold
# 2.5 MB in memory, and an uploaded file over 2.5 MB is streamed to a temporary file, not
# held in memory. The proxy in front should refuse bodies over ~25 MB before Django reads
# them (nginx: client_max_body_size 25m).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Machine translation in wagtail-localize's editor: none unless LIBRETRANSLATE_URL is set
# (with LIBRETRANSLATE_API_KEY if the server wants one), so the site never calls a remote
# service unless configured to.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator(os.environ)  # None: no translator
