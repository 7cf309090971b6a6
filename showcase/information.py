"""Information pages: the About page, the privacy notice and other plain pages under home.

Editors keep them in the admin like any page (Vietnamese source, English translation through
wagtail-localize, approved by the central review). Each has a *kind*: the footer and the
inquiry form link the About page and the privacy notice of the visitor's language by it,
whatever editors call them, and the privacy notice shows the hub's retention period from
the settings (HUB_INQUIRY_RETENTION_DAYS), so the figure buyers read is the one applied.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail_localize.fields import SynchronizedField

from showcase.base import HubPage, visible
from showcase.page_cache import cached_content


class InformationPage(HubPage):
    class Kind(models.TextChoices):
        ABOUT = "about", _("About the hub")
        PRIVACY = "privacy", _("Privacy notice")
        OTHER = "other", _("Other information")

    kind = models.CharField(
        _("kind of page"),
        max_length=12,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text=_(
            "The footer of every page and the inquiry form link the About page and the "
            "privacy notice; the privacy notice also shows how long inquiries are kept, "
            "from the hub's settings. One page of each kind per language."
        ),
    )
    body = RichTextField(
        _("body"),
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("Headings and paragraphs. Write facts only and say which are illustrative."),
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("The day someone last checked that the page is correct; shown to visitors."),
    )

    content_panels = HubPage.content_panels + [
        FieldPanel("kind"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]
    override_translatable_fields = [
        SynchronizedField("kind"),
        SynchronizedField("last_reviewed"),
    ]
    parent_page_types = ["showcase.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")

    def clean(self):
        super().clean()
        if self.kind == self.Kind.OTHER or not self.locale_id:
            return
        others = InformationPage.objects.filter(locale_id=self.locale_id, kind=self.kind)
        if self.pk:
            others = others.exclude(pk=self.pk)
        if self.translation_key:
            others = others.exclude(translation_key=self.translation_key)
        if others.exists():
            raise ValidationError(
                {"kind": _("There is already a page of this kind in this language.")}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["retention_days"] = settings.HUB_INQUIRY_RETENTION_DAYS
        return context


def information_pages(locale):
    """{kind: live page} of the About page and the privacy notice in `locale`, for the footer
    every page shows: one query, then kept until the content changes."""

    def pages():
        found = (
            visible(InformationPage.objects)
            .filter(locale=locale)
            .exclude(kind=InformationPage.Kind.OTHER)
            .order_by("path")
            .defer("body")
        )
        by_kind = {}
        for page in found:
            by_kind.setdefault(page.kind, page)
        return by_kind

    return cached_content("information-pages", pages, locale.language_code)
