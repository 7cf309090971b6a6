"""The review cannot be bypassed: what a provincial editor may not publish stays as it is,
whichever admin view they use. Thái Nguyên's editor (no publish right) is the actor."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import Translation

from editorial.groups import sync_groups
from products.models import ProductPage
from regions.models import EditorsTeam, ProvincePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model):
    reviewers, _groups = sync_groups()
    team = EditorsTeam.objects.get(
        province=ProvincePage.objects.get(locale=Locale.get_default(), title="Thái Nguyên")
    )
    editor = django_user_model.objects.create_user("tn", "tn@example.org", "pw")
    editor.groups.add(team.group)
    reviewer = django_user_model.objects.create_user("review", "review@example.org", "pw")
    reviewer.groups.add(reviewers)
    return {"editor": editor, "reviewer": reviewer}


def refused(response):
    """The admin answers a refused action with a 403, or a redirect to its dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


@pytest.fixture
def english_tea(en):
    return ProductPage.objects.get(import_ref="T-002", locale=en)


def test_an_editor_cannot_convert_a_live_english_page_to_an_alias(client, people, english_tea):
    client.force_login(people["editor"])
    title = english_tea.title
    edit = client.get(f"/admin/pages/{english_tea.pk}/edit/")
    assert edit.status_code == 200
    assert "localize-convert-to-alias" not in edit.content.decode()
    url = f"/admin/localize/page/{english_tea.pk}/convert_to_alias/"
    assert refused(client.get(url))
    assert refused(client.post(url))
    english_tea.refresh_from_db()
    assert english_tea.alias_of_id is None and english_tea.title == title
    assert Translation.objects.filter(
        target_locale=english_tea.locale, source__object_id=english_tea.translation_key
    ).exists()
    assert client.get(english_tea.url).content.decode().count(title) >= 1


def test_a_reviewer_still_may_convert(client, people, english_tea):
    client.force_login(people["reviewer"])
    url = f"/admin/localize/page/{english_tea.pk}/convert_to_alias/"
    assert client.get(url).status_code == 200
