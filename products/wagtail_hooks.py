from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from products.models import Certification, Commodity, Producer, ProductCategory


class ProducerFilterSet(WagtailFilterSet):
    class Meta:
        model = Producer
        fields = ["producer_type", "province"]


class ProducerViewSet(SnippetViewSet):
    model = Producer
    icon = "group"
    menu_label = _("Producers")
    list_display = ["name", "producer_type", "province", "phone", "email"]
    search_fields = ["name", "name_en"]
    filterset_class = ProducerFilterSet


class CategoryViewSet(SnippetViewSet):
    model = ProductCategory
    icon = "folder-open-inverse"
    menu_label = _("OCOP categories")
    list_display = ["name_vi", "name_en", "slug"]


class CommodityViewSet(SnippetViewSet):
    model = Commodity
    icon = "pick"
    menu_label = _("Commodities")
    list_display = ["name_vi", "name_en", "slug"]
    search_fields = ["name_vi", "name_en", "slug"]


class CertificationViewSet(SnippetViewSet):
    model = Certification
    icon = "success"
    menu_label = _("Certifications")
    list_display = ["name_vi", "name_en", "slug"]


class CatalogueViewSetGroup(SnippetViewSetGroup):
    items = (ProducerViewSet, CategoryViewSet, CommodityViewSet, CertificationViewSet)
    menu_icon = "list-ul"
    menu_label = _("OCOP catalogue")
    menu_name = "ocop-catalogue"


register_snippet(CatalogueViewSetGroup)
