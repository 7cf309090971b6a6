"""The producer's admin form: a province's editors place producers in their own provinces.

Which provinces a user may keep producers in is the producers' permission policy's answer
(registered by editorial/producers.py): this module asks it through Wagtail's registry, as
the snippet views do, so the catalogue does not import the editors' side.
"""

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale
from wagtail.permissions import policy_registry

from regions.models import ProvincePage


def provinces_for(user, model):
    """The Vietnamese province pages where `user` may keep `model`s, by title."""
    policy = policy_registry.get_by_type(model)
    provinces = ProvincePage.objects.filter(locale=Locale.get_default()).order_by("title")
    return [
        province
        for province in provinces
        if policy.user_has_permission_for_instance(user, "change", model(province=province))
    ]


def may_leave_province_empty(user, model):
    """A producer without a province is the central team's (no province's editors see it)."""
    policy = policy_registry.get_by_type(model)
    return policy.user_has_permission_for_instance(user, "change", model(province=None))


class ProducerForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("province")
        if field is None or self.for_user is None:
            return
        model = self._meta.model
        provinces = provinces_for(self.for_user, model)
        field.queryset = ProvincePage.objects.filter(pk__in=[p.pk for p in provinces])
        field.required = not may_leave_province_empty(self.for_user, model)
        if field.required and len(provinces) == 1 and self.instance.pk is None:
            self.initial["province"] = provinces[0].pk  # one province's editor: theirs
