"""Guessing passwords on the admin's sign-in and password reset pages (issue 16).

- Sign-in: django-axes (settings `AXES_*`) counts failures in the database and locks out a
  user name, and an address, after five. A locked-out try gets the admin's own sign-in
  page again, status 429, with `lockout_message()` in the visitor's language (axes has no
  Vietnamese of its own): `lockout_response`.
- Password reset: `PasswordResetThrottleMiddleware` counts requests per address and per
  e-mail address with django-ratelimit (in the counters cache every worker shares) and,
  over `HUB_PASSWORD_RESET_RATE_LIMIT`, answers with the reset page and a message instead
  of sending anything; known and unknown addresses are treated alike.
- Both read the client's address the way the inquiry rate limit does (`client_address`):
  behind a proxy, from the header `RATELIMIT_IP_META_KEY` names.
- Superusers see the failed sign-ins and lockouts under Settings → Sign-in lockouts, and
  lift one by deleting it (`LockoutViewSet`); nobody else sees them.
"""

import ipaddress
import logging

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_ratelimit.core import is_ratelimited
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.account import PasswordResetView, get_password_reset_form
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

logger = logging.getLogger(__name__)
LOCKED = gettext_lazy("locked out")
COUNTING = gettext_lazy("counting failures")


def client_address(request):
    """The address sign-ins are counted by (AXES_CLIENT_IP_CALLABLE): the one the rate
    limits count, from RATELIMIT_IP_META_KEY's header behind a proxy, else the peer's."""
    meta_key = getattr(settings, "RATELIMIT_IP_META_KEY", None)
    value = request.META.get(meta_key, "") if isinstance(meta_key, str) else ""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:  # no header here, or not an address: stored in an address column
        return request.META.get("REMOTE_ADDR")


def lockout_minutes():
    return int(get_cool_off().total_seconds() // 60)


def lockout_message():
    minutes = lockout_minutes()
    return ngettext(
        "Too many failed sign-ins for this user name or from your address. Signing in is "
        "locked for %(minutes)s minute; an administrator can lift the lock sooner.",
        "Too many failed sign-ins for this user name or from your address. Signing in is "
        "locked for %(minutes)s minutes; an administrator can lift the lock sooner.",
        minutes,
    ) % {"minutes": minutes}


def reset_throttled_message():
    return _(
        "Too many password reset requests for this e-mail address or from your address. "
        "Please wait a while before asking again."
    )


def _refused_page(request, template_name, context, message):
    """The page the visitor was on, with `message` as its form's only error, status 429."""
    form = context["form"]
    form.errors.clear()
    form.add_error(None, message)
    response = TemplateResponse(request, template_name, context, status=429)
    add_never_cache_headers(response)
    return response.render()  # axes' middleware answers after Django renders responses


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in page (the admin's, or Wagtail's for private
    pages) that answered the try, its "wrong password" replaced by the lockout."""
    context = getattr(original_response, "context_data", None) or {}
    if "form" not in context:
        return HttpResponse(lockout_message(), status=429, content_type="text/plain")
    return _refused_page(request, original_response.template_name, context, lockout_message())


def _posted_email(_group, request):
    return request.POST.get("email", "").strip().casefold()


class PasswordResetThrottleMiddleware:
    """Counts POSTs to the admin's password reset page by address and by e-mail address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.resolver_match.url_name != (
            "wagtailadmin_password_reset"
        ):
            return None
        rate = settings.HUB_PASSWORD_RESET_RATE_LIMIT
        counts = [
            is_ratelimited(request, group=group, key=key, rate=rate, increment=True)
            for group, key in [("password-reset", "ip"), ("password-reset-email", _posted_email)]
        ]
        if not any(counts):
            return None
        logger.warning("Password reset requests throttled from %s", client_address(request))
        form = get_password_reset_form()(request.POST)
        return _refused_page(
            request, PasswordResetView.template_name, {"form": form}, reset_throttled_message()
        )


class LockoutPermissionPolicy(ModelPermissionPolicy):
    """Superusers only: the list says who tried to sign in as whom, and from where."""

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser and action in ("view", "delete")


class LockoutIndexView(generic.IndexView):
    default_ordering = "-attempt_time"

    def get_base_queryset(self):
        """Each row with the failures of its user name and of its address within the
        cool-off, added up as axes adds them to decide a lockout."""
        recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off())

        def failures_by(field):
            same = recent.filter(**{field: OuterRef(field)}).values(field)
            total = same.annotate(total=Sum("failures_since_start")).values("total")[:1]
            return Coalesce(Subquery(total), 0)

        return AccessAttempt.objects.annotate(
            by_name=failures_by("username"), by_address=failures_by("ip_address")
        )


def _locked(attempt):
    return max(attempt.by_name, attempt.by_address) >= settings.AXES_FAILURE_LIMIT


class LockoutViewSet(ModelViewSet):
    model = AccessAttempt
    icon = "lock"
    menu_label = gettext_lazy("Sign-in lockouts")
    menu_name = "lockouts"
    menu_order = 900
    add_to_settings_menu = True
    index_view_class = LockoutIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "username",
        "ip_address",
        "failures_since_start",
        "attempt_time",
        "path_info",
        "user_agent",
    ]
    form_fields = []  # nobody adds or edits an attempt: the policy refuses both
    list_display = [
        TitleColumn("username", label=gettext_lazy("User name"), url_name="lockouts:inspect"),
        Column("ip_address", label=gettext_lazy("Address")),
        Column("failures_since_start", label=gettext_lazy("Failed sign-ins")),
        StatusTagColumn(
            "state",
            label=gettext_lazy("State"),
            accessor=lambda attempt: LOCKED if _locked(attempt) else COUNTING,
            primary=_locked,
        ),
        DateColumn("attempt_time", label=gettext_lazy("Last try"), sort_key="attempt_time"),
    ]


register_permission_policy(AccessAttempt, LockoutPermissionPolicy(AccessAttempt))
viewset = LockoutViewSet("lockouts")
