"""Text folding shared by search and by everything that matches names typed by people."""

import re

from anyascii import anyascii

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII with Vietnamese diacritics removed: "Bắc Kạn" → "bac kan", "Đà" → "da"."""
    return " ".join(_NON_WORD.split(anyascii(text or "").lower())).strip()
