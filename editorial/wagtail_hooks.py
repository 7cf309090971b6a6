"""The editors' side in the admin: the review-safe wagtail-localize views, the "what is
missing" reports and dashboard panels, and the spreadsheet import. Registrations only;
the views live in their own modules."""

from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from editorial import (
    dashboard,
    documents,
    draft_guard,
    english,
    english_flow,
    import_views,
    localize_guard,
    lockouts,
    reports,
    upstream_strings,
)
from editorial.panels import (
    CertificatesPanel,
    EnglishHeldBackPanel,
    EnglishInReviewPanel,
    FirstActionsPanel,
    PhotosPanel,
    ProductsWithoutEnglishPanel,
    replace_pages_summary,
)
from editorial.teams import editable_provinces


@hooks.register("register_admin_urls")
def register_localize_guard_urls():
    return localize_guard.urlpatterns()


@hooks.register("construct_page_action_menu")
def offer_convert_to_alias_to_publishers_only(menu_items, request, context):
    page = context.get("page")
    if page is not None and not localize_guard.may_publish(request.user, page):
        menu_items[:] = [item for item in menu_items if item.name != "localize-convert-to-alias"]


@hooks.register("before_edit_page")
def say_what_keeps_the_english_back(request, page):
    """Before a reviewer approves (or an editor submits) a Vietnamese page, say whether its
    English will go live with it, and which fields stop it (editorial/english.py)."""
    # Not on the reload Wagtail's autosave makes after creating a page: said twice.
    if request.method == "GET" and not request.GET.get("_w_hydrate_create_view"):
        compare = [english_flow.compare_button(page)]
        message = english.warning(page.specific)
        if message:
            admin_messages.warning(request, message, buttons=compare)
        notice = english.changes_notice(page.specific)
        if notice:
            admin_messages.info(request, notice, buttons=compare)


@hooks.register("construct_reports_menu")
def hide_site_wide_translations_report(request, menu_items):
    # By address: the item's name is made from its label, which is in the admin's language.
    if not localize_guard.sees_whole_site(request.user):
        report = reverse("wagtail_localize:translations_report")
        menu_items[:] = [item for item in menu_items if item.url != report]


@hooks.register("register_admin_urls")
def register_report_urls():
    return reports.urlpatterns()


class ProvinceEditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_permission(request.user, "change")


def report_menu_item(label, url_name, name, icon, order):
    def register():
        return ProvinceEditorsMenuItem(
            label, reverse(url_name), name=name, icon_name=icon, order=order
        )

    return register


for entry in [
    (_("English translations"), "editorial:translations", "english-translations", "site", 110),
    (_("Product photos"), "editorial:photos", "product-photos", "image", 120),
    (_("OCOP certificates"), "editorial:certificates", "ocop-certificates", "success", 130),
]:
    hooks.register("register_reports_menu_item", report_menu_item(*entry))


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    for panel_class in [
        FirstActionsPanel,
        EnglishHeldBackPanel,
        CertificatesPanel,
        ProductsWithoutEnglishPanel,
        EnglishInReviewPanel,
        PhotosPanel,
    ]:
        panels.append(panel_class(request.user))


# After Wagtail's own (order 0), which adds the count of every page of the site.
hooks.register("construct_homepage_summary_items", replace_pages_summary, order=100)


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [path("add-product/", dashboard.add_product, name="hub_add_product")]


@hooks.register("register_admin_viewset")
def register_lockouts():
    return lockouts.viewset


@hooks.register("register_admin_urls")
def register_import_urls():
    urls = [
        path("", import_views.import_form, name="upload"),
        path("<int:import_id>/confirm/", import_views.confirm_import, name="confirm"),
        path("template.xlsx", import_views.download_template, name="template"),
    ]
    return [path("import-products/", include((urls, "product_import")))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(editable_provinces(request.user))


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import products"),
        reverse_lazy("product_import:upload"),
        icon_name="upload",
        name="import-products",
        order=250,
    )


# Before Wagtail's own check (order 0), which would send a signed-in editor to sign in again.
hooks.register("before_serve_document", documents.refuse_signed_in_outsiders, order=-1)


# Other provinces' unpublished titles and records (editorial/draft_guard.py).
hooks.register("register_admin_urls", draft_guard.urlpatterns)
hooks.register("construct_page_chooser_queryset", draft_guard.offer_seen_pages)
hooks.register("before_move_page", draft_guard.refuse_moves_out_of_reach)
hooks.register("construct_producer_chooser_queryset", draft_guard.own_producers)
for bulk_action in draft_guard.PAGE_BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action, order=1)  # after Wagtail's own


# wagtail-localize's translation editor writes one tooltip in English (editorial/upstream_strings.py).
hooks.register("insert_global_admin_js", upstream_strings.translation_editor_js)


# After saving a Vietnamese page, its English as the one next step; the side-by-side view the
# reviewer opens before approving (editorial/english_flow.py).
hooks.register("after_create_page", english_flow.next_step)
hooks.register("after_edit_page", english_flow.next_step)
hooks.register("register_admin_urls", english_flow.urlpatterns)
