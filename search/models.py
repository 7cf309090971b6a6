from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from showcase.text import fold


class SearchSynonym(models.Model):
    """Words buyers use for the same thing: "pitaya, dragon fruit" and, in Vietnamese only,
    "thanh long". A query holding any of the terms also finds the others, but Vietnamese
    terms are searched for on the Vietnamese catalogue only: in English text their
    syllables are parts of place names ("mít" would find every "Mít" village)."""

    terms = models.CharField(
        _("terms"),
        max_length=500,
        help_text=_(
            "Comma-separated words or phrases that mean the same, searched for in both "
            "languages: pitaya, dragon fruit."
        ),
    )
    vietnamese_terms = models.CharField(
        _("Vietnamese terms"),
        max_length=500,
        blank=True,
        help_text=_(
            "Comma-separated Vietnamese words for the same thing, searched for in the "
            "Vietnamese catalogue only: thanh long."
        ),
    )

    panels = [FieldPanel("terms"), FieldPanel("vietnamese_terms")]

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return ", ".join(part for part in (self.terms, self.vietnamese_terms) if part)

    @property
    def folded_terms(self):
        """Every term, folded: what a query may hold."""
        return folded(f"{self.terms},{self.vietnamese_terms}")

    def searched_terms(self, language):
        """The folded terms searched for in `language`'s catalogue."""
        return folded(self.terms + (f",{self.vietnamese_terms}" if language == "vi" else ""))

    def clean(self):
        if len(self.folded_terms) < 2:
            raise ValidationError({"terms": _("Give at least two different terms.")})


def folded(terms):
    return [term for term in dict.fromkeys(fold(t) for t in terms.split(",")) if term]
