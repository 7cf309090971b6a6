"""The About page and the privacy notice: in both languages, linked from every page's footer
and from the inquiry form, kept by editors in the admin through the central review, and the
retention period they state is the one the settings apply."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, WorkflowState

from editorial.groups import sync_groups
from showcase.information import InformationPage
from tests.admin_forms import form_data
from tests.test_pages import pages_of_every_type

pytestmark = pytest.mark.django_db

ADDRESSES = {
    ("en", "about"): "/en/about/",
    ("en", "privacy"): "/en/privacy/",
    ("vi", "about"): "/vi/gioi-thieu/",
    ("vi", "privacy"): "/vi/quyen-rieng-tu/",
}


def information_page(language, kind):
    return InformationPage.objects.get(locale__language_code=language, kind=kind)


@pytest.mark.parametrize(("language", "kind"), list(ADDRESSES))
def test_both_pages_answer_in_both_languages_at_their_addresses(client, language, kind):
    response = client.get(ADDRESSES[language, kind])
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert information_page(language, kind).url == ADDRESSES[language, kind]


def test_the_english_pages_are_in_english_and_the_vietnamese_in_vietnamese(client):
    about_en = client.get("/en/about/").content.decode()
    about_vi = client.get("/vi/gioi-thieu/").content.decode()
    assert "Decision 919/QĐ-TTg of 1 August 2022" in about_en
    assert "Ministry of Agriculture and Environment" in about_en
    assert "Quyết định số 919/QĐ-TTg ngày 01/8/2022" in about_vi
    assert "Bộ Nông nghiệp và Môi trường" in about_vi
    assert "Ministry" not in about_vi
    privacy_en = client.get("/en/privacy/").content.decode()
    assert "Law 91/2025/QH15" in privacy_en and "13/2023/NĐ-CP" in privacy_en
    for cookie in ("csrftoken", "sessionid"):
        assert cookie in privacy_en


@pytest.mark.parametrize("days", [30, 1])
def test_the_privacy_notice_states_the_retention_period_of_the_settings(client, settings, days):
    settings.HUB_INQUIRY_RETENTION_DAYS = days
    en = client.get("/en/privacy/").content.decode()
    vi = client.get("/vi/quyen-rieng-tu/").content.decode()
    unit = "day" if days == 1 else "days"
    assert f"erased {days} {unit} later" in en
    assert f"{days} ngày" in vi
    assert "365" not in en


@pytest.mark.parametrize("language", ["en", "vi"])
def test_every_page_type_links_both_pages_in_its_footer(client, language):
    about, privacy = ADDRESSES[language, "about"], ADDRESSES[language, "privacy"]
    urls = [page.url for page in pages_of_every_type(language).values()]
    with translation.override(language):
        urls += [reverse("shortlist"), reverse("inquiry_new"), reverse("supply_index")]
    for url in urls:
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert f'href="{about}"' in footer, url
        assert f'href="{privacy}"' in footer, url


def test_the_footer_costs_no_query_once_its_pages_are_known(client, django_assert_num_queries):
    from showcase.information import information_pages

    en = Locale.objects.get(language_code="en")
    with translation.override("en"):
        information_pages(en)
        with django_assert_num_queries(0):
            pages = information_pages(en)
    assert set(pages) == {"about", "privacy"}


def test_an_unpublished_privacy_notice_leaves_the_footer(client):
    information_page("en", "privacy").unpublish()
    html = client.get("/en/").content.decode()
    assert 'href="/en/privacy/"' not in html
    assert 'href="/en/about/"' in html


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_inquiry_form_links_the_privacy_notice_near_the_consent(client, language):
    html = client.get(f"/{language}/inquiry/").content.decode()
    consent = html.index('name="consent"')
    link = html.index(f'href="{ADDRESSES[language, "privacy"]}"')
    assert abs(link - consent) < 1500


def test_only_one_page_of_each_kind_per_language():
    second = InformationPage(title="Giới thiệu 2", kind="about", body="<p>x</p>")
    second.locale = Locale.objects.get(language_code="vi")
    with pytest.raises(ValidationError) as refused:
        second.clean()
    assert list(refused.value.message_dict) == ["kind"]
    second.kind = "other"
    second.clean()  # any number of other pages


@pytest.fixture
def reviewers(django_user_model):
    group, _groups = sync_groups()
    people = []
    for name in ("central", "central2"):
        user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
        user.groups.add(group)
        people.append(user)
    return people


def test_an_edit_in_the_admin_goes_through_the_review_before_it_shows(client, reviewers):
    about = information_page("vi", "about")
    client.force_login(reviewers[0])
    url = reverse("wagtailadmin_pages:edit", args=[about.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), "page-edit-form")
    data["title"] = "Về cổng OCOP"
    client.post(url, {**data, "action-submit": "1"})
    about.refresh_from_db()
    assert about.workflow_in_progress
    assert about.title == "Giới thiệu"  # the live page waits for the review
    assert "Về cổng OCOP" not in Client().get("/vi/gioi-thieu/").content.decode()

    task_state = about.current_workflow_state.current_task_state
    client.force_login(reviewers[1])
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[about.pk, "approve", task_state.pk]
    )
    client.post(approve, {"comment": ""})
    about.refresh_from_db()
    assert about.title == "Về cổng OCOP" and about.live
    assert about.current_workflow_state is None
    assert about.workflow_states.filter(status=WorkflowState.STATUS_APPROVED).exists()
    client.logout()
    html = client.get("/vi/gioi-thieu/").content.decode()
    assert re.search(r"<h1>\s*Về cổng OCOP", html)


def test_the_page_type_can_be_added_under_home_only():
    from showcase.models import HomePage

    assert InformationPage in HomePage.allowed_subpage_models()
    assert InformationPage.allowed_parent_page_models() == [HomePage]
