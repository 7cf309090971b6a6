"""The buyer's shortlist, kept in their session: no account needed.

Products are remembered by translation key, so a shortlist made in English shows the same
products in Vietnamese after the buyer switches language.
"""

from products.models import ProductPage
from showcase.base import visible

SESSION_KEY = "shortlist"
MAX_ITEMS = 50


class Shortlist:
    def __init__(self, session):
        self.session = session

    @property
    def keys(self):
        return list(self.session.get(SESSION_KEY, []))

    def __len__(self):
        return len(self.keys)

    def __contains__(self, product):
        return str(product.translation_key) in self.keys

    def add(self, product):
        """Add a product; False when the shortlist is already full."""
        keys = self.keys
        key = str(product.translation_key)
        if key in keys:
            return True
        if len(keys) >= MAX_ITEMS:
            return False
        self.session[SESSION_KEY] = keys + [key]
        return True

    def remove(self, product):
        self.session[SESSION_KEY] = [
            key for key in self.keys if key != str(product.translation_key)
        ]

    def clear(self):
        self.session.pop(SESSION_KEY, None)

    def products(self, locale):
        """The shortlisted products in `locale` anyone may read (a product made private
        since leaves the list), in the order they were added."""
        keys = self.keys
        if not keys:
            return []
        found = {
            str(page.translation_key): page
            for page in visible(ProductPage.objects)
            .filter(locale=locale, translation_key__in=keys)
            .for_listing()
        }
        return [found[key] for key in keys if key in found]
