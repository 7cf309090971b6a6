"""The editors' "what is missing" tools: the English translations report, the product photo
and OCOP certificate listings, and the dashboard panels that lead to them.

What counts as missing, and for whom, is decided in showcase/editorial.py; this module only
shows it. Everything is limited to the provinces the user may edit.
"""

from urllib.parse import urlencode

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.template.loader import get_template
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import ContentTypeFilter, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BaseColumn, Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import get_content_type_label
from wagtail.permission_policies.pages import PagePermissionPolicy

from events.models import EventPage
from products.models import ProductPage
from regions.models import ProvincePage, SalesPointPage
from showcase import editorial, localize_guard
from showcase.editorial import TranslationState

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


# Reports


def user_provinces(request):
    return ProvincePage.objects.filter(
        pk__in=[province.pk for province in editorial.editable_provinces(request.user)]
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
    cell_template_name = "showcase/admin/action_cell.html"

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
        return editorial.translation_report(self.request.user)


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
                label=_("Under %(side)s×%(side)s px") % {"side": editorial.MIN_PHOTO_SIDE},
                sort_key="small_photo_count",
            ),
            last_edit_column(),
        ]

    def get_base_queryset(self):
        return editorial.products_short_of_photos(self.request.user)


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
        return editorial.certificates_due(self.request.user)


@hooks.register("register_admin_urls")
def register_localize_guard_urls():
    return localize_guard.urlpatterns()


@hooks.register("construct_reports_menu")
def hide_site_wide_translations_report(request, menu_items):
    if not localize_guard.sees_whole_site(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "translations"]


@hooks.register("register_admin_urls")
def register_editorial_urls():
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


class ProvinceEditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_permission(request.user, "change")


@hooks.register("register_reports_menu_item")
def register_translations_report_menu_item():
    return ProvinceEditorsMenuItem(
        _("English translations"),
        reverse("editorial:translations"),
        name="english-translations",
        icon_name="site",
        order=110,
    )


@hooks.register("register_reports_menu_item")
def register_photos_report_menu_item():
    return ProvinceEditorsMenuItem(
        _("Product photos"),
        reverse("editorial:photos"),
        name="product-photos",
        icon_name="image",
        order=120,
    )


@hooks.register("register_reports_menu_item")
def register_certificates_report_menu_item():
    return ProvinceEditorsMenuItem(
        _("OCOP certificates"),
        reverse("editorial:certificates"),
        name="ocop-certificates",
        icon_name="success",
        order=130,
    )


# Dashboard panels


class EditorialPanel(Component):
    """The first few items of one of editorial's lists, with how many there are and a link
    to all of them. Shown only when there is something to do."""

    template_name = "showcase/admin/panel.html"
    row_template_name = None
    limit = 10

    def __init__(self, user):
        self.user = user

    def get_queryset(self):
        raise NotImplementedError

    def get_heading(self, count):
        raise NotImplementedError

    def get_more_url(self):
        raise NotImplementedError

    def get_context_data(self, parent_context):
        queryset = self.get_queryset()
        items = list(queryset[: self.limit + 1])
        count = len(items) if len(items) <= self.limit else queryset.count()
        items = items[: self.limit]
        return {
            "panel": self,
            "items": items,
            "count": count,
            "more": count - len(items),
            "heading": self.get_heading(count),
            "more_url": self.get_more_url(),
        }

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["count"]:
            return ""
        return get_template(self.template_name).render(context)


class NewInquiriesPanel(EditorialPanel):
    name = "new_inquiries"
    order = 231
    row_template_name = "showcase/admin/row_inquiry.html"

    def get_queryset(self):
        return editorial.new_inquiries(self.user)

    def get_heading(self, count):
        return ngettext("%(count)s new inquiry", "%(count)s new inquiries", count) % {
            "count": count
        }

    def get_more_url(self):
        return reverse("inquiries:index") + "?" + urlencode({"status": "new"})


class CertificatesPanel(EditorialPanel):
    name = "ocop_certificates_due"
    order = 232
    row_template_name = "showcase/admin/row_certificate.html"

    def get_queryset(self):
        return editorial.certificates_due(self.user)

    def get_heading(self, count):
        return ngettext(
            "%(count)s OCOP certificate expired or expiring within %(days)s days",
            "%(count)s OCOP certificates expired or expiring within %(days)s days",
            count,
        ) % {"count": count, "days": editorial.CERTIFICATE_NOTICE_DAYS}

    def get_more_url(self):
        return reverse("editorial:certificates")


class ProductsWithoutEnglishPanel(EditorialPanel):
    name = "products_without_english"
    order = 233
    row_template_name = "showcase/admin/row_product.html"

    def get_queryset(self):
        return editorial.products_without_english(self.user)

    def get_heading(self, count):
        return ngettext(
            "%(count)s product without English", "%(count)s products without English", count
        ) % {"count": count}

    def get_more_url(self):
        query = {
            "state": TranslationState.MISSING,
            "content_type": ContentType.objects.get_for_model(ProductPage).pk,
        }
        return reverse("editorial:translations") + "?" + urlencode(query)


class PhotosPanel(EditorialPanel):
    name = "products_short_of_photos"
    order = 234
    row_template_name = "showcase/admin/row_photos.html"
    min_side = editorial.MIN_PHOTO_SIDE

    def get_queryset(self):
        return editorial.products_short_of_photos(self.user)

    def get_heading(self, count):
        return ngettext(
            "%(count)s product needs photos", "%(count)s products need photos", count
        ) % {"count": count}

    def get_more_url(self):
        return reverse("editorial:photos")


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    for panel_class in [
        NewInquiriesPanel,
        CertificatesPanel,
        ProductsWithoutEnglishPanel,
        PhotosPanel,
    ]:
        panels.append(panel_class(request.user))
