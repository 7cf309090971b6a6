from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from products.models import Certification, Commodity, Producer, ProductCategory


class ProducerFilterSet(WagtailFilterSet):
    class Meta:
        model = Producer
        fields = ["producer_type", "province"]


# Which producers a user may choose: editorial/ offers a province's editors their own, as the
# snippet admin shows them no other province's.
PRODUCER_CHOOSER_HOOK = "construct_producer_chooser_queryset"


def producers_offered(producers, request):
    for hook in hooks.get_hooks(PRODUCER_CHOOSER_HOOK):
        producers = hook(producers, request)
    return producers


class ProducerChooseView(chooser.ChooseView):
    construct_queryset_hook_name = PRODUCER_CHOOSER_HOOK


class ProducerChooseResultsView(chooser.ChooseResultsView):
    construct_queryset_hook_name = PRODUCER_CHOOSER_HOOK


class ProducerChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        return producers_offered(Producer.objects.all(), self.request).get(pk=pk)


class ProducerChosenMultipleView(chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return producers_offered(Producer.objects.filter(pk__in=pks), self.request)


class ProducerChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ProducerChooseView
    choose_results_view_class = ProducerChooseResultsView
    chosen_view_class = ProducerChosenView
    chosen_multiple_view_class = ProducerChosenMultipleView


class ProducerViewSet(SnippetViewSet):
    model = Producer
    chooser_viewset_class = ProducerChooserViewSet
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
