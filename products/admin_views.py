"""The catalogue's snippets in the admin: producers, kept by their province's editors, and
the commodities and certifications a product is classified by.

Which producers a user keeps is the producers' permission policy's answer (registered by
editorial/producers.py; Wagtail's registry hands it over, so this app does not import the
editors' side): the list shows those, every view of one producer (edit, history, revisions,
workflow, lock, delete, usage…) answers 404 for any other whatever the address, and the
form offers the user's provinces only. The chooser offers a little more: the producers
without a province as well (editorial/draft_guard.py `own_producers`).
"""

from functools import wraps

import django_filters
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from products.choosers import FoldedSearch, NameSearchForm, ProducerSearchForm
from products.forms import provinces_for
from products.models import Certification, Commodity, Producer
from regions.models import ProvincePage

# Any of these on a producer puts it within the user's reach.
KEEPING = ("change", "lock", "unlock", "publish", "delete")


def producers_kept_by(user):
    return policy_registry.get_by_type(Producer).instances_user_has_any_permission_for(
        user, KEEPING
    )


def is_kept_by(user, pk):
    try:
        return producers_kept_by(user).filter(pk=unquote(str(pk))).exists()
    except (ValueError, ValidationError):  # not a producer's id at all
        return False


def only_producers_kept(view):
    """`view`, answering 404 for a producer the user does not keep."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if "pk" in kwargs and not is_kept_by(request.user, kwargs["pk"]):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


class ProducerFilterSet(WagtailFilterSet):
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=ProvincePage.objects.none()
    )

    class Meta:
        model = Producer
        fields = ["producer_type", "province", "live"]

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is not None:
            pks = [province.pk for province in provinces_for(user, Producer)]
            self.filters["province"].queryset = ProvincePage.objects.filter(pk__in=pks).order_by(
                "title"
            )


class NameIndexView(FoldedSearch, IndexView):
    pass


# --- the producer chooser -----------------------------------------------------------------

# Which producers a user may choose: editorial/ offers a province's editors their own.
PRODUCER_CHOOSER_HOOK = "construct_producer_chooser_queryset"


def producers_offered(producers, request):
    for hook in hooks.get_hooks(PRODUCER_CHOOSER_HOOK):
        producers = hook(producers, request)
    return producers


class ProducerChoosing:
    """The producers offered, searchable by name and filtered by province, with their
    province and status (in a fixed number of queries per page)."""

    construct_queryset_hook_name = PRODUCER_CHOOSER_HOOK

    def get_filter_form(self):
        provinces = provinces_for(self.request.user, Producer)
        return ProducerSearchForm(self.request.GET, provinces=provinces)

    def filter_object_list(self, objects):
        return super().filter_object_list(objects).for_admin_listing()

    @property
    def columns(self):
        columns = super().columns
        province = Column(
            "province",
            label=_("Province"),
            accessor=lambda producer: producer.province.title if producer.province else "—",
        )
        return [columns[0], province, *columns[1:]]


class ProducerChooseView(ProducerChoosing, chooser.ChooseView):
    pass


class ProducerChooseResultsView(ProducerChoosing, chooser.ChooseResultsView):
    pass


def whole_numbers(ids):
    """The ids of an address that can be producers' (a typed "abc" would raise ValueError
    in the query, a 500, where Wagtail answers a missing one with a 404)."""
    return [pk for pk in ids if str(pk).isdigit()]


class ProducerChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        if not whole_numbers([pk]):
            raise Http404
        return producers_offered(Producer.objects.all(), self.request).get(pk=pk)


class ProducerChosenMultipleView(chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return producers_offered(Producer.objects.filter(pk__in=whole_numbers(pks)), self.request)


class ProducerChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ProducerChooseView
    choose_results_view_class = ProducerChooseResultsView
    chosen_view_class = ProducerChosenView
    chosen_multiple_view_class = ProducerChosenMultipleView


class ProducerViewSet(SnippetViewSet):
    model = Producer
    chooser_viewset_class = ProducerChooserViewSet
    index_view_class = NameIndexView
    icon = "group"
    menu_label = _("Producers")
    list_display = ["name", "producer_type", "province", "phone", "email"]
    search_fields = ["name", "name_en"]
    filterset_class = ProducerFilterSet

    def get_queryset(self, request):
        return producers_kept_by(request.user).for_admin_listing()

    def construct_view(self, view_class, **kwargs):
        return only_producers_kept(super().construct_view(view_class, **kwargs))


# --- commodities and certifications -------------------------------------------------------


class NameChooseView(chooser.ChooseView):
    filter_form_class = NameSearchForm


class NameChooseResultsView(chooser.ChooseResultsView):
    filter_form_class = NameSearchForm


class NameChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = NameChooseView
    choose_results_view_class = NameChooseResultsView


class CommodityViewSet(SnippetViewSet):
    model = Commodity
    chooser_viewset_class = NameChooserViewSet
    index_view_class = NameIndexView
    icon = "pick"
    menu_label = _("Commodities")
    list_display = ["name_vi", "name_en", "slug"]
    search_fields = ["name_vi", "name_en", "slug"]


class CertificationViewSet(SnippetViewSet):
    model = Certification
    chooser_viewset_class = NameChooserViewSet
    index_view_class = NameIndexView
    icon = "success"
    menu_label = _("Certifications")
    list_display = ["name_vi", "name_en", "slug"]
    search_fields = ["name_vi", "name_en", "slug"]
