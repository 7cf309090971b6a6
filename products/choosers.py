"""Finding snippets by name in the catalogue's admin: the choosers' search and filters and
the lists' search, with or without diacritics.

Commodities, certifications and producers are not in the search index (they are small,
and producers are written in bulk by the import, which the index would not see), so
their names are matched here: every word typed must be in the Vietnamese or English
name once both are folded (showcase/text.py), so "Chè", "chè" and "che" find "Chè".
Folding happens in Python over the names the user may choose from: the national
catalogue's 10,000 producers take about 0.1 s.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm

from regions.models import ProvincePage
from showcase.text import fold


def matching(objects, fields, query):
    """`objects` whose `fields` hold every word of `query`, diacritics folded."""
    words = fold(query).split()
    if not words:
        return objects
    rows = objects.prefetch_related(None).order_by().values_list("pk", *fields)
    found = [
        pk
        for pk, *names in rows.iterator(chunk_size=2000)
        if all(word in fold(" ".join(name for name in names if name)) for word in words)
    ]
    return objects.filter(pk__in=found)


class NameSearchForm(BaseFilterForm):
    """A chooser's search box over the names in both languages."""

    name_fields = ("name_vi", "name_en")

    q = forms.CharField(
        label=_("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name in Vietnamese or English")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q", "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            objects = matching(objects, self.name_fields, query)
        return objects


class ProducerSearchForm(NameSearchForm):
    """The producer chooser's search, and its province filter when the user keeps the
    producers of more than one province."""

    name_fields = ("name", "name_en")

    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=ProvincePage.objects.none(),
        required=False,
        empty_label=_("All provinces"),
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def __init__(self, *args, provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        if len(provinces) < 2:
            del self.fields["province"]
        else:
            pks = [province.pk for province in provinces]
            self.fields["province"].queryset = ProvincePage.objects.filter(pk__in=pks).order_by(
                "title"
            )

    def filter(self, objects):
        objects = super().filter(objects)
        province = self.cleaned_data.get("province")
        return objects.filter(province=province) if province else objects


class FoldedSearch:
    """An admin list view whose search box matches names as the choosers do."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return matching(queryset, self.search_fields, self.search_query)
