"""An editor's import changes nothing the public sees before a reviewer approves it:
not the producers and commodities other products share, not the English a sheet does not
give; and the preview says what an update will change."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from editorial.groups import sync_groups
from products.models import Commodity, Producer, ProductImport, ProductPage
from regions.models import EditorsTeam
from tests.test_admin_import import _admin_language, _csv, _upload
from tests.test_permissions import _province, _user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewers():
    return sync_groups()[0]


@pytest.fixture
def editor(client, django_user_model, reviewers):
    """A Thái Nguyên editor whose admin is in English."""
    team = EditorsTeam.objects.get(province=_province("Thái Nguyên"))
    user = _user(django_user_model, "tn", team.group)
    client.force_login(_admin_language(user, "en"))
    return user


@pytest.fixture
def reviewer(django_user_model, reviewers):
    return _admin_language(_user(django_user_model, "kd", reviewers), "en")


@pytest.fixture
def tea_row(fixture_rows):
    """T-002, Thái Nguyên's tea, as tests/data has it: {column: cell}."""
    return dict(zip(fixture_rows[0], fixture_rows[2], strict=True))


def _sheet(*rows):
    header = list(rows[0])
    return _csv([header] + [[row[column] for column in header] for row in rows])


def _new_tea(tea_row, ref="TN-201", **cells):
    return tea_row | {"ref": ref, "name_vi": f"Chè {ref}", "name_en": f"Tea {ref}"} | cells


def _confirm(client, **data):
    record = ProductImport.objects.latest("uploaded_at")
    return client.post(reverse("product_import:confirm", args=[record.pk]), data)


def _approve(client, reviewer, ref):
    page = ProductPage.objects.get(import_ref=ref, locale__language_code="vi")
    task_state = page.current_workflow_state.current_task_state
    client.force_login(reviewer)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
    )


def _table(html, table_id):
    rows = BeautifulSoup(html, "html.parser").select(f"#{table_id} tbody tr")
    return [[cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in rows]


def test_an_editors_import_cannot_change_a_shared_producers_type(client, editor, tea_row):
    """A new product of the tea cooperative, calling it an enterprise: the cooperative's
    live products would show the new type at once, so the row is refused."""
    producer = Producer.objects.get(name="HTX Chè Tân Hương")
    html = _upload(client, _sheet(_new_tea(tea_row, producer_type="enterprise"))).content.decode()
    errors = _table(html, "import-errors")
    assert [error[:2] for error in errors] == [["2", "producer_type"]]
    assert "HTX Chè Tân Hương" in errors[0][2] and "cooperative" in errors[0][2]
    assert "central reviewer" in errors[0][2]
    html = _confirm(client, submit_for_review="1").content.decode()
    assert _table(html, "import-errors")[0][:2] == ["2", "producer_type"]
    producer.refresh_from_db()
    assert producer.producer_type == Producer.Type.COOPERATIVE
    assert not ProductPage.objects.filter(import_ref="TN-201").exists()


def test_an_editor_may_name_a_producer_as_it_is_or_a_new_one(client, editor, tea_row):
    rows = [_new_tea(tea_row), _new_tea(tea_row, "TN-202", producer="HTX Chè Mới")]
    html = _upload(client, _sheet(*rows)).content.decode()
    assert 'id="import-errors"' not in html
    _confirm(client, submit_for_review="1")
    assert Producer.objects.get(name="HTX Chè Mới").producer_type == Producer.Type.COOPERATIVE
    assert ProductPage.objects.filter(import_ref__in=["TN-201", "TN-202"]).count() == 4


def test_an_editors_import_cannot_create_a_commodity(client, editor, tea_row):
    """The sheet names a commodity in one language only: a new one would be public at once
    (the inquiry form lists every commodity) with its Vietnamese name as English. ("Miến
    khoai": "miến dong" is now an alias of Miến và bún khô, products/data/commodity_aliases.csv.)"""
    commodities = Commodity.objects.count()
    sheet = _sheet(
        _new_tea(tea_row, commodity="Tea"), _new_tea(tea_row, "TN-202", commodity="Miến khoai")
    )
    html = _upload(client, sheet).content.decode()
    errors = _table(html, "import-errors")
    assert [error[:2] for error in errors] == [["3", "commodity"]]
    assert "Miến khoai" in errors[0][2] and "Miến và bún khô" in errors[0][2]  # the close one
    _confirm(client, submit_for_review="1")
    assert Commodity.objects.count() == commodities
    assert not ProductPage.objects.filter(import_ref__startswith="TN-").exists()


def test_a_reviewers_preview_flags_a_new_commodity_close_to_an_existing_one(
    client, reviewer, tea_row
):
    client.force_login(reviewer)
    html = _upload(client, _sheet(_new_tea(tea_row, commodity="Miến khoai"))).content.decode()
    assert 'id="import-errors"' not in html
    warnings = _table(html, "import-warnings")
    assert [warning[:2] for warning in warnings] == [["2", "commodity"]]
    assert "Miến khoai" in warnings[0][2] and "Miến và bún khô" in warnings[0][2]
    _confirm(client)
    assert Commodity.objects.filter(name_vi="Miến khoai").exists()  # reviewers still may


def test_the_preview_shows_each_field_an_update_changes(client, editor, tea_row):
    sheet = _sheet(tea_row | {"stars": "4", "packaging": "Hộp thiếc 200 g"})
    html = _upload(client, sheet).content.decode()
    changes = BeautifulSoup(html, "html.parser").select("#import-changes .import-fields li")
    texts = [item.get_text(" ", strip=True) for item in changes]
    assert "stars: 5 → 4" in texts
    assert "packaging: 200 g tin → Hộp thiếc 200 g" in texts
    assert "packaging: the English page keeps '200 g tin'" in " ".join(texts)  # see below
    assert len(texts) == 3  # the columns left as they are are not listed


def test_an_update_keeps_the_english_packaging_the_sheet_does_not_give(
    client, editor, reviewer, tea_row
):
    """The sheet has one packaging column, read as Vietnamese: the English page keeps its
    packaging instead of taking the Vietnamese text."""
    english = ProductPage.objects.get(import_ref="T-002", locale__language_code="en")
    assert english.packaging == "200 g tin"
    _upload(client, _sheet(tea_row | {"packaging": "Hộp thiếc 200 g", "stars": "4"}))
    _confirm(client, submit_for_review="1")
    _approve(client, reviewer, "T-002")
    vietnamese = ProductPage.objects.get(import_ref="T-002", locale__language_code="vi")
    english.refresh_from_db()
    assert (vietnamese.packaging, vietnamese.ocop_stars) == ("Hộp thiếc 200 g", 4)
    assert (english.packaging, english.ocop_stars) == ("200 g tin", 4)


def test_an_editor_of_two_provinces_cannot_move_a_live_product(client, editor, tea_row):
    """Moving changes the product's public address at once, so a reviewer does it."""
    editor.groups.add(EditorsTeam.objects.get(province=_province("Lâm Đồng")).group)
    html = _upload(client, _sheet(tea_row | {"province": "Lâm Đồng"})).content.decode()
    errors = _table(html, "import-errors")
    assert [error[:2] for error in errors] == [["2", "province"]]
    assert "Thái Nguyên" in errors[0][2] and "central reviewer" in errors[0][2]
    _confirm(client, submit_for_review="1")
    tea = ProductPage.objects.get(import_ref="T-002", locale__language_code="vi")
    assert tea.get_parent().specific.title == "Thái Nguyên"
