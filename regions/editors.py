"""Who may edit which province: one editors team per province, one central reviewers group.

Rights follow the page tree (DESIGN.md). A province's editors may add, edit, lock and
submit for review the province's pages in every language, and manage the images and
documents of the province's own collection. They cannot publish: Wagtail offers "Publish"
to anyone holding publish permission even when a workflow applies, which would let a
province skip the review, so publication happens when a central reviewer approves
(`regions.review`). Central reviewers hold the whole tree, every collection and every
inquiry.

`sync_groups()` (run by `setup_hub` and `manage.py sync_editor_groups`) creates or refreshes
everything; saving a province page refreshes its own team (`regions.signals`).
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from regions.models import EditorsTeam, ProvincePage

CENTRAL_REVIEWERS = "Kiểm duyệt trung ương"  # "Central reviewers"
EDITORS_PREFIX = "Biên tập viên"  # "Editors of …"
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]
REVIEWER_PAGE_PERMISSIONS = EDITOR_PAGE_PERMISSIONS + ["publish_page", "bulk_delete_page"]
EDITOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    # Checked per page by showcase.localize_guard: only the pages the editor may edit.
    ("wagtail_localize", "submit_translation"),
    ("inquiries", "view_inquiry"),
    ("inquiries", "change_inquiry"),
]
REVIEWER_PERMISSIONS = EDITOR_PERMISSIONS + [("inquiries", "view_all_inquiries")]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
REVIEWER_COLLECTION_PERMISSIONS = EDITOR_COLLECTION_PERMISSIONS + [
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
]


def editors_group_name(province):
    return f"{EDITORS_PREFIX} {province.title}"


def editable_province_keys(user):
    """Translation keys of the provinces whose pages `user` may edit (in any language)."""
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return set(
        ProvincePage.objects.filter(pk__in=pages.values("pk")).values_list(
            "translation_key", flat=True
        )
    )


def editable_provinces(user):
    """The Vietnamese pages of the provinces `user` may edit, by title.

    Kept on the user object for the rest of the request, as Wagtail keeps page permissions:
    the dashboard asks once per panel."""
    if not hasattr(user, "_editable_provinces"):
        user._editable_provinces = list(
            ProvincePage.objects.filter(
                locale=Locale.get_default(), translation_key__in=editable_province_keys(user)
            ).order_by("title")
        )
    return user._editable_provinces


def admin_language(user):
    """The language `user` reads the admin (and its e-mails) in: their own choice, else the
    site's. Select `wagtail_userprofile` with the users to avoid a query each."""
    profile = getattr(user, "wagtail_userprofile", None)
    return (profile and profile.preferred_language) or settings.LANGUAGE_CODE


def province_editors(province):
    """Active users who may edit `province` (through its own group or the whole tree)."""
    return PagePermissionPolicy().users_with_permission_for_instance(
        "change", province, include_superusers=False
    )


def province_of(page):
    """The Vietnamese province page that `page` belongs to (itself, or an ancestor), if any."""
    province = ProvincePage.objects.ancestor_of(page, inclusive=True).first()
    if province is None:
        return None
    return ProvincePage.objects.filter(
        translation_key=province.translation_key, locale=Locale.get_default()
    ).first()


def team_members(province):
    """The active members of `province`'s own editors team (not the central reviewers)."""
    team = EditorsTeam.objects.filter(province=province).first()
    if team is None:
        return Group.objects.none()
    return team.group.user_set.filter(is_active=True)


def province_collection(province):
    """The image and document collection of `province`'s editors (None before the team)."""
    team = EditorsTeam.objects.select_related("collection").filter(province=province).first()
    return team.collection if team else None


@transaction.atomic
def sync_groups():
    """Create or refresh the central reviewers, one editors team per province and the review
    workflow. Running it again changes nothing; a renamed province renames its group and
    collection. Returns the reviewers group and {province translation key: editors group}."""
    from regions.review import sync_workflow

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
        groups[province.translation_key] = sync_team(province, grants).group
    return reviewers, groups


@transaction.atomic
def sync_team(province, grants=None):
    """Create or refresh the editors team of a Vietnamese province page."""
    grants = grants or Grants()
    name = editors_group_name(province)
    team = (
        EditorsTeam.objects.select_related("group", "collection").filter(province=province).first()
    )
    if team is None:
        group, _created = Group.objects.get_or_create(name=name)
        team = EditorsTeam(province=province, group=group)
    elif team.group.name != name:
        team.group.name = name
        team.group.save(update_fields=["name"])
    if team.collection is None:
        root = Collection.get_first_root_node()
        team.collection = root.get_children().filter(name=province.title).first() or root.add_child(
            name=province.title
        )
    elif team.collection.name != province.title:
        team.collection.name = province.title
        team.collection.save(update_fields=["name"])
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
    return team


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
