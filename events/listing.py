"""What buyers choose events by (type, region, province, country, month), shared by the
events index, its month calendar and the iCalendar feed: read and check the parameters
once, then filter one queryset."""

import calendar
import datetime
import zoneinfo
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django_countries import countries

from events.models import VIETNAM_TIME_ZONE, EventPage, month_bounds
from regions.filters import place, place_options
from regions.models import ProvincePage
from showcase.base import visible
from showcase.params import ParameterError, choice, one

VIETNAM = zoneinfo.ZoneInfo(VIETNAM_TIME_ZONE)
PAST_PAGE_SIZE = 12
VIEWS = ("list", "calendar", "past")


@dataclass(frozen=True)
class EventFilters:
    event_type: str = ""
    region: str = ""
    province: str = ""
    country: str = ""
    month: tuple[int, int] | None = None  # (year, month)
    view: str = "list"

    @classmethod
    def from_params(cls, params, locale):
        """Read and check the parameters; a value that names nothing raises ParameterError."""
        event_type = choice(
            params, "type", EventPage.Type.values, _("There is no event type “%(value)s”.")
        )
        region, province = place(params, locale)
        country = one(params, "country").upper()
        if country and country not in countries:
            raise ParameterError(_("“%(value)s” is not a country code.") % {"value": country})
        view = choice(
            params, "view", VIEWS, _("“view” must be list, calendar or past, not “%(value)s”.")
        )
        month = _month(one(params, "month"))
        return cls(event_type, region, province, country, month, view or "list")

    def apply(self, events, locale):
        if self.event_type:
            events = events.filter(event_type=self.event_type)
        if self.country:
            events = events.filter(country=self.country)
        if self.region:
            events = events.concerning(
                ProvincePage.objects.filter(locale=locale, region__key=self.region)
            )
        if self.province:
            events = events.concerning(
                ProvincePage.objects.filter(locale=locale, slug=self.province)
            )
        if self.month:
            events = events.overlapping(*month_bounds(*self.month, VIETNAM))
        return events

    def params(self):
        pairs = [
            ("type", self.event_type),
            ("region", self.region),
            ("province", self.province),
            ("country", self.country),
            ("month", "{:04d}-{:02d}".format(*self.month) if self.month else ""),
            ("view", "" if self.view == "list" else self.view),
        ]
        return [(name, value) for name, value in pairs if value]

    def url(self, **changes):
        params = replace(self, **changes).params()
        return "?" + urlencode(params) if params else "?"

    @property
    def active(self):
        return any((self.event_type, self.region, self.province, self.country, self.month))


def _month(text):
    if not text:
        return None
    try:
        year, month = (int(part) for part in text.split("-"))
        datetime.date(year, month, 1)
    except ValueError:
        raise ParameterError(
            _("“month” must be a year and month like 2026-12, not “%(value)s”.") % {"value": text}
        ) from None
    if not 2000 <= year <= 2100:
        raise ParameterError(_("“month” must be between 2000 and 2100."))
    return year, month


def read_filters(params, locale):
    """The filters, or no filters and the message that says what was wrong."""
    try:
        return EventFilters.from_params(params, locale), None
    except ParameterError as problem:
        return EventFilters(), str(problem)


def event_index_context(index_page, request):
    locale = index_page.locale
    filters, error = read_filters(request.GET, locale)
    events = filters.apply(visible(EventPage.objects).filter(locale=locale).for_listing(), locale)
    feed_params = [
        (name, value) for name, value in filters.params() if name not in ("view", "month")
    ]
    context = {
        "filters": filters,
        "feed_url": reverse("events_feed") + ("?" + urlencode(feed_params) if feed_params else ""),
        "month_start": datetime.date(*filters.month, 1) if filters.month else None,
        "filter_error": error,
        "filter_options": filter_options(locale),
        "clear_url": filters.url(event_type="", region="", province="", country="", month=None),
        "views": [
            (name, label, filters.url(view=name))
            for name, label in (
                ("list", _("Upcoming")),
                ("calendar", _("Calendar")),
                ("past", _("Past events")),
            )
        ],
    }
    if filters.view == "calendar":
        context["calendar"] = month_calendar(events, filters)
    elif filters.view == "past":
        page_number = request.GET.get("page", "1")
        context["past_events"] = Paginator(events.past(), PAST_PAGE_SIZE).get_page(page_number)
        context["query_prefix"] = urlencode(filters.params()) + "&" if filters.params() else ""
    elif filters.month:  # a month asked for: all of it, ended events included
        context["upcoming_events"] = events.order_by("start")
    else:
        context["upcoming_events"] = events.upcoming()
    return context


def filter_options(locale):
    """The choices of each filter, in the page's language."""
    used = visible(EventPage.objects).filter(locale=locale).order_by().values_list("country")
    return {
        **place_options(locale),
        "types": EventPage.Type.choices,
        "countries": sorted(
            {(code, countries.name(code)) for (code,) in used.distinct()}, key=lambda p: p[1]
        ),
    }


def month_calendar(events, filters):
    """A month as weeks of days, each day with the events on it (in each event's own time
    zone), from Monday. The month is the one asked for, or this month in Vietnam."""
    today = timezone.localdate(timezone=VIETNAM)
    year, month = filters.month or (today.year, today.month)
    first, following = month_bounds(year, month, VIETNAM)
    in_month = list(events.overlapping(first, following).order_by("start"))
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        days = []
        for day in week:
            on_day = [
                event
                for event in in_month
                if event.local_start.date() <= day <= event.local_end.date()
            ]
            days.append(
                {"date": day, "in_month": day.month == month, "today": day == today,
                 "events": on_day}
            )  # fmt: skip
        weeks.append(days)
    previous_month = (year - 1, 12) if month == 1 else (year, month - 1)
    next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return {
        "month": datetime.date(year, month, 1),
        "weekdays": [(WEEKDAYS[day], WEEKDAYS_ABBR[day]) for day in range(7)],
        "weeks": weeks,
        "events": in_month,
        "previous_url": filters.url(month=previous_month),
        "next_url": filters.url(month=next_month),
    }
