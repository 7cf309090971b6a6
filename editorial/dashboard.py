"""The dashboard's summary and first actions, for the provinces the user edits.

Wagtail's summary counts every page of the site (514 in the demo, both languages, index
pages and all) for anyone who may edit one: a province's editor learnt nothing from it. The
hub's counts what a province works on, its products, producers, events and sales points,
and how many of those pages are live and how many are in review. A provincial editor sees
their provinces' (editorial.teams.editable_provinces); central reviewers and superusers,
who edit the whole tree, see the national figures, national events included. Pages are
counted once, in Vietnamese, the source language.

It costs two queries (pages, producers) once the user's provinces are known.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from editorial.missing import in_provinces, in_review
from editorial.teams import editable_provinces
from events.models import EventPage
from products.models import Producer, ProductPage
from regions.models import SalesPointPage

# The pages a province works on, as {name: model}, in the order the summary shows them.
COUNTED_PAGES = {"products": ProductPage, "events": EventPage, "sales_points": SalesPointPage}
# With more provinces than this the first actions offer a chooser, not a link for each.
MAX_ADD_LINKS = 4


def edits_whole_tree(user):
    """Superusers, and users whose right to edit pages starts at the root or a home page:
    the central reviewers. (Read from the rights Wagtail has already read for the request:
    no query, where localize_guard.sees_whole_site costs two.)"""
    if user.is_superuser:
        return True
    return any(
        perm.page.depth <= 2 and perm.permission.codename == "change_page"
        for perm in PagePermissionPolicy().get_cached_permissions_for_user(user)
    )


def scope(user):
    """None (nothing to count), "national", or the user's provinces."""
    if edits_whole_tree(user):
        return "national"
    return editable_provinces(user) or None


def source_language():
    """The language code of Locale.get_default(), without its query."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def page_counts(where):
    """{products, events, sales_points, live, in_review} among the Vietnamese pages of
    COUNTED_PAGES in `where` (see `scope`), in one query."""
    types = ContentType.objects.get_for_models(*COUNTED_PAGES.values())
    pages = Page.objects.filter(
        locale__language_code=source_language(),
        alias_of__isnull=True,
        content_type__in=types.values(),
    )
    if where != "national":
        pages = pages.filter(in_provinces(where))
    counts = {
        name: Count("pk", filter=Q(content_type=types[model]))
        for name, model in COUNTED_PAGES.items()
    }
    return pages.aggregate(
        **counts,
        live=Count("pk", filter=Q(live=True)),
        in_review=Count("pk", filter=in_review()),
    )


def producer_count(where):
    producers = Producer.objects.all()
    if where != "national":
        producers = producers.filter(
            province__translation_key__in=[province.translation_key for province in where]
        )
    return producers.count()


def _number(count):
    return formats.number_format(count, force_grouping=True)


def _explorer(where, model):
    """The explorer of the user's one province, showing pages of `model` only."""
    if where == "national" or len(where) != 1:
        return None
    content_type = ContentType.objects.get_for_model(model)
    url = reverse("wagtailadmin_explore", args=[where[0].pk])
    return f"{url}?content_type={content_type.pk}"


def _producers_url(where):
    url = reverse("wagtailsnippets_products_producer:list")
    if where != "national" and len(where) == 1:
        url += f"?province={where[0].pk}"
    return url


def _scope_label(where):
    if where == "national":
        return _("Nationwide")
    return ", ".join(province.title for province in where)


def summary_labels(n):
    """{name: label} of the counts `n`, numbers written as the user's language groups them."""
    shown = {key: {"count": _number(count)} for key, count in n.items()}
    # Literal ngettext calls, one per count: makemessages finds only those.
    return {
        "products": ngettext("%(count)s product", "%(count)s products", n["products"])
        % shown["products"],
        "producers": ngettext("%(count)s producer", "%(count)s producers", n["producers"])
        % shown["producers"],
        "events": ngettext("%(count)s event", "%(count)s events", n["events"]) % shown["events"],
        "sales_points": ngettext(
            "%(count)s sales point", "%(count)s sales points", n["sales_points"]
        )
        % shown["sales_points"],
        "in_review": ngettext(
            "%(count)s awaiting review", "%(count)s awaiting review", n["in_review"]
        )
        % shown["in_review"],
        "live": ngettext("%(count)s live", "%(count)s live", n["live"]) % shown["live"],
    }


def summary_items(user):
    """The summary's lines, [{icon, label, url}], or [] when the user edits no province."""
    where = scope(user)
    if where is None:
        return []
    counts = page_counts(where)
    counts["producers"] = producer_count(where)
    labels = summary_labels(counts)
    lines = [
        ("tag", "products", _explorer(where, ProductPage)),
        ("group", "producers", _producers_url(where)),
        ("date", "events", _explorer(where, EventPage)),
        ("pick", "sales_points", _explorer(where, SalesPointPage)),
        ("time", "in_review", None),
        ("view", "live", None),
    ]
    return [{"icon": "site", "label": _scope_label(where), "url": None}] + [
        {"icon": icon, "label": labels[key], "url": url} for icon, key, url in lines
    ]


def provinces_to_add_to(user):
    """The user's provinces under which they may add a product page."""
    return [
        province
        for province in editable_provinces(user)
        if province.permissions_for_user(user).can_add_subpage()
    ]


def add_product_url(province):
    return reverse("wagtailadmin_pages:add", args=["products", "productpage", province.pk])


def first_actions(user):
    """What the dashboard offers first: {"add": [{province, url}], "chooser": provinces for a
    choice instead (for many provinces), "import_url"}; None when the user may do neither."""
    provinces = provinces_to_add_to(user)
    if not provinces:
        return None
    many = len(provinces) > MAX_ADD_LINKS
    return {
        "add": [] if many else [{"province": p, "url": add_product_url(p)} for p in provinces],
        "chooser": provinces if many else [],
        "several": len(provinces) > 1,
        "import_url": reverse("product_import:upload"),
    }


def add_product(request):
    """The chooser's answer: the add form of a product under the chosen province."""
    chosen = request.GET.get("province", "")
    province = next((p for p in provinces_to_add_to(request.user) if str(p.pk) == chosen), None)
    if province is None:
        messages.error(request, _("Choose one of your provinces to add the product to."))
        return redirect("wagtailadmin_home")
    return redirect(add_product_url(province))
