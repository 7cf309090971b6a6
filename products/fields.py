from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

MONTH_CHOICES = list(MONTHS.items())


class MonthsField(models.JSONField):
    """A sorted list of month numbers (1–12), edited as twelve checkboxes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("default") is list:
            del kwargs["default"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list) or any(
            not isinstance(month, int) or not 1 <= month <= 12 for month in value
        ):
            raise ValidationError(_("Months must be whole numbers from 1 to 12."))

    def pre_save(self, model_instance, add):
        value = sorted(set(getattr(model_instance, self.attname) or []))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=MONTH_CHOICES,
            coerce=int,
            required=not self.blank,
            label=capfirst(self.verbose_name),  # as Django's own form fields write labels
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )
