"""Inquiries in the admin: each editor sees the provinces they edit, and only those.

Every view of the viewset (list, export, edit, history, usage, delete) reads its objects
from `Inquiry.objects.visible_to(user)`, so an address typed by hand finds nothing that the
list would not show. Within an inquiry about several provinces, each province's part (its
status and notes) and products are read through the same `visible_to(user)`: the list, its
CSV/XLSX export and the inquiry's page show a province's editors their part alone, and the
central team every part. Buyers create inquiries; nobody adds one in the admin.
The export's cells are words in the editor's language, written for Excel
(inquiries/export.py).
"""

import django_filters
from django.db.models import Prefetch
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import multigetattr
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from editorial.teams import editable_province_keys
from inquiries.export import ExcelExportMixin
from inquiries.forms import InquiryStatusForm
from inquiries.models import (
    Inquiry,
    InquiryActivity,
    InquiryItem,
    InquiryPart,
    sees_every_province,
)
from regions.models import ProvincePage


class InquiryPermissionPolicy(ModelPermissionPolicy):
    """Inquiries come from buyers: nobody adds them in the admin, and only a superuser may
    delete one (the retention command anonymises them instead)."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        if action == "delete":
            return user.is_active and user.is_superuser
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and Inquiry.objects.visible_to(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Inquiry.objects.none()
        return Inquiry.objects.visible_to(user)


class VisibleObject:
    """The inquiry a view is about comes from what the user may see; anything else is a 404."""

    def get_base_object_queryset(self):
        return Inquiry.objects.visible_to(self.request.user)


class VisibleOnly(VisibleObject):
    """Edit and delete also read their queryset from what the user may see. (The history
    and usage views list log entries and references, not inquiries: only their object is
    limited.)"""

    def get_queryset(self):
        return Inquiry.objects.visible_to(self.request.user)


class InquiryFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Inquiry.Status.choices, method="filter_status"
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), field_name="provinces", queryset=ProvincePage.objects.none()
    )

    class Meta:
        model = Inquiry
        fields = ["status", "kind", "province"]

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        provinces = ProvincePage.objects.filter(locale=Locale.get_default()).order_by("title")
        user = getattr(request, "user", None)
        if user is not None and not sees_every_province(user):
            provinces = provinces.filter(translation_key__in=editable_province_keys(user))
        self.filters["province"].queryset = provinces

    def filter_status(self, queryset, name, value):
        # The status of the user's own part, not another province's.
        return queryset.in_status(value, self.request.user)


# The list and its export read what the user may see of each inquiry from the attributes
# that InquiryIndexView's queryset prefetches: `visible_parts` and `visible_items`.


def visible_statuses(inquiry):
    """The status of each part the user sees, named by province when there are several."""
    parts = inquiry.visible_parts
    if not parts:  # an inquiry for no province: the central team's own status
        return inquiry.get_status_display()
    if len(parts) == 1:
        return parts[0].get_status_display()
    return "; ".join(f"{part.province.title}: {part.get_status_display()}" for part in parts)


def is_new(inquiry):
    statuses = [part.status for part in inquiry.visible_parts] or [inquiry.status]
    return Inquiry.Status.NEW in statuses


def visible_province_names(inquiry):
    return ", ".join(part.province.title for part in inquiry.visible_parts)


def visible_product_names(inquiry):
    return "; ".join(item.title for item in inquiry.visible_items)


def item_line(item):
    """ "Chè Tân Cương (HTX Chè Tân Hương): 2 tonnes per month" — what was asked of one
    product or producer; for a volume match, that producer's share."""
    line = item.title
    if item.producer is not None and item.producer.name != item.title:
        line += f" ({item.producer.name})"
    if item.quantity_text:
        line += f": {item.quantity_text}"
    return line


def visible_item_quantities(inquiry):
    """Every item the user sees with what was asked of it; "" when no item has a quantity."""
    items = inquiry.visible_items
    if not any(item.quantity is not None for item in items):
        return ""
    return "; ".join(item_line(item) for item in items)


def month_names(months):
    return [str(MONTHS[month]) for month in sorted(months or []) if month in MONTHS]


def months_wanted(inquiry):
    return ", ".join(month_names(inquiry.months))


def certifications_required(inquiry):
    return ", ".join(certification.name for certification in inquiry.certifications.all())


def display(field):
    """The label of a choice field's value, as the inquiry's page shows it."""
    return lambda inquiry: getattr(inquiry, f"get_{field}_display")()


def name_of(field):
    """The name of a country or commodity in the active language ("" when none)."""
    return lambda inquiry: getattr(getattr(inquiry, field), "name", "") or ""


