"""The review cannot be bypassed: what a provincial editor may not publish stays as it is,
whichever admin view they use. Thái Nguyên's editor (no publish right) is the actor."""

from urllib.parse import urlencode

import pytest
from wagtail.models import Locale, PageLogEntry
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation, Translation

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


# Finding 1: an editor's English never goes live without review, through any view.


def edit_english_title(client, english, title):
    """What the translation editor does when an editor saves the title line."""
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=english.locale
    )
    segment = translation.source.stringsegment_set.get(context__path="title")
    url = f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/"
    response = client.put(url, urlencode({"value": title}), "application/x-www-form-urlencoded")
    assert response.status_code in (200, 201), response.content
    return translation


def public_title(client, page):
    client.logout()
    return client.get(page.url).context["page"].title


def assert_english_not_published(english, before_live_revision):
    english.refresh_from_db()
    assert english.live_revision_id == before_live_revision
    assert not PageLogEntry.objects.filter(
        page=english, action="wagtail.publish", user__username="tn"
    ).exists()


def test_syncing_with_publish_immediately_does_not_publish_an_editors_english(
    client, people, english_tea, django_capture_on_commit_callbacks
):
    live_revision = english_tea.live_revision_id
    title = english_tea.title
    client.force_login(people["editor"])
    translation = edit_english_title(client, english_tea, "UNREVIEWED Tân Cương tea")
    url = f"/admin/localize/update/{translation.source_id}/"
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="publish_translations"' not in form.content.decode().replace(
        'type="hidden" name="publish_translations"', ""
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"publish_translations": "on"})
    assert response.status_code == 302
    assert_english_not_published(english_tea, live_revision)
    assert public_title(client, english_tea) == title


def test_a_reviewer_may_still_sync_and_publish(client, people, english_tea):
    client.force_login(people["editor"])
    translation = edit_english_title(client, english_tea, "Reviewed Tân Cương tea")
    client.force_login(people["reviewer"])
    response = client.post(
        f"/admin/localize/update/{translation.source_id}/", {"publish_translations": "on"}
    )
    assert response.status_code == 302
    assert public_title(client, english_tea) == "Reviewed Tân Cương tea"


def test_the_translation_editors_publish_is_refused_to_an_editor(client, people, english_tea):
    live_revision = english_tea.live_revision_id
    client.force_login(people["editor"])
    edit_english_title(client, english_tea, "UNREVIEWED Tân Cương tea")
    response = client.post(f"/admin/pages/{english_tea.pk}/edit/", {"action": "publish"})
    assert response.status_code in (302, 403)
    assert_english_not_published(english_tea, live_revision)


def test_translating_a_live_page_makes_a_draft_even_for_a_reviewer(
    client, people, vi, en, django_capture_on_commit_callbacks
):
    from tests.test_editorial import new_product

    tea = ProductPage.objects.get(import_ref="T-002", locale=vi)
    page = new_product(tea.get_parent(), "Trà mới chưa dịch")
    for who in ("editor", "reviewer"):
        client.force_login(people[who])
        # wagtail-localize publishes once the transaction commits.
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/admin/localize/submit/page/{page.pk}/", {"locales": [en.pk]}, follow=True
            )
        assert response.status_code == 200
        english = page.get_translation(en)
        assert not english.live  # it goes live when a reviewer approves the Vietnamese
        english.delete()
        Translation.objects.filter(source__object_id=page.translation_key).delete()


def revision_with_title(page, title, user):
    page.title = title
    return page.save_revision(user=user)


