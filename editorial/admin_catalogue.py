"""The Vietnamese of the Wagtail and wagtail-localize admin, which the hub keeps itself.

Wagtail 8.0's `vi` catalogue translates about 15 % of the admin and wagtail-localize's about
5 %, so a provincial editor met English on most screens. The hub's catalogues in
`locale_overrides/vi/LC_MESSAGES/` (django.po, and djangojs.po for the admin's and the
translation editor's JavaScript) translate every string of the packages below; settings put
the folder in LOCALE_PATHS, ahead of the packages' own catalogues, so they win, and Django's
JavaScriptCatalog (which Wagtail and wagtail-localize serve) reads it too. The terms follow
the glossary in the README.

After an upgrade, `manage.py refresh_admin_catalogue` adds the packages' new strings (empty,
to translate) and drops the ones they no longer have; tests/test_admin_catalogue.py fails
while a string of theirs has no Vietnamese.
"""

import importlib
from pathlib import Path

import polib
from django.conf import settings

# The admin's packages, as the hub installs them (settings INSTALLED_APPS): the folders of
# their English catalogues list every string they translate. Wagtail's own Vietnamese had
# wrong terms ("Phân trang", pagination, for Pages), so the hub translates all of it; Django's
# is kept where it has one (True) and completed where it has none (e.g. "%(num)d minute",
# which the admin's "3 phút trước" needs since Django 4.1 renamed it).
ADMIN_PACKAGES = [
    ("wagtail.admin", False),
    ("wagtail", False),
    ("wagtail.contrib.forms", False),
    ("wagtail.contrib.redirects", False),
    ("wagtail.contrib.simple_translation", False),
    ("wagtail.documents", False),
    ("wagtail.embeds", False),
    ("wagtail.images", False),
    ("wagtail.locales", False),
    ("wagtail.search", False),
    ("wagtail.sites", False),
    ("wagtail.snippets", False),
    ("wagtail.users", False),
    ("wagtail_localize", False),
    ("wagtail_localize.locales", False),
    ("django.conf", True),
    ("django.contrib.auth", True),
]
DOMAINS = ("django", "djangojs")


def overrides_path(domain):
    return Path(settings.BASE_DIR) / "locale_overrides" / "vi" / "LC_MESSAGES" / f"{domain}.po"


def package_entries(domain):
    """The packages' strings of `domain` the hub translates, once each:
    {(context, msgid): English entry}."""
    entries = {}
    for name, keeps_its_own in ADMIN_PACKAGES:
        folder = Path(importlib.import_module(name).__file__).parent / "locale"
        path = folder / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not path.exists():
            continue
        own = _translated(folder / "vi" / "LC_MESSAGES" / f"{domain}.po") if keeps_its_own else ()
        for entry in polib.pofile(str(path)):
            key = (entry.msgctxt, entry.msgid)
            if not entry.obsolete and key not in own:
                entries.setdefault(key, entry)
    return entries


def _translated(path):
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)).translated_entries()}


def untranslated(domain):
    """The packages' strings the hub's catalogue has no Vietnamese for."""
    ours = polib.pofile(str(overrides_path(domain)))
    done = {(entry.msgctxt, entry.msgid) for entry in ours.translated_entries()}
    return [key for key in package_entries(domain) if key not in done]


def refresh(domain):
    """Add the packages' new strings (untranslated) and drop those they no longer have.
    Returns (added, dropped)."""
    path = overrides_path(domain)
    ours = polib.pofile(str(path), wrapwidth=0)
    theirs = package_entries(domain)
    kept = [entry for entry in ours if (entry.msgctxt, entry.msgid) in theirs]
    present = {(entry.msgctxt, entry.msgid) for entry in kept}
    added = [_empty_copy(entry) for key, entry in theirs.items() if key not in present]
    dropped = len(ours) - len(kept)
    ours[:] = kept + added
    ours.save(str(path))
    return len(added), dropped


def _empty_copy(entry):
    copy = polib.POEntry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        occurrences=entry.occurrences[:1],
        flags=[flag for flag in entry.flags if flag != "fuzzy"],
    )
    if entry.msgid_plural:
        copy.msgid_plural = entry.msgid_plural
        copy.msgstr_plural = {0: ""}
    return copy
