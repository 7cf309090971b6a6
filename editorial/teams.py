"""Who edits which province: one editors team per province (a group, a collection and the
province's pages), and the central reviewers, who hold the whole tree.

The questions the rest of the hub asks about people: which provinces may this user edit,
who is in a province's team, in which language does a user read the admin and its
e-mails. How the teams are made and what rights they hold is editorial/groups.py.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import Locale
from wagtail.permission_policies.pages import PagePermissionPolicy

from regions.models import EditorsTeam, ProvincePage

CENTRAL_REVIEWERS = "Kiểm duyệt trung ương"  # "Central reviewers"
EDITORS_PREFIX = "Biên tập viên"  # "Editors of …"
PUBLIC_SUFFIX = "công khai"  # "public"


def editors_group_name(province):
    return f"{EDITORS_PREFIX} {province.title}"


def public_collection_name(province):
    """The collection of the documents `province`'s editors publish (the rest stay private)."""
    return f"{province.title} — {PUBLIC_SUFFIX}"


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
