import re
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from inquiries.models import Inquiry, InquiryPart, sees_every_province
from inquiries.quantities import add_rows, check_quantity, clean_rows
from products.models import Commodity
from regions.models import RegionPage
from showcase.base import visible
from showcase.params import ParameterError, database_id

# Header injection and pasted junk: one-line fields refuse line breaks and control characters.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
SINGLE_LINE_FIELDS = ["name", "company", "email", "phone", "packaging"]


def single_line(value):
    if value and CONTROL_CHARACTERS.search(value):
        raise ValidationError(_("Use a single line, without line breaks."), code="single_line")


class PageChoiceField(forms.ModelChoiceField):
    """A page by its id, where a number no page can have is an invalid choice before it
    reaches the database (showcase/params.py: SQLite cannot be sent one, a 500)."""

    def to_python(self, value):
        if isinstance(value, str) and value not in self.empty_values:
            try:
                database_id(value, "id")
            except ParameterError:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from None
        return super().to_python(value)


class InquiryForm(forms.ModelForm):
    """What a buyer fills in, about one product, a shortlist or a commodity."""

    consent = forms.BooleanField(required=True)
    # A honeypot: hidden from people, filled in by form-filling robots.
    website = forms.CharField(required=False, label=_("Leave this empty"))
    # New for every form shown: the same form sent twice is one inquiry (inquiries/views.py).
    # Optional, so a form rendered before it existed is still accepted.
    form_token = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{16,64}$", required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Inquiry
        fields = [
            "name",
            "company",
            "email",
            "phone",
            "country",
            "commodity",
            "region",
            "quantity",
            "quantity_unit",
            "quantity_period",
            "destination_country",
            "incoterm",
            "target_date",
            "packaging",
            "message",
        ]
        field_classes = {"region": PageChoiceField}
        widgets = {
            "target_date": forms.DateInput(attrs={"type": "date"}),
            "message": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, kind, retention_days, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.products = list(products)
        self.wanted = {}  # a shortlist's {product id: (quantity, unit, period)}, once valid
        for name in SINGLE_LINE_FIELDS:
            self.fields[name].validators.append(single_line)
        self.fields["email"].required = True
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["company"].widget.attrs["autocomplete"] = "organization"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["country"].widget.attrs["autocomplete"] = "country"
        self.fields["quantity"].widget.attrs["min"] = "0"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["form_token"].initial = secrets.token_urlsafe(16)  # a bound form keeps its own
        self.fields["commodity"].queryset = Commodity.objects.order_by("name_en")
        self.fields["commodity"].label_from_instance = lambda commodity: commodity.name
        self.fields["region"].queryset = (
            visible(RegionPage.objects).filter(locale=Locale.get_active()).order_by("path")
        )
        self.fields["region"].empty_label = _("All of Vietnam")
        self.fields["commodity"].empty_label = _("Other: describe it in the message")
        self.fields["quantity"].widget.attrs.update({"step": "any", "inputmode": "decimal"})
        for name in (
            "country",
            "destination_country",
            "quantity_unit",
            "quantity_period",
            "incoterm",
        ):
            field = self.fields[name]
            field.choices = [("", _("Choose…"))] + [c for c in field.choices if c[0] != ""]
        self.fields["consent"].label = _(
            "I agree that the OCOP Vietnam Hub keeps my contact details to pass this inquiry "
            "to the provinces and producers concerned. They are erased %(days)s days after "
            "the inquiry is closed."
        ) % {"days": retention_days}
        if kind != Inquiry.Kind.SOURCING:
            del self.fields["commodity"], self.fields["region"]
        self.rows = []
        if kind == Inquiry.Kind.SHORTLIST:
            # Each product its own quantity, instead of one for them all.
            del self.fields["quantity"], self.fields["quantity_unit"]
            del self.fields["quantity_period"]
            self.rows = add_rows(self, self.products)

    def clean_form_token(self):
        return self.cleaned_data.get("form_token") or None

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Your inquiry could not be sent."), code="honeypot")
        return ""

    def clean_target_date(self):
        day = self.cleaned_data.get("target_date")
        if day and day < timezone.localdate():
            raise ValidationError(_("Choose a date from today on."))
        return day

    def clean(self):
        data = super().clean()
        if self.rows:
            self.wanted = clean_rows(self, self.products)
        elif "quantity" in self.fields and "quantity" not in self.errors:
            quantity = data.get("quantity")
            unit, period = data.get("quantity_unit"), data.get("quantity_period")
            for part, error in check_quantity(quantity, unit, period).items():
                self.add_error(
                    {"unit": "quantity_unit", "period": "quantity_period"}.get(part, part), error
                )
        if (
            self.kind == Inquiry.Kind.SOURCING
            and not data.get("commodity")
            and len(data.get("message", "")) < 20
        ):
            self.add_error(
                "message",
                _(
                    "Choose a commodity, or describe what you are looking for (20 characters or more)."
                ),
            )
        return data


class PartChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.province.title


class InquiryStatusForm(WagtailAdminModelForm):
    """The admin's edit form: the status of the user's province's part of the inquiry, and
    a note for the colleagues of that province and the central team.

    Someone who sees several parts (the central team, an editor of two provinces the
    inquiry concerns) chooses whose part the change is for; the central team may also
    change every part at once."""

    part = PartChoiceField(
        label=_("Province"),
        queryset=InquiryPart.objects.none(),
        required=False,
        help_text=_("Whose part of the inquiry this status and note are for."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Inquiry.Status.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who you forwarded it to, what the producer answered… Saved with your name."),
    )

    class Meta:
        model = Inquiry
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parts = InquiryPart.objects.visible_to(self.for_user).filter(inquiry=self.instance)
        self.parts = list(parts.select_related("province"))
        statuses = [part.status for part in self.parts] or [self.instance.status]
        self.initial["status"] = min(statuses, key=list(Inquiry.Status.values).index)
        if len(self.parts) < 2:
            del self.fields["part"]
            return
        self.fields["part"].queryset = parts
        if sees_every_province(self.for_user):
            self.fields["part"].empty_label = _("Every province")

    def clean_part(self):
        part = self.cleaned_data["part"]
        if part is None and not sees_every_province(self.for_user):
            raise ValidationError(_("Choose the province this change is for."), code="required")
        return part

    def save_for(self, user):
        """Apply the new status and the note to the chosen part (else every part the user
        sees), recording `user` as who did it."""
        part = self.cleaned_data.get("part")
        self.instance.set_status(
            self.cleaned_data["status"],
            user=user,
            note=self.cleaned_data["note"],
            parts=[part] if part else self.parts,
        )
        return self.instance
