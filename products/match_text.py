"""A volume match in words, in the active language: its headline ("Covers 450 of 500 tonnes a
month in May–July, from 4 producers"), the relaxation that would cover the rest, and its
figures rounded for people. The sourcing page (inquiries/sourcing.py) and the API
(search/sourcing_api.py) say the same.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.urls import NoReverseMatch, reverse
from django.utils.dates import MONTHS
from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from products.terms import SupplyUnit

CENT = Decimal("0.01")


def profile_url(slug):
    """The producer's profile when the site has them (helper A's route), else ""."""
    if not slug:
        return ""
    try:
        return reverse("producer_profile", kwargs={"slug": slug})
    except NoReverseMatch:
        return ""


def figure(value):
    """A Decimal for people: whole from 100 up, else at most two decimals, no ".0"."""
    value = Decimal(value)
    value = value.quantize(Decimal(1) if abs(value) >= 100 else CENT, ROUND_HALF_UP)
    return value.normalize() if value == value.to_integral_value() else value


def percent(result, month=None):
    covered = result.covered if month is None else result.covered_by_month[month]
    if not result.requested:
        return 0
    return min(100, int(covered * 100 / result.requested))


def unit_label(asked):
    return str(dict(SupplyUnit.choices).get(asked.unit, asked.unit))


def period_label(asked):
    return {"month": _("a month"), "shipment": _("a shipment"), "year": _("a year")}[asked.period]


def month_name(month):
    """ "May"; in Vietnamese "tháng 5", lower case inside a sentence."""
    name = str(MONTHS[month])
    return name.lower() if get_language().startswith("vi") else name


def months_phrase(asked):
    """ "May–July", "May, July", or "every month"."""
    months = list(asked.months)
    if not months or len(months) == 12:
        return _("every month")
    if months == list(range(months[0], months[-1] + 1)) and len(months) > 2:
        first, last = months[0], months[-1]
        if get_language().startswith("vi"):  # "tháng 5–7", not "tháng 5–tháng 7"
            return f"{month_name(first)}–{last}"
        return f"{month_name(first)}–{month_name(last)}"
    return ", ".join(month_name(m) for m in months)


def headline(result):
    """ "Covers 450 of 500 tonnes a month in May–July, from 4 producers in 3 provinces"."""
    asked = result.request
    values = {
        "covered": number_format(figure(asked.as_asked(result.covered)), force_grouping=True),
        "requested": number_format(figure(asked.quantity), force_grouping=True),
        "unit": unit_label(asked),
        "period": period_label(asked),
        "months": months_phrase(asked),
        "count": len(result.picks),
        "provinces": len({pick.offer.province_title for pick in result.picks}),
    }
    if not result.picks:
        return (
            _(
                "No producer on the hub can take a share of %(requested)s %(unit)s %(period)s in %(months)s."
            )
            % values
        )
    return (
        ngettext(
            "Covers %(covered)s of %(requested)s %(unit)s %(period)s in %(months)s, from %(count)s producer.",
            "Covers %(covered)s of %(requested)s %(unit)s %(period)s in %(months)s, from %(count)s producers.",
            values["count"],
        )
        % values
    )


def hint_text(result):
    """What relaxing would cover the rest, in words; "" when covered."""
    hint = result.hint
    if not hint:
        return ""
    if hint["relaxed"] is None:
        return _(
            "No single relaxation covers the rest: send the inquiry to these producers and "
            "the provinces' trade teams will look for more."
        )
    if hint["relaxed"] == "certification":
        return ngettext(
            "Without %(certification)s, %(count)s more producer would cover the rest.",
            "Without %(certification)s, %(count)s more producers would cover the rest.",
            hint["more"],
        ) % {"count": hint["more"], "certification": hint["certification"].name}
    return ngettext(
        "%(count)s more producer who does not state a season would cover the rest, if it can deliver in those months.",
        "%(count)s more producers who do not state a season would cover the rest, if they can deliver in those months.",
        hint["more"],
    ) % {"count": hint["more"]}
