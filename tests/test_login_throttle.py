"""Guessing passwords on the admin's sign-in page: django-axes locks out a user name, and an
address, after five failures for a while, in the admin's language; password reset
requests are throttled by address and by e-mail; superusers see and lift lockouts in the
admin (editorial/lockouts.py).

Each test's attempts live in the database (axes' AccessAttempt) and in the counters
cache, both emptied between tests: nothing here locks out another test.
"""

import logging
import tomllib
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from editorial import lockouts
from editorial.groups import sync_groups
from regions.models import EditorsTeam, ProvincePage

pytestmark = pytest.mark.django_db
PASSWORD = "the-right-password"  # noqa: S105
ATTACKER = "198.51.100.7"
COLLEAGUE = "203.0.113.20"
LOGIN = "/admin/login/"


def browser(address=ATTACKER, language="en"):
    return Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=language)


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def editor(django_user_model):
    sync_groups()
    province = ProvincePage.objects.get(locale=Locale.get_default(), title="Thái Nguyên")
    user = django_user_model.objects.create_user("tn", "tn@example.org", PASSWORD)
    user.groups.add(EditorsTeam.objects.get(province=province).group)
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.org", PASSWORD)


def lockout_text(language):
    with translation.override(language):
        return lockouts.lockout_message()


@pytest.mark.parametrize("language", ["en", "vi"])
def test_five_wrong_passwords_lock_the_user_name_out(editor, language):
    client = browser(language=language)
    answers = [sign_in(client, "tn", f"guess-{n}").status_code for n in range(5)]
    assert answers == [200, 200, 200, 200, 429]

    refused = sign_in(client, "tn", PASSWORD)
    assert refused.status_code == 429 and not signed_in(client)
    html = refused.content.decode()
    assert lockout_text(language) in html
    assert f'<html lang="{language}"' in html  # the admin's own page, in the admin's language
    # The user name is locked from every address, not only the one that guessed.
    elsewhere = browser(COLLEAGUE, language)
    assert sign_in(elsewhere, "tn", PASSWORD).status_code == 429
    assert not signed_in(elsewhere)


def test_the_lockout_message_says_for_how_long():
    english = lockout_text("en")
    assert "Too many failed sign-ins" in english and "15 minutes" in english


def test_five_failures_from_one_address_lock_the_address_out(editor, django_user_model):
    django_user_model.objects.create_user("ld", "ld@example.org", PASSWORD)
    client = browser()
    for name in ["admin", "root", "bientap", "kiemduyet", "ocop"]:
        sign_in(client, name, "123456")
    assert sign_in(client, "tn", PASSWORD).status_code == 429  # from that address: nobody
    assert not signed_in(client)
    colleague = browser(COLLEAGUE)
    assert sign_in(colleague, "tn", PASSWORD).status_code == 302  # others sign in as usual
    assert signed_in(colleague)


def test_fewer_failures_lock_nobody_out(editor):
    client = browser()
    for n in range(4):
        sign_in(client, "tn", f"guess-{n}")
    assert sign_in(client, "tn", PASSWORD).status_code == 302 and signed_in(client)


def test_a_lockout_is_logged(editor, caplog):
    caplog.set_level(logging.WARNING)
    client = browser()
    for n in range(5):
        sign_in(client, "tn", f"guess-{n}")
    assert any("Locking out" in record.getMessage() for record in caplog.records)


def test_lockouts_are_listed_for_superusers_who_can_lift_them(editor, superuser):
    client = browser()
    for n in range(5):
        sign_in(client, "tn", f"guess-{n}")
    admin = browser(COLLEAGUE)
    admin.force_login(superuser)
    listing = admin.get(reverse("lockouts:index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "tn" in html and ATTACKER in html
    assert str(lockouts.LOCKED) in html

    attempt = AccessAttempt.objects.get(username="tn")
    lifted = admin.post(reverse("lockouts:delete", args=[attempt.pk]))
    assert lifted.status_code == 302 and not AccessAttempt.objects.exists()
    assert sign_in(client, "tn", PASSWORD).status_code == 302 and signed_in(client)


def test_lockouts_are_refused_to_a_provincial_editor(editor):
    sign_in(browser(), "tn", "wrong")
    client = browser(COLLEAGUE)
    client.force_login(editor)
    listing = client.get(reverse("lockouts:index"), follow=True)
    assert [url for url, _status in listing.redirect_chain][-1:] == [reverse("wagtailadmin_home")]
    assert ATTACKER not in listing.content.decode()
    attempt = AccessAttempt.objects.get()
    client.post(reverse("lockouts:delete", args=[attempt.pk]))
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("lockouts:index") not in menu


def test_password_reset_requests_are_throttled_by_address(editor, settings):
    settings.HUB_PASSWORD_RESET_RATE_LIMIT = "3/h"
    client = browser()
    url = reverse("wagtailadmin_password_reset")
    answers = [client.post(url, {"email": f"someone{n}@example.org"}) for n in range(4)]
    assert [answer.status_code for answer in answers] == [302, 302, 302, 429]
    assert "Too many password reset requests" in answers[-1].content.decode()
    # Another address is not held back.
    assert browser(COLLEAGUE).post(url, {"email": "tn@example.org"}).status_code == 302
    assert [m.to for m in mail.outbox] == [["tn@example.org"]]


def test_password_reset_requests_are_throttled_by_email(editor, settings):
    settings.HUB_PASSWORD_RESET_RATE_LIMIT = "3/h"
    url = reverse("wagtailadmin_password_reset")
    answers = [
        browser(f"192.0.2.{n}", "vi").post(url, {"email": "TN@example.org"}) for n in range(1, 5)
    ]
    assert [answer.status_code for answer in answers] == [302, 302, 302, 429]
    with translation.override("vi"):
        assert lockouts.reset_throttled_message() in answers[-1].content.decode()
    assert len(mail.outbox) == 3  # the fourth request sent nothing


def test_the_sign_in_checks_are_configured(settings):
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert not [message for message in run_checks() if message.id.startswith("axes.")]


def test_the_lockout_counts_the_address_the_rate_limits_count(rf, settings):
    """Behind a proxy, RATELIMIT_IP_META_KEY names the header with the buyer's address;
    sign-in lockouts read the same one, or every visitor would share the proxy's."""
    request = rf.post(LOGIN, REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="198.51.100.9")
    assert lockouts.client_address(request) == "10.0.0.1"
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    assert lockouts.client_address(request) == "198.51.100.9"


def test_django_axes_is_pinned_to_a_version_for_this_django():
    project = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
    assert any(
        dependency.startswith("django-axes>=8") and "<9" in dependency
        for dependency in project["project"]["dependencies"]
    )
