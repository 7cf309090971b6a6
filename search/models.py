from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from showcase.text import fold


class SearchSynonym(models.Model):
    """Words buyers use for the same thing: "pitaya, dragon fruit, thanh long"."""

    terms = models.CharField(
        _("terms"),
        max_length=500,
        help_text=_("Comma-separated words or phrases that mean the same, in any language."),
    )

    panels = [FieldPanel("terms")]

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return self.terms

    @property
    def folded_terms(self):
        return [term for term in dict.fromkeys(fold(t) for t in self.terms.split(",")) if term]

    def clean(self):
        if len(self.folded_terms) < 2:
            raise ValidationError({"terms": _("Give at least two different terms.")})
