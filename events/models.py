from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from showcase.models import HubIndexPage, HubPage, place_link_field


class EventQuerySet(PageQuerySet):
    def upcoming(self):
        return self.filter(end__gte=timezone.now()).order_by("start")

    def past(self):
        return self.filter(end__lt=timezone.now()).order_by("-start")


class EventIndexPage(HubIndexPage):
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = EventPage.objects.live().filter(locale=self.locale).select_related("province")
        context["upcoming_events"] = events.upcoming()
        context["past_events"] = events.past()[:12]
        return context


class EventPage(HubPage):
    """A fair, exhibition, OCOP week, trade delegation or seminar where buyers meet producers."""

    class Type(models.TextChoices):
        FAIR = "fair", _("fair")
        EXHIBITION = "exhibition", _("exhibition")
        TRADE_WEEK = "trade_week", _("OCOP product week")
        DELEGATION = "delegation", _("trade delegation abroad")
        B2B = "b2b", _("B2B matching session")
        SEMINAR = "seminar", _("seminar")
        ONLINE = "online", _("online showcase")

    event_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), default="VN")
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    booth_count = models.PositiveIntegerField(_("number of booths"), null=True, blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    body = RichTextField(_("description"), blank=True)
    province = place_link_field("regions.ProvincePage")

    objects = PageManager.from_queryset(EventQuerySet)()

    content_panels = HubPage.content_panels + [
        FieldPanel("event_type"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("city"), FieldPanel("country")],
            heading=_("Where"),
        ),
        FieldRowPanel([FieldPanel("organiser"), FieldPanel("booth_count")]),
        FieldPanel("registration_url"),
        FieldPanel("body"),
    ]
    search_fields = HubPage.search_fields + [
        index.SearchField("body"),
        index.SearchField("city"),
        index.FilterField("event_type"),
        index.FilterField("start"),
    ]
    override_translatable_fields = [SynchronizedField("venue"), SynchronizedField("city")]
    place_link = "province"
    parent_page_types = ["events.EventIndexPage", "regions.ProvincePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("An event cannot end before it starts.")})

    @property
    def status(self):
        now = timezone.now()
        if self.end < now:
            return "past"
        if self.start <= now:
            return "on_now"
        return "upcoming"
