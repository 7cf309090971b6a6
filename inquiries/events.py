"""An inquiry to take part in an event (`/inquiry/?event=<id>`): the "Ask to join the
delegation" action of an event without a registration form of its own.

The buyer's message starts with the event's name and dates, and the inquiry goes to whoever
organises it: the province an event belongs to (its editors answer), or the central team for
a national event or a delegation abroad (no province: the central team's alone). Only a
published event can be named; any other id gives the general form.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Locale

from events.models import EventPage
from regions.models import ProvincePage
from showcase.base import localized, visible_in_locale
from showcase.params import ParameterError, database_id


def asked_event(value, locale):
    """The published event with the id `value` (a query parameter) in `locale`, or None."""
    if not value:
        return None
    try:
        event_id = database_id(value, "event")
    except ParameterError:
        return None
    return visible_in_locale(EventPage.objects.select_related("province"), event_id, locale)


def event_message(event):
    """The first line of the buyer's message, which they may change."""
    return _("I would like to take part in %(event)s (%(dates)s).") % {
        "event": event.title,
        "dates": date_format(event.local_start, "DATE_FORMAT"),
    }


def route_to_organiser(inquiry, event):
    """Give the inquiry to the event's province (its Vietnamese page), if it has one."""
    if event.province is None:
        return
    provinces = localized(ProvincePage.objects.all(), [event.province], Locale.get_default())
    inquiry.provinces.set(provinces.values())
