"""A product's commercial terms: what a buyer needs before asking for a quotation (an
indicative price, the Incoterms offered, where it is loaded, how long it takes, samples,
specifications). Kept apart from products/models.py, which holds what the product is."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Incoterm(models.TextChoices):
    # Incoterms® 2020, the terms buyers quote prices in.
    EXW = "EXW", _("EXW – Ex Works")
    FCA = "FCA", _("FCA – Free Carrier")
    FAS = "FAS", _("FAS – Free Alongside Ship")
    FOB = "FOB", _("FOB – Free On Board")
    CFR = "CFR", _("CFR – Cost and Freight")
    CIF = "CIF", _("CIF – Cost, Insurance and Freight")
    CPT = "CPT", _("CPT – Carriage Paid To")
    CIP = "CIP", _("CIP – Carriage and Insurance Paid To")
    DAP = "DAP", _("DAP – Delivered At Place")
    DPU = "DPU", _("DPU – Delivered at Place Unloaded")
    DDP = "DDP", _("DDP – Delivered Duty Paid")


class SupplyUnit(models.TextChoices):
    KG = "kg", _("kg")
    TONNE = "t", _("tonnes")
    LITRE = "l", _("litres")
    PIECE = "piece", _("pieces")
    BOX = "box", _("boxes")
    BOTTLE = "bottle", _("bottles")
    PACK = "pack", _("packs")
    SET = "set", _("sets")
    METRE = "m", _("metres")
    GUEST = "guest", _("guests")


class Currency(models.TextChoices):
    USD = "USD", _("US dollar (USD)")
    EUR = "EUR", _("euro (EUR)")
    VND = "VND", _("Vietnamese đồng (VND)")
    JPY = "JPY", _("Japanese yen (JPY)")
    CNY = "CNY", _("Chinese yuan (CNY)")
    KRW = "KRW", _("Korean won (KRW)")
    GBP = "GBP", _("pound sterling (GBP)")
    AUD = "AUD", _("Australian dollar (AUD)")


class Samples(models.TextChoices):
    # In context: the hub's "on request" elsewhere is a price's ("liên hệ để báo giá").
    AVAILABLE = "available", pgettext_lazy("samples", "available")
    ON_REQUEST = "on_request", pgettext_lazy("samples", "on request")
    NONE = "none", pgettext_lazy("samples", "not available")


class CodesWidget(forms.CheckboxSelectMultiple):
    """Checkboxes for codes kept as one space-separated string ("FOB CIF")."""

    def format_value(self, value):
        if isinstance(value, str):
            value = value.split()
        return super().format_value(value)


def codes_text(value):
    """Incoterms as the field keeps them, "EXW FOB", from a list of codes or any text: a
    list must never reach the row or a revision as its Python spelling "['FOB']" (or "[]",
    which a reviewer's approval then refused as an unknown Incoterm)."""
    if isinstance(value, (list, tuple)):
        value = " ".join(value)
    written = [code.upper() for code in re.findall(r"[A-Za-z]{3}", value or "")]
    known = [code for code in Incoterm.values if code in written]
    return " ".join(known + sorted(set(written) - set(known)))  # unknown ones: for validate


class CodesFormField(forms.MultipleChoiceField):
    """The checkboxes' codes, cleaned to the text the model field keeps."""

    def clean(self, value):
        return codes_text(super().clean(value))


class IncotermsField(models.CharField):
    """The Incoterms a product is offered in, kept as "EXW FOB CIF": three-letter codes
    that no other code contains, so `incoterms__contains="FOB"` filters on every database
    without a join or a JSON lookup."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return codes_text(value)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        unknown = set((value or "").split()) - set(Incoterm.values)
        if unknown:
            raise ValidationError(
                _("Unknown Incoterm: %(codes)s."), params={"codes": ", ".join(sorted(unknown))}
            )

    def formfield(self, **kwargs):
        return CodesFormField(
            choices=Incoterm.choices,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
            widget=CodesWidget,
        )


class CommercialTerms(models.Model):
    """The fields; ProductPage inherits them."""

    price_min = models.DecimalField(
        _("price from"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "The lowest indicative price per unit, e.g. 2.5. Leave it empty if none was given."
        ),
    )
    price_max = models.DecimalField(
        _("price to"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The highest indicative price; the same as the lowest for a single price."),
    )
    price_currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=Currency.choices,
        blank=True,
        help_text=_("The currency the price was given in, e.g. VND or USD."),
    )
    price_unit = models.CharField(
        _("price per"),
        max_length=10,
        choices=SupplyUnit.choices,
        blank=True,
        help_text=_("The unit the price is for, e.g. kg."),
    )
    price_incoterm = models.CharField(
        _("price Incoterm"),
        max_length=3,
        choices=Incoterm.choices,
        blank=True,
        help_text=_("The Incoterm the price is quoted in, e.g. FOB."),
    )
    price_given_on = models.DateField(
        _("price given on"),
        null=True,
        blank=True,
        help_text=_("The day the producer (or a public source) gave the price: prices age."),
    )
    price_source = models.CharField(
        _("price source"),
        max_length=255,
        blank=True,
        help_text=_(
            "Where the price comes from: the producer's quotation, a fair's price list, or a "
            "published article (its address)."
        ),
    )
    incoterms = IncotermsField(
        _("Incoterms offered"),
        help_text=_("Every delivery term the producer can sell on."),
    )
    port_of_loading = models.CharField(
        _("port or airport of loading"),
        max_length=120,
        blank=True,
        help_text=_('Where export goods are loaded, e.g. "Cát Lái, Hồ Chí Minh City".'),
    )
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(365)],
        help_text=_("Days from a confirmed order to goods ready for loading."),
    )
    samples = models.CharField(
        _("samples"),
        max_length=12,
        choices=Samples.choices,
        blank=True,
        help_text=_("Whether a buyer can have samples before ordering."),
    )
    specifications = models.TextField(
        _("specifications"),
        blank=True,
        help_text=_('One per line, a name and its value: "Brix: 14–16", "Size: 350–600 g".'),
    )

    class Meta:
        abstract = True

    def clean(self):
        """A price is a range, with its currency, unit and the day it was given (not in
        the future): without them a buyer cannot compare it. The errors go to the fields."""
        super().clean()
        errors = price_errors(self)
        if errors:
            raise ValidationError(errors)

    @property
    def price_given(self):
        return self.price_min is not None or self.price_max is not None

    @property
    def incoterm_codes(self):
        return (self.incoterms or "").split()


def price_errors(terms):
    """{field: [message]} of what is wrong with `terms`' price."""
    errors = {}
    low, high = terms.price_min, terms.price_max
    if low is not None and high is not None and high < low:
        errors["price_max"] = [_("The highest price is lower than the lowest price.")]
    if low is not None or high is not None:
        needed = {
            "price_currency": _("Give the currency of the price."),
            "price_unit": _("Give the unit the price is for."),
            "price_given_on": _("Give the day the price was given: prices age."),
        }
        errors |= {name: [message] for name, message in needed.items() if not getattr(terms, name)}
        if low is None:
            errors["price_min"] = [
                _("Give the lowest price (the same as the highest for one price).")
            ]
    elif terms.price_currency or terms.price_unit or terms.price_incoterm or terms.price_given_on:
        errors["price_min"] = [_("Give the price these details are for, or clear them.")]
    given_on = terms.price_given_on
    if given_on and given_on > timezone.localdate():
        errors["price_given_on"] = [
            _("This day is in the future: give the day the price was given.")
        ]
    return errors


# How a price reads to a buyer ---------------------------------------------------------------

# Currency signs written before the amount ("US$ 2.50"); the đồng's goes after it ("50.000 ₫").
SIGNS = {"USD": "US$", "EUR": "€", "GBP": "£", "JPY": "JP¥", "CNY": "CN¥", "KRW": "₩",
         "AUD": "A$"}  # fmt: skip
# Currencies without cents in everyday prices.
WHOLE_CURRENCIES = {"VND", "JPY", "KRW"}
PER_UNIT = {
    "kg": _("per kg"),
    "t": _("per tonne"),
    "l": _("per litre"),
    "piece": _("per piece"),
    "box": _("per box"),
    "bottle": _("per bottle"),
    "pack": _("per pack"),
    "set": _("per set"),
    "m": _("per metre"),
    "guest": _("per guest"),
}


def money(amount, currency):
    """`amount` in `currency` written in the active language: "US$ 2.50" in English,
    "US$ 2,50" in Vietnamese, "50.000 ₫"."""
    places = 0 if currency in WHOLE_CURRENCIES else 2
    number = number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    if currency in SIGNS:
        return f"{SIGNS[currency]}\u00a0{number}"
    return f"{number}\u00a0₫" if currency == "VND" else f"{currency}\u00a0{number}"


def price_range(terms):
    """The range, "US$ 2.50–3.20" (one amount when both are the same); "" without a price."""
    low, high = terms.price_min, terms.price_max
    if low is None and high is None:
        return ""
    low = high if low is None else low
    if high is None or high == low:
        return money(low, terms.price_currency)
    currency = terms.price_currency
    text = money(high, currency)
    if currency in SIGNS:  # the sign once: "US$ 2.50–3.20"
        return money(low, currency) + "–" + text.removeprefix(f"{SIGNS[currency]}\u00a0")
    return money(low, currency).removesuffix("\u00a0₫") + "–" + text


def per_unit(unit):
    return PER_UNIT.get(unit, "")
