import datetime
import zoneinfo
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from products.models import ProductPage, public_producer
from regions.models import ProvincePage
from showcase.base import (
    HubIndexPage,
    HubPage,
    in_source_language,
    localized,
    place_link_field,
    visible,
)
from showcase.structured_data import event_data
from showcase.text import fold
from showcase.widgets import SearchableSelectMultiple

VIETNAM_TIME_ZONE = "Asia/Ho_Chi_Minh"


def validate_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Asia/Ho_Chi_Minh or Europe/Amsterdam."),
            params={"value": value},
        ) from error


class EventQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        """Events that have not ended, soonest first (events on now included)."""
        return self.filter(end__gte=now or timezone.now()).order_by("start")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start")

    def overlapping(self, start, end):
        """Events that take place at some time in [start, end)."""
        return self.filter(start__lt=end, end__gte=start)

    def concerning(self, provinces):
        """Events a province takes part in: organised under it, listed as participating, or
        with its products among the exhibitors. `provinces` is a ProvincePage queryset in
        any locale; relations copied from the Vietnamese source match through translation
        keys."""
        keys = provinces.values("translation_key")
        matching = EventPage.objects.filter(
            Q(province__translation_key__in=keys)
            | Q(participating_provinces__translation_key__in=keys)
            | Q(exhibitors__product__province__translation_key__in=keys)
        ).values("pk")
        return self.filter(pk__in=matching)

    def for_listing(self):
        return self.select_related("province")


class EventIndexPage(HubIndexPage):
    """Every event, filtered as a buyer asks: its listing is events/listing.py, added as
    a section (events/sections.py)."""

    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event index page")


def events_index_url(locale, request, **filters):
    """The events index of `locale`, filtered (e.g. region="red-river-delta")."""
    index_page = visible(EventIndexPage.objects).filter(locale=locale).first()
    if index_page is None:
        return None
    return index_page.get_url(request) + ("?" + urlencode(filters) if filters else "")


