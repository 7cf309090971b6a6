"""The editors' "what is missing" reports: English translations, product photos and OCOP
certificates of the provinces the user edits, each with a province filter.

What counts as missing, and for whom, is decided in editorial/missing.py; this module only
shows it.
"""

from urllib.parse import urlencode

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import ContentTypeFilter, WagtailFilterSet
from wagtail.admin.ui.tables import BaseColumn, Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import get_content_type_label

from editorial import missing
from editorial.missing import TranslationState
from events.models import EventPage
from products.models import ProductPage
from regions.models import ProvincePage, SalesPointPage

PROVINCE_PAGE_TYPES = [ProvincePage, ProductPage, SalesPointPage, EventPage]


def page_edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def translation_action(page, user, next_url):
    """{"label", "url"} of what to do next about `page`'s English, or None if the user cannot.

    wagtail-localize's submit and update views need its submit_translation permission; the
    English page's edit view is its translation editor."""
    can_submit = user.has_perm("wagtail_localize.submit_translation")
    back = "?" + urlencode({"next": next_url})
    if page.english_page_id is None:
        if not can_submit:
            return None
        url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        return {"label": _("Translate"), "url": url + back}
    if page.translation_state == TranslationState.OUTDATED:
        if not can_submit:
            return None
        url = reverse("wagtail_localize:update_translations", args=[page.translation_source_id])
        return {"label": _("Update translation"), "url": url + back}
    return {"label": _("Edit English"), "url": page_edit_url(page.english_page_id)}


def user_provinces(request):
    return ProvincePage.objects.filter(
        pk__in=[province.pk for province in missing.editable_provinces(request.user)]
    ).order_by("title")


def page_types(request):
    types = ContentType.objects.get_for_models(*PROVINCE_PAGE_TYPES).values()
    return ContentType.objects.filter(pk__in=[content_type.pk for content_type in types])


class ProvinceFilterSet(WagtailFilterSet):
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=user_provinces,
        method="filter_province",
        empty_label=_("All your provinces"),
    )

    def filter_province(self, queryset, name, value):
        return queryset.filter(path__startswith=value.path)


class TranslationFilterSet(ProvinceFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("English"),
        field_name="translation_state",
        choices=TranslationState.choices,
        empty_label=_("Any state"),
    )
    content_type = ContentTypeFilter(label=_("Type"), queryset=page_types)


class TranslationActionColumn(BaseColumn):
    cell_template_name = "editorial/admin/action_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        # Back to the report as filtered, also when the filters fetched these rows as a
        # fragment from the results URL.
        query = request.GET.copy()
        query.pop("_w_filter_fragment", None)
        next_url = parent_context["table"].base_url + (f"?{query.urlencode()}" if query else "")
        context["action"] = translation_action(instance, request.user, next_url)
        return context


class EditorialReportView(ReportView):
    """A listing of the user's pages that need something done, with a province filter.
    Someone who edits no province gets an empty listing."""

    filterset_class = ProvinceFilterSet

    def get_base_queryset(self):
        raise NotImplementedError

    def get_filterset_kwargs(self):
        # The filters have no model (Wagtail would add a language filter to a page model's):
        # they filter the listing's own queryset.
        return {**super().get_filterset_kwargs(), "queryset": self.get_base_queryset()}


def province_column():
    return Column("province_title", label=_("Province"), sort_key="province_title")


def title_column(label):
    return TitleColumn(
        "title", label=label, get_url=lambda page: page_edit_url(page.pk), sort_key="title"
    )


def last_edit_column():
    return DateColumn(
        "latest_revision_created_at", label=_("Last edit"), sort_key="latest_revision_created_at"
    )


class TranslationReportView(EditorialReportView):
    page_title = _("English translations")
    header_icon = "site"
    index_url_name = "editorial:translations"
    index_results_url_name = "editorial:translations_results"
    filterset_class = TranslationFilterSet
    columns = [
        title_column(_("Vietnamese page")),
        Column(
            "type",
            label=_("Type"),
            accessor=lambda page: get_content_type_label(page.content_type),
        ),
        province_column(),
        StatusTagColumn(
            "translation_state",
            label=_("English"),
            accessor=lambda page: TranslationState(page.translation_state).label,
            primary=lambda page: page.translation_state == TranslationState.MISSING,
        ),
        last_edit_column(),
        TranslationActionColumn("action", label=_("Action")),
    ]

    def get_base_queryset(self):
        return missing.translation_report(self.request.user)


class PhotosReportView(EditorialReportView):
    page_title = _("Product photos")
    header_icon = "image"
    index_url_name = "editorial:photos"
    index_results_url_name = "editorial:photos_results"

    @cached_property
    def columns(self):
        # Built per request: the label is formatted in the user's language.
        return [
            title_column(_("Product")),
            province_column(),
            Column("photo_count", label=_("Photos"), sort_key="photo_count"),
            Column(
                "small_photo_count",
                label=_("Under %(side)s×%(side)s px") % {"side": missing.MIN_PHOTO_SIDE},
                sort_key="small_photo_count",
            ),
            last_edit_column(),
        ]

    def get_base_queryset(self):
        return missing.products_short_of_photos(self.request.user)


class CertificatesReportView(EditorialReportView):
    page_title = _("OCOP certificates")
    header_icon = "success"
    index_url_name = "editorial:certificates"
    index_results_url_name = "editorial:certificates_results"
    columns = [
        title_column(_("Product")),
        province_column(),
        Column("ocop_certificate_no", label=_("Certificate number")),
        Column("ocop_valid_until", label=_("Valid until"), sort_key="ocop_certified_on"),
        StatusTagColumn(
            "certificate_state",
            label=_("Certificate"),
            accessor=lambda product: (
                _("expired") if product.ocop_certificate_expired else _("expires soon")
            ),
            primary=lambda product: product.ocop_certificate_expired,
        ),
    ]

    def get_base_queryset(self):
        return missing.certificates_due(self.request.user)


def urlpatterns():
    """The reports' addresses, under /admin/editorial/."""
    urls = []
    for name, view in [
        ("translations", TranslationReportView),
        ("photos", PhotosReportView),
        ("certificates", CertificatesReportView),
    ]:
        urls += [
            path(f"{name}/", view.as_view(), name=name),
            path(f"{name}/results/", view.as_view(results_only=True), name=f"{name}_results"),
        ]
    return [path("editorial/", include((urls, "editorial"), namespace="editorial"))]
