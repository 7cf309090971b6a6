"""Other provinces' unpublished titles and records stay theirs in the admin.

Wagtail shows a page's latest draft title (`draft_title`, through
`Page.get_admin_display_title()`) wherever the admin names a page: choosers, bulk actions,
reports, the move confirmation, messages, breadcrumbs, the admin API. Choosers and some
reports show pages the user may not edit, by design (any page may be linked to; upstream
wants a "choose" permission for that: https://github.com/wagtail/wagtail/issues/9714), so
one province's draft title, which may carry internal notes or prices, reached every other
province's editors. Many of those places name a page they fetched themselves (a chooser's
"parent" column calls `get_parent()`), out of reach of any hook, so the title itself
depends on who is looking, for the length of an admin request (`AdminViewerMiddleware`):

- a page the viewer may edit shows its draft title, as Wagtail does;
- a live page they may not edit shows its live (published) title;
- any other page shows "Unpublished page", and page choosers and bulk actions do not list
  it at all.

A page is moved only where the user may move it, so the move confirmation (which names the
page) is refused before it is shown. Producers, which the snippet admin shows a province's
editors for their own provinces only (editorial/producers.py), are offered by their chooser
(products/admin_views.py) and by wagtail-localize's snippet API for those provinces and
the producers without a province.
"""

from contextvars import ContextVar

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.views import snippets_api

from editorial.producers import EVERY_PROVINCE
from editorial.producers import reach as producer_reach

# The admin request being answered, if any: whose eyes the page titles are for.
_admin_request = ContextVar("hub_admin_request", default=None)
_wagtails_admin_title = Page.get_admin_display_title
_pages = PagePermissionPolicy()


class AdminViewerMiddleware:
    """Remembers the admin request being answered, for `admin_display_title`."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        if not request.path.startswith(self.admin_prefix):
            return self.get_response(request)
        token = _admin_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _admin_request.reset(token)


def may_see_draft(user, page):
    """Whether `user` may edit `page`, from the rights Wagtail keeps on the user (without
    `can_edit()`'s query for the page's review task: it runs for every title shown)."""
    return _pages.user_has_permission_for_instance(user, "change", page)


def admin_display_title(page):
    """`Page.get_admin_display_title()`, for the one looking (see the module's docstring)."""
    request = _admin_request.get()
    if request is None or may_see_draft(request.user, page):
        return _wagtails_admin_title(page)
    return page.title if page.live else gettext("Unpublished page")


def install():
    """Make Wagtail's admin title of every page the viewer's (called once, at start-up)."""
    Page.get_admin_display_title = admin_display_title


# --- pages the user may not see are not offered -------------------------------------------


def seen_pages(pages, user):
    """`pages` less those the user may not see: unpublished pages they may not edit."""
    if user.is_superuser:
        return pages
    editable = _pages.instances_user_has_permission_for(user, "change")
    return pages.filter(Q(live=True) | Q(pk__in=editable.values("pk")))


def is_seen(page, user):
    return page.live or may_see_draft(user, page)


def offer_seen_pages(pages, request):
    """The page chooser's pages (`construct_page_chooser_queryset`), and the page it
    browses: never an unpublished page of someone else's, nor its title."""
    parent_id = request.resolver_match.kwargs.get("parent_page_id")
    parent = Page.objects.filter(pk=parent_id).first() if parent_id else None
    if parent is not None and not is_seen(parent, request.user):
        raise Http404
    return seen_pages(pages, request.user)


def refuse_moves_out_of_reach(request, page, destination):
    """`before_move_page`: Wagtail's move confirmation checks the right to move only when
    the move is made, after showing the page to anyone who asks."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


def hiding_unseen_pages(action_class):
    """A page bulk action that does not name the pages the user may not see among those
    it refuses (it names the others, by their admin title)."""

    class Guarded(action_class):
        def get_actionable_objects(self):
            objects, refused = super().get_actionable_objects()
            unseen = refused["items_with_no_access"]
            seen = [page for page in unseen if is_seen(page, self.request.user)]
            return objects, {**refused, "items_with_no_access": seen}

    Guarded.__name__ = Guarded.__qualname__ = action_class.__name__
    return Guarded


PAGE_BULK_ACTIONS = [
    hiding_unseen_pages(action_class)
    for action_class in (DeleteBulkAction, MoveBulkAction, PublishBulkAction, UnpublishBulkAction)
]


# --- producers ----------------------------------------------------------------------------


def own_producers(producers, request):
    """The producers a user may choose (`construct_producer_chooser_queryset`): those of
    the provinces they may edit, and those without a province; every one for users who may
    edit the whole site."""
    provinces = producer_reach(request.user)
    if provinces is EVERY_PROVINCE:
        return producers
    return producers.filter(Q(province__isnull=True) | Q(province__translation_key__in=provinces))


class ChooserScopedSnippetAPI(snippets_api.SnippetViewSet):
    """wagtail-localize's snippet API (used by its translation editor to show a chosen
    snippet) answers with what the snippet's own chooser offers the user, no more."""

    def get_queryset(self):
        objects = super().get_queryset()
        chooser = self.get_model().snippet_viewset.chooser_viewset.choose_view_class
        hook_name = chooser.construct_queryset_hook_name
        for hook in hooks.get_hooks(hook_name) if hook_name else []:
            objects = hook(objects, self.request)
        return objects


def urlpatterns():
    listing = ChooserScopedSnippetAPI.as_view({"get": "list"})
    detail = ChooserScopedSnippetAPI.as_view({"get": "retrieve"})
    return [
        path("localize/api/snippets/<slug:app_label>/<slug:model_name>/", listing),
        path("localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/", detail),
    ]
