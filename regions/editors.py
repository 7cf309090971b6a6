"""Who may edit which province: one editors group per province, one central reviewers group.

Rights follow the page tree (DESIGN.md): a province's editors get add/edit/publish on
that province's pages in every language; central reviewers get the whole tree and see
every inquiry. The groups are kept in step with the province pages by `sync_groups()`.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from regions.models import ProvincePage

CENTRAL_REVIEWERS = "Kiểm duyệt trung ương"  # "Central reviewers"
EDITORS_PREFIX = "Biên tập viên"  # "Editors of …"
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
REVIEWER_PAGE_PERMISSIONS = EDITOR_PAGE_PERMISSIONS + ["bulk_delete_page"]
EDITOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("inquiries", "view_inquiry"),
    ("inquiries", "change_inquiry"),
]
REVIEWER_PERMISSIONS = EDITOR_PERMISSIONS + [("inquiries", "view_all_inquiries")]


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


def province_editors(province):
    """Active users who may edit `province` (through its own group or the whole tree)."""
    return PagePermissionPolicy().users_with_permission_for_instance(
        "change", province, include_superusers=False
    )


@transaction.atomic
def sync_groups():
    """Create or refresh the central reviewers group and one editors group per province.
    Running it again changes nothing; a renamed province renames its group."""
    reviewers, _created = Group.objects.get_or_create(name=CENTRAL_REVIEWERS)
    _grant(reviewers, REVIEWER_PERMISSIONS)
    for home in Page.objects.filter(depth=2):
        _grant_pages(reviewers, home, REVIEWER_PAGE_PERMISSIONS)

    source = Locale.get_default()
    groups = {}
    for province in ProvincePage.objects.filter(locale=source).order_by("title"):
        group = (
            Group.objects.filter(page_permissions__page=province).exclude(pk=reviewers.pk).first()
        )
        name = editors_group_name(province)
        if group is None:
            group, _created = Group.objects.get_or_create(name=name)
        elif group.name != name:
            group.name = name
            group.save(update_fields=["name"])
        _grant(group, EDITOR_PERMISSIONS)
        for page in province.get_translations(inclusive=True):
            _grant_pages(group, page, EDITOR_PAGE_PERMISSIONS)
        groups[province.translation_key] = group
    return reviewers, groups


def _grant(group, app_codenames):
    for app_label, codename in app_codenames:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def _grant_pages(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
