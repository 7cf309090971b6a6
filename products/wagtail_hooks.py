from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from products.admin_views import CertificationViewSet, CommodityViewSet, ProducerViewSet
from products.models import ProductCategory


class CategoryViewSet(SnippetViewSet):
    model = ProductCategory
    icon = "folder-open-inverse"
    menu_label = _("OCOP categories")
    list_display = ["name_vi", "name_en", "slug"]


class CatalogueViewSetGroup(SnippetViewSetGroup):
    items = (ProducerViewSet, CategoryViewSet, CommodityViewSet, CertificationViewSet)
    menu_icon = "list-ul"
    menu_label = _("OCOP catalogue")
    menu_name = "ocop-catalogue"


register_snippet(CatalogueViewSetGroup)
