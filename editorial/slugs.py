"""The admin's slug fields spell Vietnamese the way the server does (showcase.text.slug_for).

Wagtail's slug field (its `w-slug` Stimulus controller) turns a title into a slug in the
browser with a port of Django's old URLify, whose letter table knows "â" and "ô" but not "ư",
"ơ", "ạ" or any letter with two marks ("ử", "ệ"), which it drops, and spells "đ" the Serbian
way, "dj": "Chè Tân Cương (thử nghiệm)" became `che-tan-cng-th-nghim`. The widget takes
`formatters`, replacements it applies before its own table: we hand it anyascii's
spelling of every Latin letter with diacritics, and of combining marks (text typed in
decomposed form), computed here from the same library the server uses. Pure data in an
attribute: no script of ours, nothing for the Content Security Policy to allow.
"""

import re
from collections import defaultdict
from functools import cache

from anyascii import anyascii
from django.db import models
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import SlugInput

# Latin-1 letters, Latin Extended-A and -B, combining diacritical marks, and Latin Extended
# Additional (where Vietnamese keeps "ạ", "ế", "ợ", "ử" …).
LETTER_BLOCKS = [(0x00C0, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF)]


@cache
def transliteration():
    """[(character class, ASCII)] for the letters of LETTER_BLOCKS, grouped by their ASCII
    spelling (lower case: the slug is lower-cased afterwards), e.g. ("[àáạảã…]", "a")."""
    letters = defaultdict(list)
    for first, last in LETTER_BLOCKS:
        for code in range(first, last + 1):
            letter = chr(code)
            spelt = anyascii(letter).lower()
            if spelt != letter:
                letters[spelt].append(letter)
    return tuple(
        (f"[{re.escape(''.join(group))}]", spelt)
        # "$" would be a group reference in JavaScript's replacement strings.
        for spelt, group in sorted(letters.items())
        if "$" not in spelt
    )


class TransliteratingSlugInput(SlugInput):
    """Wagtail's slug widget with anyascii's spelling applied first."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        formatters = [*transliteration(), *(formatters or [])]
        super().__init__(attrs, formatters=formatters, locale=locale)


def use_transliterating_slug_input():
    """Every slug field of the admin's forms (pages, snippets) gets the widget: Wagtail
    registers its own SlugInput the same way, and the later registration wins."""
    register_form_field_override(models.SlugField, override={"widget": TransliteratingSlugInput})
