"""Creating and refreshing the editors teams, the central reviewers and the review workflow.

Rights follow the page tree. A province's editors may add, edit, lock and submit for review
the province's pages in every language, and manage the images and documents of the
province's own collection. They cannot publish: Wagtail offers "Publish" to anyone holding
publish permission even when a workflow applies, which would let a province skip the
review, so publication happens when a central reviewer approves (editorial/review.py).
Central reviewers hold the whole tree, every collection and every inquiry, and every
producer (publishing what the provinces change in them). A province's editors hold no
model permission on producers: their rights on their province's producers come with the
province's pages (editorial/producers.py says why).

A province's documents are private: Wagtail's collection view restriction lets only the
team, the central reviewers and superusers download what is in the province's collection
(an internal price list, a draft contract). A document for the public goes in the province's
public collection, "<province> — công khai", beside it under the root: not below it, as
Wagtail applies a collection's restriction to every collection below. Images are not
restricted (a page's pictures are public files); the public collection takes documents only.

`sync_groups()` (run by `setup_hub` and `manage.py sync_editor_groups`) creates or refreshes
everything; saving a province page refreshes its own team (editorial/signals.py).
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
)

from editorial.review import sync_workflow
from editorial.teams import CENTRAL_REVIEWERS, editors_group_name, public_collection_name
from regions.models import EditorsTeam, ProvincePage

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]
REVIEWER_PAGE_PERMISSIONS = EDITOR_PAGE_PERMISSIONS + ["publish_page", "bulk_delete_page"]
EDITOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    # Checked per page by editorial/localize_guard.py: only the pages the editor may edit.
    ("wagtail_localize", "submit_translation"),
    ("inquiries", "view_inquiry"),
    ("inquiries", "change_inquiry"),
]
REVIEWER_PERMISSIONS = EDITOR_PERMISSIONS + [
    ("inquiries", "view_all_inquiries"),
    *(
        ("products", f"{action}_producer")
        for action in ("add", "change", "publish", "delete", "lock", "unlock")
    ),
]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
EDITOR_PUBLIC_COLLECTION_PERMISSIONS = [
    pair for pair in EDITOR_COLLECTION_PERMISSIONS if pair[0] == "wagtaildocs"
]
REVIEWER_COLLECTION_PERMISSIONS = EDITOR_COLLECTION_PERMISSIONS + [
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
]


@transaction.atomic
def sync_groups():
    """Create or refresh the central reviewers, one editors team per province and the review
    workflow. Running it again changes nothing; a renamed province renames its group and
    collection. Returns the reviewers group and {province translation key: editors group}."""
    grants = Grants()
    reviewers, _created = Group.objects.get_or_create(name=CENTRAL_REVIEWERS)
    grants.model_permissions(reviewers, REVIEWER_PERMISSIONS)
    for home in Page.objects.filter(depth=2):
        grants.page_permissions(reviewers, home, REVIEWER_PAGE_PERMISSIONS)
    grants.collection_permissions(
        reviewers, Collection.get_first_root_node(), REVIEWER_COLLECTION_PERMISSIONS
    )
    sync_workflow(reviewers)

    groups = {}
    for province in ProvincePage.objects.filter(locale=Locale.get_default()).order_by("title"):
        groups[province.translation_key] = sync_team(province, grants, reviewers).group
    return reviewers, groups


@transaction.atomic
def sync_team(province, grants=None, reviewers=None):
    """Create or refresh the editors team of a Vietnamese province page."""
    grants = grants or Grants()
    reviewers = reviewers or Group.objects.get_or_create(name=CENTRAL_REVIEWERS)[0]
    name = editors_group_name(province)
    team = (
        EditorsTeam.objects.select_related("group", "collection", "public_collection")
        .filter(province=province)
        .first()
    )
    if team is None:
        group, _created = Group.objects.get_or_create(name=name)
        team = EditorsTeam(province=province, group=group)
    elif team.group.name != name:
        team.group.name = name
        team.group.save(update_fields=["name"])
    team.collection = _named_collection(team.collection, province.title)
    team.public_collection = _named_collection(
        team.public_collection, public_collection_name(province)
    )
    team.description = _description(province)
    team.save()

    grants.model_permissions(team.group, EDITOR_PERMISSIONS)
    pages = list(province.get_translations(inclusive=True))
    for page in pages:
        grants.page_permissions(team.group, page, EDITOR_PAGE_PERMISSIONS)
    # Exactly these rights on the pages: a publish right granted by hand (or by an older
    # version of this module) would let the province publish without review.
    GroupPagePermission.objects.filter(group=team.group).exclude(
        page__in=pages, permission__codename__in=EDITOR_PAGE_PERMISSIONS
    ).delete()
    grants.collection_permissions(team.group, team.collection, EDITOR_COLLECTION_PERMISSIONS)
    grants.collection_permissions(
        team.group, team.public_collection, EDITOR_PUBLIC_COLLECTION_PERMISSIONS
    )
    restrict_documents(team.collection, [team.group, reviewers])
    return team


def _named_collection(collection, name):
    """`collection` under `name`; without one, the root's child of that name or a new one."""
    if collection is None:
        root = Collection.get_first_root_node()
        return root.get_children().filter(name=name).first() or root.add_child(name=name)
    if collection.name != name:
        collection.name = name
        collection.save(update_fields=["name"])
    return collection


def restrict_documents(collection, groups):
    """Exactly one view restriction on `collection`: its documents are served to `groups`
    (and superusers) only. Any other restriction set by hand is replaced, so a collection
    made public in the admin's privacy dialog is private again at the next sync."""
    restrictions = CollectionViewRestriction.objects.filter(collection=collection)
    restriction = restrictions.filter(
        restriction_type=CollectionViewRestriction.GROUPS
    ).first() or CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restrictions.exclude(pk=restriction.pk).delete()
    restriction.groups.set(groups)


def _description(province):
    english = (
        ProvincePage.objects.filter(translation_key=province.translation_key)
        .exclude(locale=province.locale)
        .values_list("title", flat=True)
        .first()
    )
    return f"Editors of {english or province.title}: pages, images and documents of the province"


class Grants:
    """Grants permissions, looking each one up once."""

    def __init__(self):
        self._permissions = {}

    def permission(self, app_label, codename):
        key = (app_label, codename)
        if key not in self._permissions:
            if key == SUBMIT_TRANSLATION:
                self._permissions[key] = _submit_translation_permission()
            else:
                self._permissions[key] = Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
        return self._permissions[key]

    def model_permissions(self, group, app_codenames):
        group.permissions.add(*(self.permission(*pair) for pair in app_codenames))

    def page_permissions(self, group, page, codenames):
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=self.permission("wagtailcore", codename)
            )

    def collection_permissions(self, group, collection, app_codenames):
        for pair in app_codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=self.permission(*pair)
            )


SUBMIT_TRANSLATION = ("wagtail_localize", "submit_translation")


def _submit_translation_permission():
    """wagtail-localize's permission, made by its migration 0006 rather than by a model, so a
    flushed database (the tests' live server) no longer has it: make it the same way."""
    content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    return permission
