"""Producers in the admin: a province's editors keep their own province's producers, the
central reviewers all of them, and nothing an editor changes is public before a review.

Wagtail's snippet views, choosers and bulk actions ask the model's permission policy what a
user may do; `ProducerPermissionPolicy` is registered for Producer at start-up (`install`,
from apps.py), before Wagtail would make its default one. The catalogue's own views (products/admin_views.py)
read the producers a user keeps from the same policy, so an address typed by hand for
another province's producer answers 404, and its form offers the user's provinces only.

A province's editors get their rights on producers with their province, not as Django
model permissions: Wagtail's workflow report and site history list every object of a model
to anyone holding one of its model permissions, which would name one province's
unapproved producers to every other. Whoever may edit a province's pages may add, edit,
lock and submit for review its producers; publishing and deleting take the model
permission, which only the central reviewers hold (editorial/groups.py), and the whole tree.
A producer without a province is the central team's. Editors' changes wait for the central
review: the workflow covers producers (editorial/review.py).
"""

from django.shortcuts import get_list_or_404
from wagtail import hooks
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction

from editorial.teams import editable_provinces
from products.models import Producer

TEAM_ACTIONS = {"add", "change", "lock", "unlock"}
CENTRAL_ACTIONS = {"publish", "delete"}  # "publish" also unpublishes and unschedules
EVERY_PROVINCE = None
_pages = PagePermissionPolicy()


def reach(user):
    """EVERY_PROVINCE when `user` keeps every producer (they may edit every home page),
    else the translation keys of the provinces whose producers they keep (none: an empty
    set). Kept on the user object for the request, as Wagtail keeps permissions: a view
    asks many times, and every admin page's menu asks once."""
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    if not hasattr(user, "_hub_producer_reach"):
        user._hub_producer_reach = _reach(user)
    return user._hub_producer_reach


def _reach(user):
    if user.is_superuser:
        return EVERY_PROVINCE
    # One query: the rights come from the permissions Wagtail keeps on the user, and the
    # provinces from the list the dashboard and menus keep (editorial/teams.py).
    homes = list(Page.objects.filter(depth=2))
    if homes and all(_pages.user_has_permission_for_instance(user, "change", h) for h in homes):
        return EVERY_PROVINCE
    return frozenset(province.translation_key for province in editable_provinces(user))


def keeps(user, producer):
    provinces = reach(user)
    if provinces is EVERY_PROVINCE:
        return True
    return producer.province is not None and producer.province.translation_key in provinces


class ProducerPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions for the central team, scoped to its provinces for a
    province's editors (see the module's docstring)."""

    def user_has_permission(self, user, action):
        provinces = reach(user)
        if super().user_has_permission(user, action):
            return action not in CENTRAL_ACTIONS or provinces is EVERY_PROVINCE
        return action in TEAM_ACTIONS and (provinces is EVERY_PROVINCE or bool(provinces))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and keeps(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        producers = self.model._default_manager.all()
        if not self.user_has_any_permission(user, actions):
            return producers.none()
        provinces = reach(user)
        if provinces is EVERY_PROVINCE:
            return producers
        return producers.filter(province__translation_key__in=provinces)


def install():
    """Called once at start-up (apps.py), before Wagtail would make its default policy."""
    register_permission_policy(Producer, ProducerPermissionPolicy(Producer))
    # After Wagtail's own bulk delete (order 0), which this replaces for producers.
    hooks.register("register_bulk_action", ProducerDeleteBulkAction, order=1)


class ProducerDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete, for producers: "all" means those the user keeps, and among the
    producers it refuses to delete it names only those (it names them even to a user who
    may delete none)."""

    models = [Producer]

    @classmethod
    def get_queryset(cls, model, object_ids):
        # An id typed as "abc" is a 404 like a missing one, not a ValueError (a 500).
        ids = [pk for pk in object_ids if str(pk).isdigit()]
        return get_list_or_404(model.objects.select_related("province"), pk__in=ids)

    def get_all_objects_in_listing_query(self, parent_id):
        kept = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, TEAM_ACTIONS
        )
        return kept.values_list("pk", flat=True)

    def get_actionable_objects(self):
        objects, refused = super().get_actionable_objects()
        named = [item for item in refused["items_with_no_access"] if keeps(self.request.user, item)]
        return objects, {**refused, "items_with_no_access": named}
