"""Which Content-Security-Policy a response gets. The policies themselves are settings
(settings/base.py), with the map tiles' origin from settings/environment.py."""

from csp.constants import SELF
from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings


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