@pytest.mark.parametrize(
    "door",
    ["edit-publish", "revert-publish", "bulk-publish", "copy-publish", "unpublish", "schedule"],
)
def test_no_wagtail_view_lets_an_editor_publish(client, people, english_tea, vi, door):
    """The doors Wagtail itself has, tried on the Vietnamese page of the editor's own
    province: each must leave the public page as it was."""
    page = ProductPage.objects.get(import_ref="T-002", locale=vi)
    live_revision, title = page.live_revision_id, page.title
    client.force_login(people["editor"])
    draft = revision_with_title(page, "UNREVIEWED chè", people["editor"])
    edit = client.get(f"/admin/pages/{page.pk}/edit/").context["form"]
    data = {name: field.initial for name, field in edit.fields.items() if field.initial is not None}
    data.update({"title": "UNREVIEWED chè", "slug": page.slug})
    if door == "edit-publish":
        client.post(f"/admin/pages/{page.pk}/edit/", {**data, "action-publish": "on"})
    elif door == "revert-publish":
        client.post(
            f"/admin/pages/{page.pk}/edit/", {**data, "action-publish": "on", "revision": draft.pk}
        )
    elif door == "bulk-publish":
        client.post(f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}", {})
    elif door == "copy-publish":
        client.post(
            f"/admin/pages/{page.pk}/copy/",
            {
                "new_title": "UNREVIEWED copy",
                "new_slug": "unreviewed-copy",
                "new_parent_page": page.get_parent().pk,
                "publish_copies": "on",
                "alias": "on",
            },
        )
        assert not ProductPage.objects.filter(live=True, title="UNREVIEWED copy").exists()
    elif door == "unpublish":
        client.post(f"/admin/pages/{page.pk}/unpublish/", {})
    elif door == "schedule":
        client.post(
            f"/admin/pages/{page.pk}/edit/",
            {**data, "action-publish": "on", "go_live_at": "2020-01-01 00:00"},
        )
    page.refresh_from_db()
    assert page.live and page.live_revision_id == live_revision
    assert not page.revisions.exclude(approved_go_live_at=None).exists()
    assert public_title(client, page) == title


def test_an_editor_cannot_approve_their_own_submission(client, people, vi):
    page = ProductPage.objects.get(import_ref="T-002", locale=vi)
    live_revision = page.live_revision_id
    revision_with_title(page, "UNREVIEWED chè", people["editor"])
    page.get_workflow().start(page, people["editor"])
    task_state = page.current_workflow_task_state
    client.force_login(people["editor"])
    url = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
    response = client.post(url, {})
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.live_revision_id == live_revision


# Finding 9: approval publishes the English too, or the reviewer is told what blocks it.

HAND_MADE = "Chè móc câu Tân Cương Hoàng Bình (thử nghiệm)"


def hand_made_translation(client, people, vi, en, leave_out, then_description=None):
    """A Vietnamese product made by hand, translated by its editor in the translation
    editor, line by line, except the lines in `leave_out`; then (its description changed
    to `then_description`, if given) submitted for review."""
    from tests.test_editorial import new_product

    tea = ProductPage.objects.get(import_ref="T-002", locale=vi)
    page = new_product(tea.get_parent(), HAND_MADE, description="<p>Chè búp non.</p>")
    client.force_login(people["editor"])
    client.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [en.pk]})
    translation = Translation.objects.get(source__object_id=page.translation_key)
    for segment in translation.source.stringsegment_set.select_related("context", "string"):
        if segment.context.path in leave_out:
            continue
        english = "Tan Cuong hook tea (trial)" if segment.context.path == "title" else "EN"
        url = f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/"
        client.put(url, urlencode({"value": english}), "application/x-www-form-urlencoded")
    if then_description:
        page.description = then_description
    page.save_revision(user=people["editor"])
    page.get_workflow().start(page, people["editor"])
    return ProductPage.objects.get(pk=page.pk)


def approve(client, reviewer, page, capture):
    UserProfile.objects.update_or_create(user=reviewer, defaults={"preferred_language": "en"})
    client.force_login(reviewer)
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    task_state = page.current_workflow_task_state
    url = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
    with capture(execute=True):
        assert client.post(url, {}).status_code == 302
    return [str(message) for message in edit.context["messages"]]


def test_a_missing_slug_line_does_not_keep_the_english_back(
    client, people, vi, en, django_capture_on_commit_callbacks
):
    page = hand_made_translation(client, people, vi, en, leave_out={"slug"})
    shown = approve(client, people["reviewer"], page, django_capture_on_commit_callbacks)
    assert not any("Vietnamese only" in message for message in shown)
    english = page.get_translation(en)
    assert english.live and english.title == "Tan Cuong hook tea (trial)"
    assert english.slug == "tan-cuong-hook-tea-trial"
    client.logout()
    assert client.get(english.url).status_code == 200


def test_the_reviewer_is_told_before_approving_what_keeps_the_english_back(
    client, people, vi, en, django_capture_on_commit_callbacks
):
    page = hand_made_translation(client, people, vi, en, leave_out={"slug", "description"})
    shown = approve(client, people["reviewer"], page, django_capture_on_commit_callbacks)
    assert any("Vietnamese only" in message and "Description" in message for message in shown)
    assert not page.get_translation(en).live


