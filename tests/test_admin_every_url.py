"""Every admin address the hub serves, visited by Thái Nguyên's editor with Lâm Đồng's draft
and live pages in its parameters: none answers 500, none shows Lâm Đồng's unpublished
titles or records, and none changes anything.

The addresses come from Django's URL resolver (Wagtail's, wagtail-localize's and the
hub's own), not from a list kept by hand, so a view added later is visited too. Each
address is filled from "scenarios" (Lâm Đồng's live page with a draft in review, its
never-published page, their English twins, a producer), parameter by parameter: by name,
else from the model the view serves, else by converter. Each address is fetched plainly,
with a search for the secret titles and with the pages as bulk-action ids.
"""

import itertools
import json
import re
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import translation
from django.utils.translation import gettext
from wagtail.admin.models import EditingSession
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents.models import Document
from wagtail.images.models import Image, Rendition
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    Locale,
    Page,
    PageLogEntry,
    Revision,
    TaskState,
    WorkflowState,
)
from wagtail.users.models import UserProfile
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    Translation,
    TranslationSource,
)

from editorial.groups import sync_groups
from editorial.teams import admin_language
from products.models import Producer, ProductPage
from regions.models import EditorsTeam, ProvincePage
from showcase.translation import publish_translation

pytestmark = pytest.mark.django_db

# Each secret begins with an ASCII word that survives truncation, HTML and JSON escaping,
# with an underscore no random token (CSRF, hashes) holds: "ZQ" alone once met a CSRF token.
DRAFT = "ZQ_DRAFT NHÁP-BÍ-MẬT Lâm Đồng: giá nội bộ 95.000đ/kg"
DRAFT_EN = "ZQ_ENDRAFT Lam Dong draft: internal price 3.80 USD/kg"
NEVER = "ZQ_NEVER Thanh long ruột vàng Lâm Đồng: NHÁP-BÍ-MẬT, chưa công bố"
NEVER_EN = "ZQ_ENNEVER Thanh long yellow dragon fruit: unannounced"
PROVINCE = "ZQ_PROVINCE Lâm Đồng: tiêu đề nháp của trang tỉnh"
PRODUCER = "ZQ_PRODUCER HTX Lâm Đồng chưa công bố"
IMAGE = "ZQ_IMAGE ảnh nội bộ Lâm Đồng"
DOCUMENT = "ZQ_DOCUMENT bảng giá nội bộ Lâm Đồng"
SECRETS = [
    text.split()[0]
    for text in (DRAFT, DRAFT_EN, NEVER, NEVER_EN, PROVINCE, PRODUCER, IMAGE, DOCUMENT)
]

# Bookkeeping a GET may write: the visitor's session, editing-session pings, profile and
# the thumbnails made on first sight.
BOOKKEEPING = {Session, EditingSession, UserProfile, Rendition}
IGNORED = {"last_login"}  # the walk signs in again after the logout address
# At least this many admin URL patterns must be visited: the walker cannot visit nothing.
AT_LEAST = 250


def _province(title):
    return ProvincePage.objects.get(locale=Locale.get_default(), title=title)


def _user(django_user_model, name, province):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    user.groups.add(EditorsTeam.objects.get(province=_province(province)).group)
    return user


@dataclass
class LamDong:
    """Lâm Đồng's objects that Thái Nguyên's editor must not see or change."""

    editor: object
    live: ProductPage
    live_en: ProductPage
    never: ProductPage
    never_en: ProductPage
    producer: Producer
    image: Image
    document: Document
    province: ProvincePage
    own_province: ProvincePage


def _draft(page, title, user):
    page.title = title
    return page.save_revision(user=user)


def _never_published(province, category, user, en):
    page = province.add_child(
        instance=ProductPage(
            title=NEVER,
            slug="san-pham-moi-lam-dong",
            ocop_stars=4,
            category=category,
            live=False,
        )
    )
    page.save_revision(user=user)
    publish_translation(page, en, {"title": NEVER_EN}, user=user, publish=False)
    return ProductPage.objects.get(pk=page.pk), page.get_translation(en)


@pytest.fixture
def lam_dong(django_user_model, en):
    sync_groups()
    editor = _user(django_user_model, "ld", "Lâm Đồng")
    province = _province("Lâm Đồng")
    live = ProductPage.objects.get(import_ref="T-003", locale=Locale.get_default())
    live_en = live.get_translation(en)
    revision = _draft(live, DRAFT, editor)
    live.get_workflow().start(live, editor)  # the draft waits for the central review
    _draft(live_en, DRAFT_EN, editor)
    never, never_en = _never_published(province, live.category, editor, en)
    assert revision.pk == ProductPage.objects.get(pk=live.pk).latest_revision_id
    _draft(ProvincePage.objects.get(pk=province.pk), PROVINCE, editor)
    collection = EditorsTeam.objects.get(province=province).collection
    return LamDong(
        editor=editor,
        live=ProductPage.objects.get(pk=live.pk),
        live_en=ProductPage.objects.get(pk=live_en.pk),
        never=never,
        never_en=never_en,
        producer=Producer.objects.create(
            name=PRODUCER, producer_type="household", province=province
        ),
        image=Image.objects.create(title=IMAGE, file=get_test_image_file(), collection=collection),
        document=Document.objects.create(
            title=DOCUMENT, file=get_test_image_file(), collection=collection
        ),
        province=province,
        own_province=_province("Thái Nguyên"),
    )


@pytest.fixture
def thai_nguyen_editor(django_user_model, lam_dong):
    return _user(django_user_model, "tn", "Thái Nguyên")


# --- the addresses ------------------------------------------------------------------------


