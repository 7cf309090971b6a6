"""The producer an inquiry is sent to (`/inquiry/?producer=<id>`, the "send an inquiry to
this producer" action of its profile).

Only a producer whose profile anyone may read can be written to this way: live, and either
approved by a central reviewer (it has a live revision) or the maker of a live product in
the visitor's language, the rule of products/profiles.py. Any other id (unknown, not a
number, a producer in draft) is ignored and the buyer gets the general form: it never
tells whether such a producer exists.
"""

from products.profiles import public_profiles
from regions.models import ProvincePage
from showcase.base import localized
from showcase.params import ParameterError, database_id


def asked_producer(value, locale):
    """The public producer with the id `value` (a query parameter), or None."""
    if not value:
        return None
    try:
        producer_id = database_id(value, "producer")
    except ParameterError:
        return None
    producer = public_profiles(locale).select_related("province").filter(pk=producer_id).first()
    if producer is not None:
        producer.shown_province = shown_province(producer, locale)
    return producer


def shown_province(producer, locale):
    """The producer's province in the visitor's language (it points at the Vietnamese
    page), or None."""
    if producer.province is None:
        return None
    return localized(ProvincePage.objects.all(), [producer.province], locale).get(
        producer.province.translation_key
    )