def test_a_new_paragraph_without_english_is_named_too(
    client, people, vi, en, django_capture_on_commit_callbacks
):
    """One translated paragraph of a field does not make the field translated."""
    page = hand_made_translation(
        client, people, vi, en, {"slug"}, then_description="<p>Chè búp non.</p><p>Mới.</p>"
    )
    shown = approve(client, people["reviewer"], page, django_capture_on_commit_callbacks)
    assert any("Vietnamese only" in message and "Description" in message for message in shown)


def test_a_page_without_any_english_says_so_before_approval(client, people, vi):
    from tests.test_editorial import new_product

    tea = ProductPage.objects.get(import_ref="T-002", locale=vi)
    page = new_product(tea.get_parent(), "Trà chưa có bản tiếng Anh")
    page.save_revision(user=people["editor"])
    UserProfile.objects.update_or_create(
        user=people["reviewer"], defaults={"preferred_language": "en"}
    )
    client.force_login(people["reviewer"])
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert any("no English version" in str(m) for m in edit.context["messages"])


def test_the_dashboard_says_which_page_in_review_would_go_live_in_vietnamese_only(
    client, people, vi, en
):
    """Wagtail's "awaiting your review" panel approves without opening the page: the hub's
    panel above it names the page and what keeps its English back."""
    page = hand_made_translation(client, people, vi, en, leave_out={"slug", "description"})
    complete = hand_made_translation(client, people, vi, en, leave_out={"slug"})
    UserProfile.objects.update_or_create(
        user=people["reviewer"], defaults={"preferred_language": "en"}
    )
    client.force_login(people["reviewer"])
    html = client.get("/admin/").content.decode()
    panel = html.split('id="english_held_back', 1)[1].split("</section>", 1)[0]
    assert f"/admin/pages/{page.pk}/edit/" in panel and "Description" in panel
    assert f"/admin/pages/{complete.pk}/edit/" not in panel


# An editor's English written outside the review is shown to the reviewer, and frozen
# while the review is under way.


def test_the_reviewer_sees_the_english_an_approval_would_publish(client, people, english_tea, vi):
    client.force_login(people["editor"])
    edit_english_title(client, english_tea, "UNREVIEWED Tân Cương tea")
    page = ProductPage.objects.get(import_ref="T-002", locale=vi)
    page.save_revision(user=people["editor"])
    page.get_workflow().start(page, people["editor"])
    UserProfile.objects.update_or_create(
        user=people["reviewer"], defaults={"preferred_language": "en"}
    )
    client.force_login(people["reviewer"])
    shown = [str(m) for m in client.get(f"/admin/pages/{page.pk}/edit/").context["messages"]]
    assert any(
        "not yet reviewed" in message and "UNREVIEWED Tân Cương tea" in message for message in shown
    ), shown


def test_english_lines_are_frozen_for_the_editor_while_in_review(client, people, english_tea, vi):
    page = ProductPage.objects.get(import_ref="T-002", locale=vi)
    page.save_revision(user=people["editor"])
    page.get_workflow().start(page, people["editor"])
    client.force_login(people["editor"])
    translation = Translation.objects.get(
        source__object_id=english_tea.translation_key, target_locale=english_tea.locale
    )
    segment = translation.source.stringsegment_set.get(context__path="title")
    url = f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/"
    body = urlencode({"value": "UNREVIEWED late change"})
    assert refused(client.put(url, body, "application/x-www-form-urlencoded"))
    assert not StringTranslation.objects.filter(data="UNREVIEWED late change").exists()
    client.force_login(people["reviewer"])
    assert client.put(url, body, "application/x-www-form-urlencoded").status_code in (200, 201)


def test_a_scheduled_approval_publishes_the_english_when_the_vietnamese_goes_live(
    client, people, vi, en, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    page = hand_made_translation(client, people, vi, en, leave_out={"slug"})
    page.go_live_at = timezone.now() + timedelta(days=2)
    page.save_revision(user=people["editor"])
    approve(client, people["reviewer"], page, django_capture_on_commit_callbacks)
    english = page.get_translation(en)
    assert not english.live  # not before the Vietnamese
    later = page.go_live_at + timedelta(minutes=1)
    with pytest.MonkeyPatch.context() as patch, django_capture_on_commit_callbacks(execute=True):
        patch.setattr(timezone, "now", lambda: later)  # the time has come
        call_command("publish_scheduled")
    page.refresh_from_db()
    english.refresh_from_db()
    assert page.live and english.live and english.title == "Tan Cuong hook tea (trial)"
