"""Read-only panels of the catalogue's admin forms."""

from django.urls import reverse
from wagtail.admin.panels import Panel
from wagtail.models import Locale
from wagtail.permission_policies.pages import PagePermissionPolicy


class ProducerProductsPanel(Panel):
    """A producer's products (the Vietnamese pages: their English twins follow them), each
    with its status and, for those the user may edit, a link to its editor. Read only: a
    product names its producer in its own form. In three queries however many products."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "products/admin/producer_products_panel.html"

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            products = (
                self.instance.products.filter(locale=Locale.get_default())
                .select_related("province")
                .prefetch_workflow_states()
                .annotate_approved_schedule()
                .order_by("title")
            )
            pages = PagePermissionPolicy()
            user = self.request.user
            context["products"] = [
                {
                    "page": product,
                    "title": product.get_admin_display_title(),
                    "edit_url": reverse("wagtailadmin_pages:edit", args=[product.pk])
                    if pages.user_has_permission_for_instance(user, "change", product)
                    else None,
                }
                for product in products
            ]
            return context
