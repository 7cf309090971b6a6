"""The Content-Security-Policy's two parts that need code: where the map tiles come from,
and which policy a response gets. The policies themselves are settings (settings/base.py)."""

from urllib.parse import urlsplit

from csp.constants import SELF
from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings


def map_tiles_sources(tiles_url):
    """The CSP source the sales-point map's tiles load from: `HUB_MAP_TILES_URL`'s origin.

    Leaflet's `{s}` (or any placeholder) in the host becomes a wildcard label:
    "https://{s}.tile.example/{z}/{x}/{y}.png" gives "https://*.tile.example".
    No URL, or one without a host, gives no source (the map then has no background)."""
    parts = urlsplit(tiles_url or "")
    if not parts.netloc or parts.scheme not in ("", "http", "https"):
        return []
    labels = parts.netloc.split(".")
    templated = [i for i, label in enumerate(labels) if "{" in label]
    if templated:
        labels = ["*", *labels[templated[-1] + 1 :]]
    host = ".".join(labels)
    # A scheme-relative URL ("//tiles.example/…") loads with the page's own scheme.
    return [f"{parts.scheme}://{host}" if parts.scheme else host]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with `HUB_ADMIN_CONTENT_SECURITY_POLICY` for the paths in
    `HUB_ADMIN_CSP_PREFIXES` (Wagtail's admin) and `CONTENT_SECURITY_POLICY` elsewhere.

    A page's preview keeps the public policy, so editors see what buyers will see, except
    that the admin may frame it: Wagtail renders previews through the whole middleware
    stack with the page's own address (`Page.make_preview_request`, `request.is_preview`)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:  # a view chose its own policy
            return parts
        if request.path_info.startswith(tuple(settings.HUB_ADMIN_CSP_PREFIXES)):
            parts.config = default_config(settings.HUB_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        elif getattr(request, "is_preview", False):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts
