"""Producers are kept by their province: Thái Nguyên's editors add and edit Thái Nguyên's
producers and never Lâm Đồng's, what they change waits for a central reviewer, and the
public sees a producer only once it is approved.

Thái Nguyên's producer is "HTX Chè Tân Hương" (T-002, Chè Tân Cương); Lâm Đồng's is
"HTX Thanh long Hàm Thuận Nam" (T-003, Bình Thuận's dragon fruit).
"""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale, WorkflowState

from editorial.groups import sync_groups
from products.models import Commodity, Producer, ProductPage
from regions.models import EditorsTeam, ProvincePage
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

OWN = "HTX Chè Tân Hương"
OTHER = "HTX Thanh long Hàm Thuận Nam"
URLS = "wagtailsnippets_products_producer"
LIST = reverse(f"{URLS}:list")
ADD = reverse(f"{URLS}:add")


def _province(title):
    return ProvincePage.objects.get(locale=Locale.get_default(), title=title)


def _user(django_user_model, name, group=None, **extra):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw", **extra)
    if group is not None:
        user.groups.add(group)
    return user


@pytest.fixture
def people(django_user_model):
    reviewers, _groups = sync_groups()

    def team(title):
        return EditorsTeam.objects.get(province=_province(title)).group

    return {
        "thai_nguyen": _user(django_user_model, "tn", team("Thái Nguyên")),
        "thai_nguyen_2": _user(django_user_model, "tn2", team("Thái Nguyên")),
        "lam_dong": _user(django_user_model, "ld", team("Lâm Đồng")),
        "reviewer": _user(django_user_model, "review", reviewers),
    }


def _producer(name):
    return Producer.objects.get(name=name)


def _product(ref, language="vi"):
    return ProductPage.objects.get(import_ref=ref, locale__language_code=language)


def _save(client, url, changes, action=None):
    """Post the admin form at `url` as a browser would, with `changes` and the button."""
    data = form_data(client.get(url).content.decode(), "w-editor-form")
    data.update(changes)
    if action:
        data[f"action-{action}"] = "1"
    return client.post(url, data)


def _approve(client, producer):
    producer.refresh_from_db()
    task_state = producer.current_workflow_state.current_task_state
    url = reverse(f"{URLS}:workflow_action", args=[producer.pk, "approve", task_state.pk])
    return client.post(url, {"comment": ""})


def _public(url):
    return Client().get(url).content.decode()


# --- a province's producers, and no other's ---------------------------------------------


def test_the_list_shows_the_editors_own_producers_and_the_reviewers_all(client, people):
    client.force_login(people["thai_nguyen"])
    html = client.get(LIST).content.decode()
    assert OWN in html and OTHER not in html
    client.force_login(people["reviewer"])
    html = client.get(LIST).content.decode()
    assert OWN in html and OTHER in html


@pytest.mark.parametrize(
    "view",
    ["edit", "delete", "usage", "history", "unpublish", "lock", "unlock", "workflow_history"],
)
def test_another_provinces_producer_typed_by_hand_is_not_found(client, people, view):
    client.force_login(people["thai_nguyen"])
    other = _producer(OTHER)
    url = reverse(f"{URLS}:{view}", args=[other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Đổi tên"}).status_code == 404
    assert _producer(OTHER).name == OTHER


def test_a_made_up_producer_id_is_not_found(client, people):
    client.force_login(people["thai_nguyen"])
    assert client.get(f"{LIST}edit/abc/").status_code == 404


def test_the_province_offered_is_the_editors_own(client, people):
    client.force_login(people["thai_nguyen"])
    html = client.get(ADD).content.decode()
    options = BeautifulSoup(html, "html.parser").select("select#id_province option")
    offered = {option["value"] for option in options} - {""}
    assert offered == {str(_province("Thái Nguyên").pk)}

    response = _save(
        client,
        ADD,
        {
            "name": "HTX Mới Lâm Đồng",
            "producer_type": "cooperative",
            "province": _province("Lâm Đồng").pk,
        },
    )
    assert response.status_code == 200  # the form again, with its error
    assert response.context["form"].errors["province"]
    assert not Producer.objects.filter(name="HTX Mới Lâm Đồng").exists()


def _chooser(client, url, **params):
    """The chooser's HTML (it answers in JSON)."""
    return client.get(url, params).json()["html"]


def test_the_chooser_offers_neither_another_provinces_producers(client, people):
    client.force_login(people["thai_nguyen"])
    offered = _chooser(client, "/admin/snippets/choose/products/producer/")
    assert OWN in offered and OTHER not in offered
    chosen = f"/admin/snippets/choose/products/producer/chosen/{_producer(OTHER).pk}/"
    assert client.get(chosen).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/choose/products/producer/chosen/abc/",
        "/admin/snippets/choose/products/producer/chosen-multiple/?id=abc",
        "/admin/bulk/products/producer/delete/?id=abc",
    ],
)
def test_an_id_that_is_no_number_is_not_found_not_a_crash(client, people, url):
    # Found in review: each raised ValueError (a 500).
    client.force_login(people["reviewer"])
    response = client.get(url)
    assert response.status_code in (200, 404)
    if response.status_code == 200:  # the multiple chooser answers with nothing chosen
        assert response.json()["result"] == []


# --- drafts wait for the review -----------------------------------------------------------


def test_a_new_producer_is_a_draft_until_a_reviewer_approves_it(client, people):
    client.force_login(people["thai_nguyen"])
    new = {
        "name": "HTX Chè Hảo Đạt",
        "name_en": "Hao Dat Tea Cooperative",
        "producer_type": "cooperative",
        "province": _province("Thái Nguyên").pk,
        "year_established": "2012",
        "phone": "+84 208 385 1234",
        "description_vi": "Chè búp sao tay.",
        "description_en": "Hand-fired tea buds.",
    }
    _save(client, ADD, new, action="publish")  # not theirs to do: kept as a draft
    producer = _producer("HTX Chè Hảo Đạt")
    assert not producer.live and producer.year_established == 2012

    _save(client, reverse(f"{URLS}:edit", args=[producer.pk]), {}, action="submit")
    producer.refresh_from_db()
    assert producer.workflow_in_progress and not producer.live
    assert [message.to for message in mail.outbox] == [["review@example.org"]]

    assert _approve(client, producer).status_code in (302, 403, 404)  # not the editor's
    producer.refresh_from_db()
    assert not producer.live

    client.force_login(people["reviewer"])
    _approve(client, producer)
    producer.refresh_from_db()
    assert producer.live and not producer.workflow_in_progress


def test_an_editors_change_shows_only_once_approved(client, people, certificates_in_force):
    tea, tea_en = _product("T-002"), _product("T-002", "en")
    own = _producer(OWN)
    client.force_login(people["thai_nguyen"])
    edit = reverse(f"{URLS}:edit", args=[own.pk])
    _save(
        client,
        edit,
        {"name": "HTX Chè Tân Hương Thái Nguyên", "phone": "+84 912 000 111"},
        "submit",
    )

    own.refresh_from_db()
    assert own.name == OWN and own.live and own.has_unpublished_changes
    for page in (tea, tea_en):
        html = _public(page.url)
        assert OWN in html and "Tân Hương Thái Nguyên" not in html and "912 000 111" not in html
    api = Client().get("/api/v1/products/search", {"q": "Tan Cuong", "lang": "vi"}).json()
    assert {item["producer"]["name"] for item in api["results"]} == {OWN}

    client.force_login(people["reviewer"])
    _approve(client, own)
    for page in (tea, tea_en):
        html = _public(page.url)
        assert "HTX Chè Tân Hương Thái Nguyên" in html and "+84 912 000 111" in html


def test_a_producer_never_approved_is_not_shown_to_buyers(client, certificates_in_force):
    draft = Producer.objects.create(
        name="ZQ_UNAPPROVED HTX chưa duyệt",
        producer_type="household",
        province=_province("Thái Nguyên"),
        phone="+84 999 999 999",
        live=False,
    )
    ProductPage.objects.filter(import_ref="T-002").update(producer=draft)
    for page in (_product("T-002"), _product("T-002", "en")):
        html = _public(page.url)
        assert "ZQ_UNAPPROVED" not in html and "999 999 999" not in html
    api = Client().get("/api/v1/products/search", {"q": "Tan Cuong", "lang": "en"}).json()
    assert [item["producer"] for item in api["results"]] == [None]
    assert "ZQ_UNAPPROVED" not in _public("/vi/")


def test_an_editor_cannot_publish_nor_delete_a_producer(client, people):
    client.force_login(people["thai_nguyen"])
    own = _producer(OWN)
    html = client.get(reverse(f"{URLS}:edit", args=[own.pk])).content.decode()
    assert 'name="action-publish"' not in html and 'name="action-submit"' in html
    assert client.post(reverse(f"{URLS}:delete", args=[own.pk])).status_code in (302, 403)
    assert Producer.objects.filter(pk=own.pk).exists()
    bulk = client.get("/admin/bulk/products/producer/delete/?id=all").content.decode()
    assert OTHER not in bulk


def test_a_rejection_reaches_the_producers_province_team(client, people):
    client.force_login(people["thai_nguyen"])
    own = _producer(OWN)
    _save(client, reverse(f"{URLS}:edit", args=[own.pk]), {"phone": "+84 912 000 222"}, "submit")
    own.refresh_from_db()
    task_state = own.current_workflow_state.current_task_state
    mail.outbox.clear()
    client.force_login(people["reviewer"])
    client.post(
        reverse(f"{URLS}:workflow_action", args=[own.pk, "reject", task_state.pk]),
        {"comment": "Số điện thoại chưa đúng"},
    )
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["tn2@example.org", "tn@example.org"]
    assert _producer(OWN).phone != "+84 912 000 222"


def test_reports_do_not_name_another_provinces_producer_in_review(client, people):
    client.force_login(people["lam_dong"])
    _save(
        client,
        ADD,
        {
            "name": "ZQ_LAMDONG HTX chưa duyệt",
            "producer_type": "household",
            "province": _province("Lâm Đồng").pk,
        },
        action="submit",
    )
    assert WorkflowState.objects.filter(
        object_id=str(_producer("ZQ_LAMDONG HTX chưa duyệt").pk)
    ).exists()
    client = Client()  # without the messages left for Lâm Đồng's editor
    client.force_login(people["thai_nguyen"])
    for url in (
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/site-history/",
        "/admin/",
    ):
        assert "ZQ_LAMDONG" not in client.get(url).content.decode(), url


# --- the form ---------------------------------------------------------------------------


def test_a_year_to_come_and_a_phone_in_words_are_refused(client, people):
    client.force_login(people["thai_nguyen"])
    own = _producer(OWN)
    response = _save(
        client,
        reverse(f"{URLS}:edit", args=[own.pk]),
        {"year_established": "2999", "phone": "gọi cho chị Hoa"},
    )
    errors = response.context["form"].errors
    assert set(errors) >= {"year_established", "phone"}
    assert _producer(OWN).year_established is None


def test_the_form_explains_its_fields_in_vietnamese(client, people):
    client.force_login(people["thai_nguyen"])
    html = client.get(ADD).content.decode()
    assert "mã quốc gia" in html  # the phone: with the country code
    assert "người mua nước ngoài" in html  # what the English trading name is for


def test_the_producers_record_lists_its_products(client, people):
    client.force_login(people["thai_nguyen"])
    tea = _product("T-002")
    html = client.get(reverse(f"{URLS}:edit", args=[_producer(OWN).pk])).content.decode()
    assert tea.title in html
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[tea.pk])}"' in html


# --- finding producers, commodities and certifications ----------------------------------


@pytest.mark.parametrize("typed", ["Chè", "chè", "che", "CHÈ"])
def test_the_commodity_chooser_finds_che_in_one_step(client, people, typed):
    client.force_login(people["thai_nguyen"])
    html = _chooser(client, "/admin/snippets/choose/products/commodity/", q=typed)
    tea = Commodity.objects.get(name_vi="Chè")
    chosen = reverse("wagtailsnippetchoosers_products_commodity:chosen", args=[tea.pk])
    assert chosen in html
    assert html.count("/admin/snippets/choose/products/commodity/chosen/") < 5  # not all 42


def test_the_certification_chooser_and_the_lists_search(client, people, django_user_model):
    client.force_login(people["reviewer"])
    html = _chooser(client, "/admin/snippets/choose/products/certification/", q="vietgap")
    assert "VietGAP" in html
    producers = client.get(LIST, {"q": "tan huong"}).content.decode()
    assert OWN in producers and OTHER not in producers
    client.force_login(_user(django_user_model, "boss", is_superuser=True))
    listing = client.get(reverse("wagtailsnippets_products_commodity:list"), {"q": "che"})
    assert "Chè" in listing.content.decode() and "Cà phê" not in listing.content.decode()


def test_the_producer_chooser_filters_by_province(client, people):
    client.force_login(people["reviewer"])
    chooser = "/admin/snippets/choose/products/producer/results/"
    html = client.get(chooser, {"province": _province("Lâm Đồng").pk}).content.decode()
    assert OTHER in html and OWN not in html
    html = client.get(chooser, {"q": "thanh long ham thuan"}).content.decode()
    assert OTHER in html and OWN not in html
    assert client.get(chooser, {"province": "abc"}).status_code == 200


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_producer_list_costs_the_same_queries_for_more_producers(client, people):
    client.force_login(people["reviewer"])
    client.get(LIST)  # the first visit fills the caches every visit then reuses
    chooser = "/admin/snippets/choose/products/producer/"
    before = _queries(client, LIST), _queries(client, chooser)
    provinces = list(ProvincePage.objects.filter(locale=Locale.get_default())[:5])
    for number in range(12):
        producer = Producer.objects.create(
            name=f"HTX số {number}", producer_type="household", province=provinces[number % 5]
        )
        if number % 3 == 0:
            producer.save_revision(user=people["thai_nguyen"])
    assert (_queries(client, LIST), _queries(client, chooser)) == before
