"""Production: everything that differs between deployments comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

WHITENOISE_USE_FINDERS = False  # collectstatic's hashed, compressed files only
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
# Shared media on object storage when several app servers run (django-storages S3).
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}  # noqa: F405

# A CDN or caching proxy in front: Wagtail purges a page's addresses there when it is
# published, unpublished or moved (wagtail.contrib.frontend_cache). Off unless configured.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):  # Varnish, nginx, … that accept HTTP PURGE
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("FRONTEND_CACHE_CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["FRONTEND_CACHE_CLOUDFLARE_ZONEID"],
        "BEARER_TOKEN": os.environ.get("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN", ""),
    }
if os.environ.get("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"):  # boto3: the production extra
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"],
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS += ["wagtail.contrib.frontend_cache"]  # noqa: F405

# Only behind a proxy that sets (and strips incoming) X-Forwarded-Proto.
if os.environ.get("TRUST_X_FORWARDED_PROTO", "false") == "true":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if os.environ.get("RATELIMIT_IP_META_KEY"):  # e.g. HTTP_X_REAL_IP, set by your proxy
    RATELIMIT_IP_META_KEY = os.environ["RATELIMIT_IP_META_KEY"]
if os.environ.get("WAGTAILADMIN_BASE_URL"):
    WAGTAILADMIN_BASE_URL = os.environ["WAGTAILADMIN_BASE_URL"]
elif ALLOWED_HOSTS and ALLOWED_HOSTS[0] != "*":
    WAGTAILADMIN_BASE_URL = f"https://{ALLOWED_HOSTS[0].lstrip('.')}"  # links in admin e-mails
SESSION_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "true") == "true"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS only. Behind a proxy that terminates TLS, set TRUST_X_FORWARDED_PROTO=true (above) so
# Django sees which requests came over HTTPS; without it every request would be redirected.
# SECURE_SSL_REDIRECT=false only where the proxy itself answers every http:// request with
# a redirect (check --deploy then says so: security.W008).
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true") == "true"
# The load balancer's health probe may come over plain HTTP (regular expressions, no "/").
SECURE_REDIRECT_EXEMPT = env_list("SECURE_REDIRECT_EXEMPT", r"^healthz$")
# HSTS: a year, as Django's check expects. includeSubDomains is on because the hub has its
# own domain; turn it off if subdomains of that domain still serve plain HTTP.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true") == "true"
# The preload token lets anyone submit the domain to the browsers' built-in HTTPS-only list,
# which takes months to leave and binds every subdomain: the domain's owner opts in.
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "false") == "true"
# Django's check recommends preloading (security.W021); not preloading is the decision above.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Pictures on object storage (django-storages) come from the bucket's or the CDN's origin.
for policy in (CONTENT_SECURITY_POLICY, HUB_ADMIN_CONTENT_SECURITY_POLICY):  # noqa: F405
    policy["DIRECTIVES"]["img-src"] += env_list("CSP_MEDIA_ORIGINS")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
