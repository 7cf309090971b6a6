"""iCalendar (RFC 5545): the upcoming events of a language as a feed a buyer subscribes
to (`/<lang>/events/feed.ics`, with the events index's filters), and one event as a file
to add to a calendar. Built with the icalendar library, never by string templates."""

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from wagtail.models import Locale

from events.listing import read_filters
from events.models import EventPage
from showcase.base import visible

PRODUCT_ID = "-//OCOP Vietnam Hub//Events//EN"


def upcoming_feed(request):
    locale = Locale.get_active()
    filters, error = read_filters(request.GET, locale)
    if error:
        return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
    events = filters.apply(
        visible(EventPage.objects).filter(locale=locale).for_listing(), locale
    ).upcoming()
    calendar = build_calendar(events, request, name=_("OCOP Vietnam Hub: fairs and events"))
    return _response(calendar, "ocop-events.ics", attachment=False)


def event_file(request, page_id):
    event = get_object_or_404(
        visible(EventPage.objects).filter(locale=Locale.get_active()), pk=page_id
    )
    calendar = build_calendar([event], request, name=event.title)
    return _response(calendar, f"{event.slug}.ics", attachment=True)


def build_calendar(events, request, name):
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for event in events:
        calendar.add_component(calendar_event(event, request, stamp))
    calendar.add_missing_timezones()  # a VTIMEZONE for every TZID used, as RFC 5545 asks
    return calendar


def calendar_event(event, request, stamp):
    url = event.get_full_url(request)
    item = CalendarEvent()
    # One event in one language: the two languages' entries do not replace each other.
    item.add("uid", f"{event.translation_key}-{event.locale.language_code}@{request.get_host()}")
    item.add("dtstamp", stamp)
    item.add("dtstart", event.local_start)
    item.add("dtend", event.local_end)
    item.add("summary", event.title)
    description = strip_tags(event.introduction or event.body or "").strip()
    if event.organiser:
        description = f"{description}\n\n{_('Organiser')}: {event.organiser}".strip()
    item.add("description", f"{description}\n\n{url}".strip())
    place = ", ".join(part for part in (event.venue, event.city, str(event.country.name)) if part)
    item.add("location", _("Online") if event.is_online else place)
    item.add("url", url)
    item.add("categories", [str(event.get_event_type_display())])
    item.add("status", "CONFIRMED")
    if event.last_published_at:
        item.add("last-modified", event.last_published_at)
    return item


def _response(calendar, filename, attachment):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
