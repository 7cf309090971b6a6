"""The Wagtail and wagtail-localize admin in Vietnamese (editorial/admin_catalogue.py): every
string of the installed packages has the hub's Vietnamese, it wins over the packages' own
(some of which were wrong), and the JavaScript catalogues the admin loads carry it."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from editorial.admin_catalogue import DOMAINS, untranslated


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_admin_string_of_the_packages_has_vietnamese(domain):
    assert untranslated(domain) == []


@pytest.mark.parametrize(
    "english, vietnamese",
    [
        # Wagtail's own catalogue said "Phân trang" (pagination) for the pages menu.
        ("Pages", "Trang"),
        ("Search all pages…", "Tìm kiếm tất cả trang…"),
        ("Translate this page", "Dịch trang này"),
        ("More actions", "Thao tác khác"),
        ("Submit for moderation", "Gửi duyệt"),
    ],
)
def test_the_hubs_vietnamese_wins(english, vietnamese):
    with translation.override("vi"):
        assert gettext(english) == vietnamese


def test_history_is_not_a_memo():
    with translation.override("vi"):
        assert gettext("History") == "Lịch sử"
        assert gettext("Delete") == "Xóa"


@pytest.mark.parametrize(
    "url, vietnamese",
    [("/admin/jsi18n/", "Thu gọn tất cả"), ("/admin/localize/jsi18n/", "Đang khóa chỉnh sửa")],
)
def test_javascript_catalogues_carry_the_vietnamese(admin_client, url, vietnamese):
    response = admin_client.get(url)
    assert response.status_code == 200
    escaped = response.content.decode()  # the catalogue is JSON: "\\u0110ang kh\\u00f3a…"
    assert vietnamese in re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), escaped)


@pytest.mark.django_db
def test_the_roots_are_named_in_vietnamese():
    from wagtail.models import Collection, Page

    assert Page.get_first_root_node().title == "Gốc"  # Wagtail calls it "Root"
    assert Collection.get_first_root_node().name == "Gốc"
