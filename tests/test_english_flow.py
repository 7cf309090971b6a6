"""The English version as an editor and the reviewer go through it (editorial/english_flow.py):
the next step after saving the Vietnamese, the side-by-side view before approving, and the
sync a provincial editor may not stop."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import reverse
from wagtail_localize.models import Translation, TranslationSource

from editorial.english_flow import next_step
from tests import test_editorial
from tests.test_editorial import new_product, product, province

pytestmark = pytest.mark.django_db

people = test_editorial.people  # the fixture: editors of two provinces, a reviewer


def saved_by(user, page):
    """The messages an editor sees after saving `page`."""
    request = RequestFactory().post("/admin/")
    request.user, request.session = user, SessionStore()
    request._messages = FallbackStorage(request)
    next_step(request, page)
    return [(str(m), m.extra_tags) for m in get_messages(request)]


def test_after_saving_a_vietnamese_page_without_english_the_next_step_is_to_translate(people):
    melon = new_product(province("thai-nguyen"), "Dưa hấu Phú Bình")
    [(text, _tags)] = saved_by(people["thai_nguyen"], melon)
    assert "Dịch sang tiếng Anh" in text  # the admin in Vietnamese, as the request is
    submit = reverse("wagtail_localize:submit_page_translation", args=[melon.pk])
    assert f"{submit}?select_locale=en" in text  # English ticked: one click to go on


def test_once_the_english_exists_the_next_step_is_to_check_it(people, en):
    tea = product("T-002")
    [(text, _tags)] = saved_by(people["thai_nguyen"], tea)
    assert "Sửa bản tiếng Anh" in text
    assert reverse("wagtailadmin_pages:edit", args=[tea.get_translation(en).pk]) in text


def test_saving_the_english_page_itself_says_nothing(people):
    assert saved_by(people["thai_nguyen"], product("T-002", "en")) == []


def test_the_reviewer_sees_vietnamese_and_english_side_by_side(client, people):
    tea = product("T-002")
    client.force_login(people["reviewer"])
    response = client.get(reverse("editorial_compare", args=[tea.pk]))
    assert response.status_code == 200
    rows = {row.label: row for row in response.context["rows"]}
    assert rows["Title"].vietnamese == tea.title
    assert rows["Title"].english == product("T-002", "en").title
    assert response.context["missing"] == 0
    assert 'id="side-by-side"' in response.content.decode()


def test_an_untranslated_change_is_marked_as_what_keeps_the_english_back(client, people):
    tea = product("T-002")
    tea.packaging = "Hộp giấy 100 g, mới"
    tea.save_revision()
    client.force_login(people["reviewer"])
    response = client.get(reverse("editorial_compare", args=[tea.pk]))
    rows = {row.label: row for row in response.context["rows"]}
    assert rows["Packaging"].english is None
    assert response.context["missing"] == 1
    assert "Not translated" in response.content.decode()


def test_another_provinces_editor_cannot_compare(client, people):
    client.force_login(people["lam_dong"])
    response = client.get(reverse("editorial_compare", args=[product("T-002").pk]))
    assert response.status_code in (302, 403)
    assert "rows" not in (response.context or {})


def test_a_provincial_editor_cannot_stop_the_sync(client, people):
    tea = product("T-002")
    source = TranslationSource.objects.get(object_id=tea.translation_key, locale=tea.locale)
    translation = Translation.objects.get(source=source)
    client.force_login(people["thai_nguyen"])
    client.post(f"/admin/localize/translate/{translation.pk}/disable/")
    translation.refresh_from_db()
    assert translation.enabled
    english = product("T-002", "en")
    editor_view = client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    assert "admin-translation-editor.css" in editor_view.content.decode()


def test_the_reviewer_may_stop_it(client, people):
    tea = product("T-002")
    translation = Translation.objects.get(source__object_id=tea.translation_key)
    client.force_login(people["reviewer"])
    english = product("T-002", "en")
    editor_view = client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    assert "admin-translation-editor.css" not in editor_view.content.decode()
    client.post(f"/admin/localize/translate/{translation.pk}/disable/")
    translation.refresh_from_db()
    assert not translation.enabled