class EventPageForm(WagtailAdminPageForm):
    """Editors enter an event's times as they are on the spot: a delegation's 09:00 in
    Amsterdam is 09:00 Amsterdam time, whatever the editor's own time zone."""

    local_time_fields = ("start", "end", "registration_deadline")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self._zone(self.instance.time_zone)
        for name in self.local_time_fields:
            value = getattr(self.instance, name, None)
            if value is not None and name in self.fields:
                self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        zone = self._zone(cleaned.get("time_zone"))
        for name in self.local_time_fields:
            value = cleaned.get(name)
            if value is not None:
                # The field read the wall-clock time in the editor's zone; keep the wall
                # clock, put it in the event's zone.
                wall_clock = timezone.localtime(value).replace(tzinfo=None)
                cleaned[name] = wall_clock.replace(tzinfo=zone)
        return cleaned

    @staticmethod
    def _zone(name):
        try:
            return zoneinfo.ZoneInfo(name or VIETNAM_TIME_ZONE)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(VIETNAM_TIME_ZONE)


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

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("upcoming")
        ON_NOW = "on_now", _("on now")
        PAST = "past", _("past")

    event_type = models.CharField(
        _("type"),
        max_length=20,
        choices=Type.choices,
        help_text=_("What kind of event it is; buyers filter the calendar by it."),
    )
    start = models.DateTimeField(
        _("starts"),
        help_text=_("The day and hour it opens, at the venue (in the time zone below)."),
    )
    end = models.DateTimeField(
        _("ends"),
        help_text=_(
            "The day and hour it closes, at the venue; the same day as the start for a "
            "one-day event."
        ),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=VIETNAM_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_(
            "Where the event takes place, e.g. Asia/Ho_Chi_Minh or Europe/Amsterdam. "
            "Start, end and deadline are entered in this time zone."
        ),
    )
    registration_url = models.URLField(
        _("registration link"),
        blank=True,
        help_text=_(
            "The page where exhibitors or visitors sign up, starting with https://. Leave it "
            "empty when no registration is needed."
        ),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("The last day and hour to sign up, at the venue; before the event ends."),
    )
    venue = models.CharField(
        _("venue"),
        max_length=255,
        blank=True,
        help_text=_(
            'The building or fairground and its street address, e.g. "Trung tâm Hội chợ '
            'Triển lãm Việt Nam, 148 Giảng Võ".'
        ),
    )
    city = models.CharField(
        _("city"), max_length=100, blank=True, help_text=_("e.g. Hà Nội, Thái Nguyên or Tokyo.")
    )
    country = CountryField(
        _("country"),
        default="VN",
        help_text=_("The country of the venue; type its first letters to jump to it."),
    )
    organiser = models.CharField(
        _("organiser"),
        max_length=255,
        blank=True,
        help_text=_('Who runs it, e.g. "Sở Công Thương Thái Nguyên".'),
    )
    booth_count = models.PositiveIntegerField(
        _("number of booths"),
        null=True,
        blank=True,
        help_text=_("How many booths the event has in all, as a number."),
    )
    participating_provinces = ParentalManyToManyField(
        "regions.ProvincePage",
        verbose_name=_("participating provinces"),
        blank=True,
        related_name="participating_in_events",
        limit_choices_to=in_source_language,
        help_text=_(
            "The provinces taking part. Those with products among the exhibitors below count "
            "as taking part without being chosen here."
        ),
    )
    body = RichTextField(
        _("description"),
        blank=True,
        help_text=_(
            "The programme, who should come, what buyers will find there and how to get there."
        ),
    )
    province = place_link_field("regions.ProvincePage")

    objects = PageManager.from_queryset(EventQuerySet)()
    base_form_class = EventPageForm

    content_panels = [
        TitleFieldPanel(
            "title",
            help_text=_(
                'The name its organisers announce, e.g. "Tuần hàng OCOP Thái Nguyên 2026".'
            ),
        ),
        *HubPage.content_panels[1:],
        FieldPanel("event_type"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("time_zone"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("city"), FieldPanel("country")],
            heading=_("Where"),
        ),
        FieldRowPanel([FieldPanel("organiser"), FieldPanel("booth_count")]),
        FieldRowPanel([FieldPanel("registration_url"), FieldPanel("registration_deadline")]),
        FieldPanel("participating_provinces", widget=SearchableSelectMultiple),
        FieldPanel("body"),
        InlinePanel("exhibitors", heading=_("Exhibitors"), label=_("exhibitor")),
    ]
    search_fields = HubPage.search_fields + [
        index.SearchField("body"),
        index.SearchField("city"),
        index.SearchField("venue"),
        index.FilterField("event_type"),
        index.FilterField("start"),
        index.FilterField("locale"),
    ]
    override_translatable_fields = [
        SynchronizedField("time_zone"),
        SynchronizedField("exhibitors"),
    ]
    place_link = "province"
    parent_page_types = ["events.EventIndexPage", "regions.ProvincePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("An event cannot end before it starts.")
        if self.registration_deadline and self.end and self.registration_deadline > self.end:
            errors["registration_deadline"] = _("Registration must close before the event ends.")
        booths = [row.booth.strip().upper() for row in self.exhibitors.all() if row.booth.strip()]
        repeated = sorted({booth for booth in booths if booths.count(booth) > 1})
        if repeated:
            errors["title"] = _("Booth %(booths)s is given to more than one exhibitor.") % {
                "booths": ", ".join(repeated)
            }
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return self.start.astimezone(self.zone)

    @property
    def local_end(self):
        return self.end.astimezone(self.zone)

    @property
    def local_registration_deadline(self):
        if self.registration_deadline is None:
            return None
        return self.registration_deadline.astimezone(self.zone)

    def status_at(self, moment):
        if self.end < moment:
            return self.Status.PAST
        if self.start <= moment:
            return self.Status.ON_NOW
        return self.Status.UPCOMING

    @property
    def status(self):
        return self.status_at(timezone.now())

    @property
    def registration_open(self):
        if not self.registration_url or self.status == self.Status.PAST:
            return False
        deadline = self.registration_deadline
        return deadline is None or timezone.now() <= deadline

    @property
    def is_online(self):
        return self.event_type == self.Type.ONLINE

    def exhibitor_rows(self):
        """The exhibitors with their products in this page's locale, in the editor's order
        (booth order where none was given)."""
        rows = list(
            self.exhibitors.select_related("product", "producer").order_by("sort_order", "booth")
        )
        products = localized(
            visible(ProductPage.objects).for_listing(),
            [row.product for row in rows],
            self.locale,
        )
        for row in rows:
            row.page = products.get(row.product.translation_key) if row.product else None
            on_show = row.page.public_producer if row.page else None
            row.maker = public_producer(row.producer) or on_show
        return rows

    def taking_part(self):
        """Participating provinces, with those of the exhibitors, in this page's locale."""
        listed = self.participating_provinces.values("translation_key")
        exhibiting = (
            visible(ProductPage.objects)
            .filter(event_exhibits__event=self)
            .values("province__translation_key")
        )
        provinces = (
            visible(ProvincePage.objects)
            .filter(locale=self.locale)
            .filter(Q(translation_key__in=listed) | Q(translation_key__in=exhibiting))
        )
        return sorted(provinces, key=lambda province: fold(province.title))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["exhibitors"] = self.exhibitor_rows()
        context["provinces_taking_part"] = self.taking_part()
        return context

    def json_ld(self, request):
        return event_data(self, request)


class EventExhibitor(Orderable):
    """A product (and its producer) on show at an event, with its booth, so a buyer can
    find again what they saw at booth B12."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="exhibitors")
    booth = models.CharField(
        _("booth"),
        max_length=20,
        blank=True,
        help_text=_("The booth's number, e.g. B12; one exhibitor per booth."),
    )
    product = models.ForeignKey(
        "products.ProductPage",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_exhibits",
        help_text=_("The OCOP product on show."),
    )
    producer = models.ForeignKey(
        "products.Producer",
        verbose_name=_("producer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_exhibits",
        help_text=_("Only when the producer exhibits without a listed product."),
    )

    panels = [
        FieldPanel("booth"),
        PageChooserPanel("product", "products.ProductPage"),
        FieldPanel("producer"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("exhibitor")

    def clean(self):
        if not self.product_id and not self.producer_id:
            raise ValidationError(_("Choose the product on show, or its producer."))


def month_bounds(year, month, zone):
    """[first instant, first instant of the next month) of a month in `zone`."""
    first = datetime.datetime(year, month, 1, tzinfo=zone)
    following = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return first, following
