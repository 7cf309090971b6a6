"""Vietnamese for the Wagtail admin strings that Wagtail's own catalogue leaves untranslated.

Wagtail's translations are made on Transifex (https://explore.transifex.com/torchbox/wagtail/)
and its `vi` catalogue in Wagtail 8.0 lacks these editor-facing strings (menu items, the
page editor's tabs and actions). Marking them here puts them in our catalogue, which
LOCALE_PATHS puts ahead of the apps' own, so provincial editors work in Vietnamese.
Drop a line when Wagtail translates it; `tests/test_admin.py` checks every one resolves.
"""

from django.utils.translation import gettext_noop

WAGTAIL_ADMIN_STRINGS = [
    gettext_noop("Images"),
    gettext_noop("Documents"),
    gettext_noop("Reports"),
    gettext_noop("Help"),
    gettext_noop("Save draft"),
    gettext_noop("Content"),
    gettext_noop("Promote"),
    gettext_noop("Snippets"),
    gettext_noop("Add child page"),
    gettext_noop("Sync translated pages"),
    gettext_noop("Locked pages"),
    gettext_noop("Workflows"),
    gettext_noop("Redirects"),
    gettext_noop("Site history"),
    gettext_noop("Aging pages"),
    gettext_noop("Collections"),
    gettext_noop("Locales"),
    gettext_noop("Add an image"),
    gettext_noop("Move"),
    gettext_noop("Slug"),
    gettext_noop("Search engine optimization"),
    gettext_noop("For search engines"),
    gettext_noop("Show in menus"),
    gettext_noop("Scheduled publishing"),
    gettext_noop("Go-live date/time"),
    gettext_noop("Expiry date/time"),
    gettext_noop("Comments"),
    gettext_noop("Submit to moderators"),
    gettext_noop("Privacy"),
    gettext_noop("Publish in %(locale)s"),
    gettext_noop("Preview in new tab"),
    gettext_noop("Page type"),
    gettext_noop("Last updated"),
    gettext_noop("Your most recent edits"),
    gettext_noop("Upload images"),
    gettext_noop("Add images"),
    gettext_noop("Edit this page"),
    gettext_noop("Log out"),
    gettext_noop("Awaiting your review"),
    gettext_noop("Approve"),
]