# The export's columns read as words, not codes; the scoped ones show only what the user
# sees. The other columns are the inquiry's fields as they are.
EXPORT_CELLS = {
    "status": visible_statuses,
    "kind": display("kind"),
    "country": name_of("country"),
    "commodity": name_of("commodity"),
    "quantity_unit": display("quantity_unit"),
    "destination_country": name_of("destination_country"),
    "incoterm": display("incoterm"),
    "quantity_period": display("quantity_period"),
    "months": months_wanted,
    "certifications": certifications_required,
    "province_names": visible_province_names,
    "product_names": visible_product_names,
    "item_quantities": visible_item_quantities,
}


class InquiryIndexView(ExcelExportMixin, generic.IndexView):
    def get_base_queryset(self):
        user = self.request.user
        parts = InquiryPart.objects.visible_to(user).select_related("province")
        return (
            Inquiry.objects.visible_to(user)
            .prefetch_related(
                Prefetch("parts", queryset=parts, to_attr="visible_parts"),
                Prefetch(
                    "items",
                    queryset=InquiryItem.objects.visible_to(user).select_related("producer"),
                    to_attr="visible_items",
                ),
                "certifications",
            )
            .select_related("commodity")
        )

    def to_row_dict(self, item):
        return {
            field: EXPORT_CELLS[field](item) if field in EXPORT_CELLS else multigetattr(item, field)
            for field in self.list_export
        }


class InquiryEditView(VisibleOnly, generic.EditView):
    def save_instance(self):
        return self.form.save_for(self.request.user)


class InquiryHistoryView(VisibleObject, history.HistoryView):
    pass


class InquiryUsageView(VisibleObject, usage.UsageView):
    pass


class InquiryDeleteView(VisibleOnly, generic.DeleteView):
    pass


class InquirySummaryPanel(HelpPanel):
    """The inquiry as the buyer sent it, with the products of the editor's provinces."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "inquiries/admin/summary_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            user, inquiry = self.request.user, self.instance
            items = InquiryItem.objects.visible_to(user).filter(inquiry=inquiry)
            context["items"] = list(items.select_related("province", "producer"))
            context["months"] = month_names(inquiry.months)
            context["certifications"] = list(inquiry.certifications.all())
            context["others"] = inquiry.items.count() - len(context["items"])
            parts = InquiryPart.objects.visible_to(user).filter(inquiry=inquiry)
            parts = list(parts.select_related("province"))
            # With several parts in view, each status and note says which province's it is.
            context["parts"] = parts if len(parts) > 1 else []
            context["activity"] = (
                InquiryActivity.objects.visible_to(user)
                .filter(inquiry=inquiry)
                .select_related("user", "part__province")
            )
            return context


class InquiryViewSet(ModelViewSet):
    model = Inquiry
    icon = "mail"
    menu_label = _("Inquiries")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = InquiryIndexView
    edit_view_class = InquiryEditView
    history_view_class = InquiryHistoryView
    usage_view_class = InquiryUsageView
    delete_view_class = InquiryDeleteView
    copy_view_enabled = False
    filterset_class = InquiryFilterSet
    search_fields = ["name", "company", "email", "message"]
    search_backend_name = None  # personal data stays out of the search index
    list_display = [
        TitleColumn("reference", label=_("Reference"), url_name="inquiries:edit"),
        Column(
            "company_or_name",
            label=_("From"),
            accessor=lambda inquiry: inquiry.company or inquiry.name,
        ),
        Column("country", label=_("Country"), accessor=lambda inquiry: inquiry.country.name),
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column(
            "provinces",
            label=_("Provinces"),
            accessor=lambda inquiry: visible_province_names(inquiry) or "—",
        ),
        Column(
            "asked",
            label=_("Quantities asked"),
            accessor=lambda inquiry: visible_item_quantities(inquiry) or "—",
        ),
        StatusTagColumn("status", label=_("Status"), accessor=visible_statuses, primary=is_new),
        DateColumn("created_at", label=_("Received"), sort_key="created_at"),
    ]
    list_export = [
        "reference",
        "created_at",
        "status",
        "kind",
        "name",
        "company",
        "email",
        "phone",
        "country",
        "commodity",
        "quantity",
        "quantity_unit",
        "quantity_period",
        "months",
        "certifications",
        "destination_country",
        "incoterm",
        "target_date",
        "packaging",
        "message",
        "province_names",
        "product_names",
        "item_quantities",
    ]
    export_headings = {
        "reference": _("Reference"),
        "certifications": _("Certifications required"),
        "province_names": _("Provinces"),
        "product_names": _("Products"),
        "item_quantities": _("Quantity asked of each"),
    }
    export_filename = "inquiries"
    edit_handler = ObjectList(
        [
            InquirySummaryPanel(heading=_("Inquiry")),
            FieldPanel("part"),  # only for someone who sees several parts
            FieldPanel("status"),
            FieldPanel("note"),
        ],
        base_form_class=InquiryStatusForm,
    )


register_permission_policy(Inquiry, InquiryPermissionPolicy(Inquiry))
inquiry_viewset = InquiryViewSet("inquiries")