def admin_patterns(patterns=None, pieces=()):
    """(pieces, pattern) for every URL pattern under /admin/: pieces are the patterns from
    the root down, each a route or a regular expression."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        here = (*pieces, entry.pattern)
        if not _under_admin(here):
            continue
        if isinstance(entry, URLResolver):
            yield from admin_patterns(entry.url_patterns, here)
        elif isinstance(entry, URLPattern):
            yield here, entry


def _under_admin(pieces):
    text = str(pieces[0])
    return text.startswith("admin/") or "admin/".startswith(text)


PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def parameter_names(pieces):
    names = []
    for piece in pieces:
        if isinstance(piece, RoutePattern):
            names += PARAMETER.findall(str(piece))
        elif isinstance(piece, RegexPattern):
            names += list(piece.regex.groupindex)
    return names


def _fill_route(text, values):
    return PARAMETER.sub(lambda match: str(values[match.group(1)]), text)


def _fill_regex(text, values):
    """A regular expression's path with its named groups filled (the few forms Wagtail and
    Django REST framework use: ^…$, escaped dots, a catch-all .*)."""
    out, position = [], 0
    for match in re.finditer(r"\(\?P<(\w+)>", text):
        if match.start() < position:
            continue
        out.append(text[position : match.start()])
        depth, end = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(text[end], 0) if text[end - 1] != "\\" else 0
            end += 1
        out.append(str(values[match.group(1)]))
        position = end
    out.append(text[position:])
    path = "".join(out).removeprefix("^").removesuffix("$").replace(".*", "x")
    return path.replace("\\.", ".")


def build_url(pieces, values):
    parts = []
    for piece in pieces:
        text = str(piece)
        parts.append(
            _fill_regex(text, values)
            if isinstance(piece, RegexPattern)
            else _fill_route(text, values)
        )
    return "/" + "".join(parts)


def view_model(pattern):
    """The model a class-based view serves, when it says (Wagtail's generic views, DRF)."""
    callback = pattern.callback
    initkwargs = getattr(callback, "view_initkwargs", None) or getattr(callback, "initkwargs", {})
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    return initkwargs.get("model") or getattr(view_class, "model", None)


# --- the values ---------------------------------------------------------------------------


def scenarios(ld):
    """Sets of parameter values that belong together: one per Lâm Đồng object."""
    rows = []
    for page, destination in [
        (ld.live, ld.own_province),
        (ld.never, ld.province),
        (ld.live_en, ld.own_province.get_translation(ld.live_en.locale)),
        (ld.never_en, ld.province),
    ]:
        rows.append(_page_scenario(page, destination))
    rows.append(
        {
            "app_label": "products",
            "model_name": "producer",
            "pk": ld.producer.pk,
            "object_id": ld.producer.pk,
        }
    )
    return rows


def _page_scenario(page, destination):
    revision = page.latest_revision
    source = TranslationSource.objects.get_for_instance_or_none(page) or _source_of(page)
    translation = source and Translation.objects.filter(source=source).first()
    workflow_state = WorkflowState.objects.for_instance(page).first()
    task_state = workflow_state and workflow_state.current_task_state
    page_id = page.pk
    return {
        "page_id": page_id,
        "parent_page_id": page_id,
        "page_to_move_id": page_id,
        "page_pk": page_id,
        "pk": page_id,
        "object_id": page_id,
        "destination_id": destination.pk,
        "revision_id": revision.pk,
        "revision_id_a": ["live", "earliest"],
        "revision_id_b": [revision.pk, "latest"],
        "app_label": ["wagtailcore", "products"],
        "model_name": ["page", "productpage"],
        "content_type_app_name": "products",
        "content_type_model_name": "productpage",
        "action": sorted(_bulk_actions()),
        "action_name": ["approve", "reject"],
        "task_state_id": task_state.pk if task_state else 1,
        "workflow_state_id": workflow_state.pk if workflow_state else 1,
        "task_id": task_state.task_id if task_state else 1,
        "translation_source_id": source.pk if source else 1,
        "translation_id": translation.pk if translation else 1,
        "string_segment_id": _first(StringSegment, source),
        "overridable_segment_id": _first(OverridableSegment, source),
    }


def _source_of(page):
    """A translated page's source: the Vietnamese page it was translated from."""
    return TranslationSource.objects.filter(object_id=page.translation_key).first()


def _first(segment_model, source):
    segment = segment_model.objects.filter(source=source).first() if source else None
    return segment.pk if segment else 1


def _bulk_actions():
    """Every bulk action on pages, from Wagtail's registry (which finds them on first use)."""
    actions = bulk_action_registry.get_bulk_actions_for_model("wagtailcore", "page")
    return {action.action_type for action in actions}


def by_name(ld):
    """Values for parameters no scenario names, by name."""
    return {
        "collection_id": ld.image.collection_id,
        "image_id": ld.image.pk,
        "document_id": ld.document.pk,
        "doc_id": ld.document.pk,
        "mode": "x",
        "filter_spec": "original",
        "app_name": "products",
    }


def by_model(ld, model):
    """Values for `pk` when the view says which model it serves."""
    if not isinstance(model, type) or issubclass(model, Page):
        return None
    known = {
        Producer: ld.producer.pk,
        Image: ld.image.pk,
        Document: ld.document.pk,
        Collection: ld.image.collection_id,
        Group: ld.editor.groups.get().pk,
        type(ld.editor): ld.editor.pk,
    }
    if model in known:
        return known[model]
    first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return first if first is not None else 1


def urls_for(pieces, pattern, ld, rows):
    """The addresses of one pattern: each of the scenario `rows`, its lists expanded."""
    names = parameter_names(pieces)
    if not names:
        return [build_url(pieces, {})]
    urls = []
    for scenario in rows:
        values = {**by_name(ld), **scenario}
        model_pk = by_model(ld, view_model(pattern))
        if model_pk is not None:
            values["pk"] = model_pk
        choices = [_as_list(values.get(name, "x")) for name in names]
        for combination in itertools.product(*choices):
            url = build_url(pieces, dict(zip(names, combination, strict=True)))
            if url not in urls:
                urls.append(url)
    return urls


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _resolves(url):
    try:
        resolve(url)
    except Resolver404:
        return False
    return True


def queries(ld, url):
    """Each address is fetched plainly, with a search, and with the pages as (bulk) ids."""
    ids = "&".join(f"id={page.pk}" for page in (ld.live, ld.never, ld.live_en, ld.never_en))
    found = ["", f"?q=Thanh+long&{ids}"]  # "Thanh long" finds both Lâm Đồng pages
    if url.startswith("/admin/bulk/"):
        found.append(f"?id=all&childOf={ld.province.pk}")
    if url.startswith("/admin/api/"):  # the admin API refuses parameters it does not know
        found[1:] = [f"?child_of={ld.province.pk}", "?search=Thanh+long"]
    return found


# --- what must not change -----------------------------------------------------------------


def quick_state():
    """What a GET is most likely to change, checked after every address (in two queries):
    the pages, and how many revisions, reviews, translations, logs, snippets and media."""
    pages = list(
        Page.objects.order_by("pk").values_list(
            "pk", "title", "draft_title", "live", "latest_revision_id", "locked", "path"
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(COUNTS)
        return pages, cursor.fetchone()


COUNTED = (Revision, WorkflowState, TaskState, Translation, TranslationSource, PageLogEntry)
COUNTS = "SELECT " + ", ".join(
    f"(SELECT COUNT(*) FROM {model._meta.db_table})"
    for model in (*COUNTED, Producer, Image, Document)
)


def every_row():
    """Every row of every table, compared once before and after the walk, but for the
    visitor's own bookkeeping."""
    rows = {}
    for model in apps.get_models():
        if model in BOOKKEEPING or not model._meta.managed or model._meta.proxy:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in IGNORED]
        rows[model._meta.label] = list(model._base_manager.order_by("pk").values_list(*fields))
    return rows


# --- the walk -----------------------------------------------------------------------------


@dataclass
class Walk:
    """What the walk found. `state` is the last quick_state(), to compare the next with."""

    state: tuple
    patterns: int = 0
    requests: int = 0
    errors: list = field(default_factory=list)
    leaks: list = field(default_factory=list)
    changes: list = field(default_factory=list)


def visit(client, user, url, walk):
    if not client.cookies.get("sessionid") or not client.cookies["sessionid"].value:
        client.force_login(user)  # the walk passed the logout address
    walk.requests += 1
    response = client.get(url)
    if response.status_code >= 500:
        walk.errors.append(f"{url}: {response.status_code}")
    body = b"".join(response) if response.streaming else response.content
    body += "".join(_messages_added(response)).encode() + response.get("Location", "").encode()
    found = [secret for secret in SECRETS if secret.encode() in body]
    if found:
        walk.leaks.append(f"{url}: {_around(body, found[0])}")
    state = quick_state()
    if state != walk.state:
        walk.changes.append(url)
        walk.state = state


def _messages_added(response):
    """The messages this request left for the next page, which it shows and forgets: the
    next address would otherwise be blamed for them."""
    client_cookies = response.client.cookies
    client_cookies.pop("messages", None)
    storage = getattr(response.wsgi_request, "_messages", None)
    return [str(message) for message in getattr(storage, "_queued_messages", [])]


def _around(body, secret):
    """The secret with what precedes it, to tell where the page shows it."""
    at = body.index(secret.encode())
    return " ".join(body[max(0, at - 100) : at + 30].decode("utf-8", "replace").split())


def test_every_admin_url_keeps_other_provinces_drafts_secret(
    client, lam_dong, thai_nguyen_editor, capsys
):
    client.raise_request_exception = False  # a failing view is reported with the others
    client.force_login(thai_nguyen_editor)
    rows_before = every_row()
    walk = Walk(state=quick_state())
    rows = scenarios(lam_dong)
    for pieces, pattern in admin_patterns():
        urls = [url for url in urls_for(pieces, pattern, lam_dong, rows) if _resolves(url)]
        walk.patterns += bool(urls)
        for url in urls:
            for query in queries(lam_dong, url):
                visit(client, thai_nguyen_editor, url + query, walk)
    rows_after = every_row()
    changed = [label for label, rows in rows_before.items() if rows_after[label] != rows]
    with capsys.disabled():
        print(f"\nadmin URL patterns visited: {walk.patterns} ({walk.requests} requests)")
    assert walk.patterns >= AT_LEAST
    assert not walk.errors, "answered 500:\n" + "\n".join(walk.errors)
    assert not walk.leaks, "showed Lâm Đồng's secrets:\n" + "\n".join(walk.leaks)
    assert not walk.changes, "changed something on GET:\n" + "\n".join(walk.changes)
    assert not changed, f"tables changed by the walk: {changed}"


# --- what each one still sees -------------------------------------------------------------


@pytest.fixture
def reviewer(django_user_model, lam_dong):
    reviewers, _groups = sync_groups()
    user = django_user_model.objects.create_user("review", "review@example.org", "pw")
    user.groups.add(reviewers)
    return user


def _text(client, url):
    """The page, or the JSON answer with its escaped characters read."""
    response = client.get(url)
    assert response.status_code == 200, url
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _unpublished_page(user):
    """What the admin shows, in `user`'s language, for a page they may not see."""
    with translation.override(admin_language(user)):
        return gettext("Unpublished page")


def test_other_provinces_see_the_live_title_and_nothing_unpublished(
    client, lam_dong, thai_nguyen_editor
):
    client.force_login(thai_nguyen_editor)
    unpublished = _unpublished_page(thai_nguyen_editor)
    search = client.get("/admin/choose-page/search/?q=Thanh+long").content.decode()
    assert "Thanh long ruột đỏ Bình Thuận" in search  # linking to it stays possible
    assert "ZQ_" not in search and unpublished not in search
    browse = client.get(f"/admin/choose-page/{lam_dong.province.pk}/").content.decode()
    assert "Thanh long ru" in browse and "ZQ_" not in browse
    assert client.get(f"/admin/choose-page/{lam_dong.never.pk}/").status_code == 404
    ids = f"id={lam_dong.live.pk}&id={lam_dong.never.pk}"
    refused = client.get(f"/admin/bulk/wagtailcore/page/delete/?{ids}").content.decode()
    assert "Thanh long ruột đỏ Bình Thuận" in refused and "ZQ_" not in refused
    assert unpublished not in refused
    explorer = client.get(f"/admin/pages/{lam_dong.never.pk}/").content.decode()
    assert unpublished in explorer and "ZQ_" not in explorer
    move = f"/admin/pages/{lam_dong.live.pk}/move/{lam_dong.own_province.pk}/confirm/"
    assert client.get(move)["Location"] == "/admin/"  # the admin's "permission denied"


def test_the_province_and_the_reviewers_still_see_its_drafts(client, lam_dong, reviewer):
    for user in (lam_dong.editor, reviewer):
        client.force_login(user)
        search = client.get("/admin/choose-page/search/?q=Thanh+long").content.decode()
        assert "ZQ_DRAFT" in search and "ZQ_NEVER" in search
        explorer = client.get(f"/admin/pages/{lam_dong.province.pk}/").content.decode()
        assert "ZQ_PROVINCE" in explorer and "ZQ_DRAFT" in explorer and "ZQ_NEVER" in explorer


def test_producers_are_offered_to_their_own_province_only(
    client, lam_dong, thai_nguyen_editor, reviewer
):
    chooser = "/admin/snippets/choose/products/producer/"
    api = "/admin/localize/api/snippets/products/producer/"
    client.force_login(thai_nguyen_editor)
    for url in (chooser, api):
        offered = _text(client, url)
        assert "HTX Chè Tân Hương" in offered and "ZQ_PRODUCER" not in offered
    assert client.get(f"{chooser}chosen/{lam_dong.producer.pk}/").status_code == 404
    assert client.get(f"{api}{lam_dong.producer.pk}/").status_code == 404
    client.force_login(reviewer)
    for url in (chooser, api):
        offered = _text(client, url)
        assert "HTX Chè Tân Hương" in offered and "ZQ_PRODUCER" in offered


def test_wagtails_deliberate_error_page_is_for_superusers_only(client, django_user_model):
    editor = _user(django_user_model, "tn-fail", "Thái Nguyên")
    client.force_login(editor)
    assert client.get("/admin/failwhale/").status_code == 404


def test_a_bad_page_id_in_the_chooser_is_a_400_not_a_500(client, django_user_model):
    client.force_login(_user(django_user_model, "tn-ids", "Thái Nguyên"))
    assert client.get("/admin/choose-page/chosen-multiple/?id=abc").status_code == 400
    tea = ProductPage.objects.filter(live=True).first()
    assert client.get(f"/admin/choose-page/chosen-multiple/?id={tea.pk}").status_code == 200


def test_the_chooser_answers_only_for_pages_the_editor_may_see(
    client, thai_nguyen_editor, lam_dong
):
    """Its answer carries the page's address, whose slug spells a draft's title."""
    client.force_login(thai_nguyen_editor)
    url = f"/admin/choose-page/chosen-multiple/?id={lam_dong.never.pk}&id={lam_dong.live.pk}"
    result = client.get(url).json()["result"]
    assert [page["id"] for page in result] == [lam_dong.live.pk]
