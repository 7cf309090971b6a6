"""People the browser tests need: province editors and central reviewers (made as
editorial/groups.py makes them, reading the admin in Vietnamese), and logging them in."""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from editorial.groups import sync_groups
from regions.models import ProvincePage

PASSWORD = "editor-pass-2026"  # noqa: S105
DESKTOP = {"width": 1280, "height": 900}


def _user(username, group):
    user = get_user_model().objects.create_user(username, f"{username}@hub.example", PASSWORD)
    user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "vi"
    profile.save()
    return user


def editor(username, province_slug):
    """A member of the province's editors team: edits and submits, cannot publish."""
    _reviewers, groups = sync_groups()
    province = ProvincePage.objects.get(slug=province_slug, locale__language_code="vi")
    return _user(username, groups[province.translation_key])


def reviewer(username):
    """A central reviewer, who approves what the provinces submit."""
    reviewers, _groups = sync_groups()
    return _user(username, reviewers)


def log_in(browser, live_server, username, viewport=None):
    """A new browser (own cookies) logged in to the admin as `username`; its page."""
    context = browser.new_context(viewport=viewport or DESKTOP, locale="vi-VN")
    admin = context.new_page()
    admin.set_default_timeout(15_000)
    admin.goto(f"{live_server.url}/admin/login/")
    fill_login(admin, username)
    return admin


def fill_login(admin, username):
    """Log in on the admin's login page, open in `admin`."""
    admin.locator("#id_username").fill(username)
    admin.locator("#id_password").fill(PASSWORD)
    admin.locator("form button[type=submit]").click()
    expect(admin).not_to_have_url(re.compile("/login/"))


def log_out(admin):
    """From the account menu at the foot of Wagtail's sidebar (folded away on phones)."""
    account = admin.locator(".sidebar-footer__account")
    unfold = admin.locator(".sidebar-nav-toggle--mobile")
    expect(account.or_(unfold).first).to_be_visible()  # the sidebar has been drawn
    if not account.is_visible():
        unfold.click()
    account.click()
    admin.locator("form[action$='/logout/'] button").click()
    expect(admin).to_have_url(re.compile("/admin/login/"))
