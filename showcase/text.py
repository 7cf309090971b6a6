"""Text folding shared by search and by everything that matches names typed by people."""

import re

from anyascii import anyascii
from django.utils.text import slugify

# Page slugs may hold 255 characters; leave room for the number Wagtail adds to a taken one.
SLUG_LENGTH = 240

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII with Vietnamese diacritics removed: "Bắc Kạn" → "bac kan", "Đà" → "da"."""
    return " ".join(_NON_WORD.split(anyascii(text or "").lower())).strip()


def slug_for(text: str, max_length: int = SLUG_LENGTH) -> str:
    """The URL slug of a title, in ASCII: "Chè Tân Cương (thử nghiệm)" → "che-tan-cuong-thu-nghiem",
    "Đà Lạt" → "da-lat". Django's slugify alone drops "đ" ("a-lat") and Wagtail's admin
    JavaScript drops "ư", "ơ" and every letter with two marks ("tan-cng"); anyascii spells
    them all. The admin's slug field (editorial/slugs.py) applies the same table."""
    return slugify(anyascii(text or ""))[:max_length].strip("-_")
