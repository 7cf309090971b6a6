"""The volume-matching request as a form: what the sourcing page shows and the API reads.

One set of rules for both (inquiries/sourcing.py renders it; search/sourcing_api.py answers
its first error as a 400), with messages in the active language. It turns the parameters
into a `products.matching.MatchRequest`.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.models import Locale

from products.commodities import commodity_names, find_commodity
from products.matching import UNITS, MatchRequest
from products.models import Certification, Commodity
from products.terms import SupplyUnit
from regions.models import ProvincePage, RegionPage
from showcase.base import visible

# More than any national supply: a typo, not a request (and within Inquiry.quantity's digits).
LARGEST_QUANTITY = Decimal(10) ** 9
PERIODS = [
    ("month", _("per month")),
    ("shipment", _("per shipment")),
    ("year", _("per year")),
]


class CommodityField(forms.CharField):
    """A commodity by its slug or its name in either language (products/commodities.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.names = None  # loaded with the choices, once

    def clean(self, value):
        value = super().clean(value)
        if "\x00" in value:
            raise ValidationError(_("Choose a commodity from the list."), code="invalid")
        found = find_commodity(value, self.names)
        if found is None:
            raise ValidationError(
                _("The hub knows no commodity called “%(name)s”: choose one from the list."),
                code="unknown",
                params={"name": value[:60]},
            )
        return found


class MatchForm(forms.Form):
    commodity = CommodityField(label=_("Commodity"), max_length=120)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=Decimal("0.001"),
        max_value=LARGEST_QUANTITY,
        max_digits=14,
        decimal_places=3,
    )
    unit = forms.ChoiceField(
        label=_("Unit"), choices=[(u, label) for u, label in SupplyUnit.choices if u in UNITS]
    )
    period = forms.ChoiceField(label=_("How often"), choices=PERIODS, initial="month")
    month = forms.TypedMultipleChoiceField(
        label=_("Months wanted"),
        choices=[(n, MONTHS[n]) for n in range(1, 13)],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every month of the year."),
    )
    certification = forms.ModelMultipleChoiceField(
        label=_("Certifications required"),
        queryset=Certification.objects.order_by("name_en"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    destination = forms.ChoiceField(label=_("Destination country"), required=False)
    province = forms.CharField(required=False, widget=forms.HiddenInput)
    region = forms.CharField(required=False, widget=forms.HiddenInput)

    # What a request leaves out means this (a link from a supply page names the commodity).
    DEFAULTS = {"unit": "t", "period": "month"}

    @classmethod
    def from_params(cls, params):
        """The form bound to query parameters, with `DEFAULTS` for those not given."""
        data = params.copy()
        for name, value in cls.DEFAULTS.items():
            if not data.get(name):
                data[name] = value
        return cls(data)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        commodities = sorted(Commodity.objects.all(), key=lambda item: item.name.lower())
        self.fields["commodity"].names = commodity_names(commodities)
        self.fields["commodity"].widget = forms.Select(
            choices=[("", _("Choose…"))] + [(c.slug, c.name) for c in commodities]
        )
        self.fields["certification"].label_from_instance = lambda item: item.name
        self.fields["destination"].choices = [("", _("Choose…"))] + list(countries)
        self.fields["quantity"].widget.attrs.update({"min": "0", "step": "any"})

    def clean_province(self):
        return self._place(ProvincePage, "province", "slug")

    def clean_region(self):
        return self._place(RegionPage, "region", "key")

    def _place(self, model, name, lookup):
        value = self.cleaned_data.get(name, "")
        if not value:
            return None
        found = None
        if "\x00" not in value:  # PostgreSQL refuses it in a query
            places = visible(model.objects).filter(locale=Locale.get_active())
            found = places.filter(**{lookup: value[:255]}).first()
        if found is None:
            raise ValidationError(_("Unknown place: “%(value)s”."), params={"value": value[:60]})
        return found

    def match_request(self):
        """The `MatchRequest` of a valid form."""
        data = self.cleaned_data
        return MatchRequest(
            commodity=data["commodity"],
            quantity=data["quantity"],
            unit=data["unit"],
            period=data["period"],
            months=tuple(sorted(set(data["month"]))),
            certifications=tuple(data["certification"]),
            destination=data["destination"],
            province=data["province"],
            region=data["region"],
        )


def first_error(form):
    """The first of a bound form's errors, as "field: message" (the API's 400)."""
    for name, errors in form.errors.items():
        return f"{name}: {errors[0]}" if name != "__all__" else str(errors[0])
    return ""
