"""What the Vietnamese admin scan (test_admin_vietnamese.py) reads and looks for.

English words: every word of the English strings of Wagtail's and wagtail-localize's
catalogues (editorial/admin_catalogue.py), less those that are also Vietnamese syllables
written without marks ("in" is to print, "to" is big, "con" is child: any word the Vietnamese
catalogues themselves use) and a short allow-list. The screen's text is what a person sees or
hears: visible text nodes and the placeholder, title and aria-label of visible elements,
less the hub's content (titles, names, translated strings), which an editor wrote in the
language of its page: the scan checks the interface, not the English pages' words.
"""

import re

import polib
from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from django_countries import countries

from editorial.admin_catalogue import DOMAINS, overrides_path, package_entries

# Names and codes that stay as they are in Vietnamese text.
ALLOWED = {
    "ocop",  # the programme's name
    "hs",  # HS codes (the customs nomenclature)
    "wagtail",  # the software's name, in the sidebar's logo text and "About Wagtail"
    "english",  # the language menu names each language in itself: "English", "Tiếng Việt"
    "email",  # written so in Vietnamese
    "url",
    "id",
    "html",
    "csv",
    "xlsx",
    "pdf",
    "json",
    "jpeg",
    "jpg",
    "png",
    "gif",
    "webp",
    "avif",
    "svg",
    "heic",
    "ico",
    "seo",
    "api",
    "utc",
    "mb",
    "kb",
    "gb",
    "px",
}
PLACEHOLDERS = re.compile(r"%\([^)]*\)[sdif]|%[sdif]|\{[^{}]*\}|<[^>]+>|&\w+;")
WORD = re.compile(r"[^\W\d_]+")


def _words(text):
    return {word.lower() for word in WORD.findall(text) if word.isascii() and len(word) > 1}


def english_words():
    english, vietnamese = set(), set()
    for domain in DOMAINS:
        for entry in package_entries(domain).values():
            english |= _words(PLACEHOLDERS.sub(" ", f"{entry.msgid} {entry.msgid_plural}"))
        vietnamese |= _catalogue_words(overrides_path(domain))
    vietnamese |= _catalogue_words(settings.BASE_DIR / "locale/vi/LC_MESSAGES/django.po")
    return english - vietnamese - ALLOWED


def _catalogue_words(path):
    words = set()
    for entry in polib.pofile(str(path)):
        words |= _words(
            PLACEHOLDERS.sub(" ", entry.msgstr or " ".join(entry.msgstr_plural.values()))
        )
    return words


def content_texts():
    """The hub's content an admin screen shows as it was written, longest first (so that a
    title is removed before a shorter one inside it)."""
    from django.contrib.auth import get_user_model
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import Collection, Page
    from wagtail_localize.models import String, StringTranslation

    from products.models import Certification, Commodity, Producer, ProductCategory

    texts = set(Page.objects.values_list("title", flat=True))
    texts |= set(Page.objects.values_list("seo_title", flat=True))
    texts |= set(Page.objects.values_list("search_description", flat=True))
    texts |= set(Producer.objects.values_list("name", flat=True))
    texts |= set(Producer.objects.values_list("name_en", flat=True))
    for model in (Commodity, Certification, ProductCategory):
        texts |= set(model.objects.values_list("name_en", flat=True))
    texts |= set(Image.objects.values_list("title", flat=True))
    texts |= set(Document.objects.values_list("title", flat=True))
    texts |= set(Collection.objects.values_list("name", flat=True))
    texts |= {strip_tags(text) for text in String.objects.values_list("data", flat=True)}
    texts |= {strip_tags(t) for t in StringTranslation.objects.values_list("data", flat=True)}
    texts |= set(get_user_model().objects.values_list("username", flat=True))
    with translation.override("vi"):  # proper names, as django-countries gives them
        texts |= {str(name) for _code, name in countries}
    return sorted((text for text in texts if text and text.strip()), key=len, reverse=True)


# Visible text nodes, and the words of visible elements' attributes.
READ_SCREEN = """() => {
  const seen = (el) => el && el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility !== 'hidden';
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!node.textContent.trim() || !parent) continue;
    if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA'].includes(parent.tagName)) continue;
    // Menus show their items on a click: read them folded too.
    const folded = parent.closest('[data-w-dropdown-target="content"], [role="menu"]');
    if (seen(parent) || folded) texts.push(node.textContent);
  }
  for (const el of document.querySelectorAll('[placeholder], [title], [aria-label], img[alt]')) {
    if (!seen(el)) continue;
    for (const name of ['placeholder', 'title', 'aria-label', 'alt']) {
      if (el.getAttribute(name)) texts.push(el.getAttribute(name));
    }
  }
  return texts;
}"""

URLS_OR_MAILS = re.compile(r"\S+@\S+|https?://\S+|/\S*")


def english_left(texts, english, content):
    """{word: the text it was found in} for the English words of `texts`."""
    found = {}
    for text in texts:
        for written in content:
            if written in text:
                text = text.replace(written, " ")
        text = URLS_OR_MAILS.sub(" ", text)
        for word in _words(text) & english:
            found.setdefault(word, text.strip()[:120])
    return found
