"""Form widgets the editors' forms share: this module imports no app.

`SearchableSelectMultiple` replaces Django's <select multiple> where the list is long (the
249 countries of a product's export markets, its certifications, a sales point's products):
an editor types a few letters, with or without diacritics ("Nhat" finds "Nhật Bản"), ticks
what matches, and sees each choice as a chip with its own remove button.

The <select multiple> stays the form's field and the enhancement is a static script
(static/js/admin-multiselect.js over Tom Select, served from node_modules like Leaflet), so
the form posts the same values with or without JavaScript and the page needs no inline
script or style. The widget's texts are written, translated, into data attributes of the
select: the script reads them there rather than from a JavaScript catalogue.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

# {data attribute: text}: `%(name)s` is an option's label, put in by the script.
TEXTS = {
    "data-placeholder": _("Type to search…"),
    "data-no-results": _("Nothing found: try fewer letters."),
    "data-remove": _("Remove %(name)s"),
    "data-added": _("%(name)s chosen"),
    "data-removed": _("%(name)s removed"),
}


class SearchableSelectMultiple(forms.SelectMultiple):
    """A <select multiple> that the admin's script turns into a searchable list with chips."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        attrs["data-hub-multiselect"] = ""
        # Tom Select gives the select's classes to the field it draws (the stylesheet's hook).
        attrs["class"] = " ".join(filter(None, [attrs.get("class"), "hub-multiselect"]))
        attrs.update({attribute: str(text) for attribute, text in TEXTS.items()})
        return context

    class Media:
        css = {
            "all": [
                "vendor/tom-select/css/tom-select.min.css",
                "css/admin-multiselect.css",
            ]
        }
        js = ["vendor/tom-select/js/tom-select.base.min.js", "js/admin-multiselect.js"]
