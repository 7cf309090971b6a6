"""Fairs, delegations and sales points as a buyer uses them: status by date, filters, the
month calendar, iCalendar, structured data, the sitemap, the map and "where to taste"."""

import datetime
import json
import re
import zoneinfo
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from events.models import EventExhibitor, EventIndexPage, EventPage, EventPageForm
from products.models import ProductPage
from regions.models import SalesPointPage
from showcase.discovery import BilingualSitemap

pytestmark = pytest.mark.django_db

TEA = "Tea and Specialities Fair 2099"
NL = "Trade delegation to the Netherlands 2099"
SEMINAR = "Export seminar 2099"
VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def event(locale, key):
    return EventPage.objects.get(locale=locale, translation_key=event_key(key))


def event_key(slug):
    return EventPage.objects.get(locale__language_code="vi", slug=slug).translation_key


def product(locale, ref):
    return ProductPage.objects.get(locale=locale, import_ref=ref)


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


# Status by date -------------------------------------------------------------------------


def test_status_follows_the_clock_at_the_edges():
    page = EventPage(
        start=datetime.datetime(2026, 12, 3, 8, 0, tzinfo=VIETNAM),
        end=datetime.datetime(2026, 12, 7, 21, 0, tzinfo=VIETNAM),
        time_zone="Asia/Ho_Chi_Minh",
    )
    opening = datetime.datetime(2026, 12, 3, 1, 0, tzinfo=datetime.UTC)  # 08:00 in Vietnam
    assert page.status_at(opening - datetime.timedelta(seconds=1)) == "upcoming"
    assert page.status_at(opening) == "on_now"
    closing = datetime.datetime(2026, 12, 7, 14, 0, tzinfo=datetime.UTC)  # 21:00 in Vietnam
    assert page.status_at(closing) == "on_now"
    assert page.status_at(closing + datetime.timedelta(seconds=1)) == "past"
    # Late evening of 2 December in Amsterdam is already the opening morning in Vietnam.
    amsterdam_evening = datetime.datetime(2026, 12, 3, 2, 30, tzinfo=AMSTERDAM)
    assert page.status_at(amsterdam_evening) == "on_now"


def test_local_times_keep_the_events_own_zone(en):
    delegation = event(en, "delegation-netherlands-2099")
    assert delegation.local_start.hour == 9
    assert delegation.local_start.utcoffset() == datetime.timedelta(hours=1)
    assert delegation.start.astimezone(VIETNAM).hour == 15  # stored as one instant


def test_upcoming_and_past_querysets(en):
    now = timezone.now()
    upcoming = set(EventPage.objects.filter(locale=en).upcoming().values_list("slug", flat=True))
    past = set(EventPage.objects.filter(locale=en).past().values_list("slug", flat=True))
    assert "thai-nguyen-week-2001" in past and "thai-nguyen-week-2001" not in upcoming
    assert {"tea-fair-2099", "delegation-netherlands-2099"} <= upcoming
    assert all(page.end >= now for page in EventPage.objects.filter(locale=en).upcoming())


def test_an_event_cannot_end_before_it_starts_or_share_a_booth(vi):
    page = EventPage(
        title="x",
        event_type="fair",
        start=datetime.datetime(2030, 1, 2, tzinfo=VIETNAM),
        end=datetime.datetime(2030, 1, 1, tzinfo=VIETNAM),
    )
    page.exhibitors = [
        EventExhibitor(booth="B12", product=product(vi, "T-001")),
        EventExhibitor(booth="b12 ", product=product(vi, "T-002")),
    ]
    with pytest.raises(ValidationError) as raised:
        page.clean()
    assert "end" in raised.value.message_dict
    assert "B12" in str(raised.value.message_dict)


def test_admin_times_are_entered_in_the_events_time_zone(vi):
    """An editor in Hanoi types the delegation's 09:00 in Amsterdam as 09:00."""
    parent = EventIndexPage.objects.get(locale=vi)
    form_class = EventPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, EventPageForm)
    data = {
        "title": "Đoàn giao thương tại Hà Lan",
        "slug": "doan-ha-lan",
        "event_type": "delegation",
        "start": "2030-02-22 09:00",
        "end": "2030-02-24 17:00",
        "time_zone": "Europe/Amsterdam",
        "country": "NL",
        "exhibitors-TOTAL_FORMS": "0",
        "exhibitors-INITIAL_FORMS": "0",
        "exhibitors-MIN_NUM_FORMS": "0",
        "exhibitors-MAX_NUM_FORMS": "1000",
    }
    with timezone.override(VIETNAM):
        form = form_class(data=data, instance=EventPage(), parent_page=parent, for_user=None)
        assert form.is_valid(), form.errors
    start = form.cleaned_data["start"]
    assert start == datetime.datetime(2030, 2, 22, 8, 0, tzinfo=datetime.UTC)
    # …and the form shows it back as 09:00.
    page = EventPage(start=start, end=form.cleaned_data["end"], time_zone="Europe/Amsterdam")
    with timezone.override(VIETNAM):
        again = form_class(instance=page, parent_page=parent, for_user=None)
    assert again.initial["start"] == datetime.datetime(2030, 2, 22, 9, 0)


def test_a_time_zone_must_exist():
    page = EventPage(time_zone="Mars/Olympus_Mons")
    with pytest.raises(ValidationError) as raised:
        page.clean_fields(exclude=[f.name for f in EventPage._meta.fields if f.name != "time_zone"])
    assert "Mars/Olympus_Mons" in str(raised.value)


# The events index -----------------------------------------------------------------------


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def test_upcoming_first_and_past_in_the_archive(client):
    html = listed(client, "/en/events/")
    assert html.index("Trade delegation to the Netherlands 2099") < html.index(
        "Tea and Specialities Fair 2099"
    )
    assert "Thai Nguyen week 2001" not in html
    archive = listed(client, "/en/events/?view=past")
    assert "Thai Nguyen week 2001" in archive and "Tea and Specialities Fair" not in archive


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("type=delegation", {NL}, {TEA, SEMINAR}),
        ("country=NL", {NL}, {TEA}),
        # Thai Nguyen takes part in the tea fair and exhibits T-001/T-002 there.
        ("province=thai-nguyen", {TEA}, {NL, SEMINAR}),
        # Lam Dong (with former Binh Thuan) sends its dragon fruit to the Netherlands.
        ("region=central-highlands", {NL}, {TEA, SEMINAR}),
        ("region=red-river-delta", {SEMINAR}, {NL}),
        ("month=2099-12", {TEA}, {NL, SEMINAR}),
        ("month=2001-05", {"Thai Nguyen week 2001"}, {NL}),
    ],
)
def test_filters(client, query, shown, hidden):
    html = listed(client, f"/en/events/?{query}")
    for title in shown:
        assert title in html, (query, title)
    for title in hidden:
        assert title not in html, (query, title)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("type=party", "There is no event type “party”"),
        ("province=atlantis", "There is no province or city “atlantis”"),
        ("region=moon", "There is no region “moon”"),
        ("country=XX", "“XX” is not a country code"),
        ("month=2026-13", "“month” must be a year and month like 2026-12"),
        ("month=dec", "“month” must be a year and month"),
        ("view=map", "“view” must be list, calendar or past"),
        ("type=fair&type=b2b", "“type” takes one value"),
    ],
)
def test_a_bad_filter_is_a_400_with_a_message(client, query, message):
    response = client.get(f"/en/events/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Tea and Specialities Fair 2099" in html  # the page still lists events


def test_month_calendar_places_each_event_on_its_local_days(client):
    html = listed(client, "/en/events/?view=calendar&month=2099-02")
    # 22–24 February in Amsterdam: three days, each with the delegation.
    cells = re.findall(r'<td class="[^"]*has-events[^"]*">(.*?)</td>', html, re.S)
    days = [re.search(r'datetime="([\d-]+)"', cell).group(1) for cell in cells]
    assert days == ["2099-02-22", "2099-02-23", "2099-02-24"]
    assert all("Netherlands" in cell for cell in cells)
    assert (
        'rel="next" href="?month=2099-03&amp;view=calendar"'
        in html.replace("?view=calendar&amp;month", "?month")
        or "month=2099-03" in html
    )


def test_calendar_keeps_the_filters_when_paging_months(client):
    html = listed(client, "/en/events/?view=calendar&month=2099-12&type=fair")
    previous = re.search(r'<a href="([^"]+)" rel="prev"', html).group(1)
    assert "type=fair" in previous and "month=2099-11" in previous and "view=calendar" in previous


@pytest.mark.parametrize(
    "url", ["/en/events/", "/vi/su-kien/?view=past", "/en/events/?view=calendar&month=2099-12"]
)
def test_events_index_query_count_is_fixed(client, url, settings, django_assert_max_num_queries):
    settings.HUB_PAGE_CACHE_SECONDS = 0  # what a page costs when it is not cached
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_region_and_province_pages_show_their_upcoming_events(client, en):
    html = listed(client, product(en, "T-002").get_parent().get_parent().url)  # the region
    assert "Tea and Specialities Fair 2099" in html
    assert "?region=northern-midlands-mountains" in html
    html = listed(client, product(en, "T-002").get_parent().url)  # Thai Nguyen
    assert "Tea and Specialities Fair 2099" in html and "Thai Nguyen week 2001" not in html


# Event pages ----------------------------------------------------------------------------


def test_event_page_lists_exhibitors_in_the_visitors_language(client, en):
    html = listed(client, event(en, "tea-fair-2099").url)
    rows = re.findall(r'<tr id="booth-(\w+)">(.*?)</tr>', html, re.S)
    assert [booth for booth, _row in rows] == ["b12", "b14"]
    tea = product(en, "T-002")
    assert f'href="{tea.url}"' in rows[0][1] and "Tan Cuong green tea" in rows[0][1]
    assert "Thai Nguyen" in html  # province taking part
    assert "local time (UTC+07:00, Asia/Ho_Chi_Minh)" in html


def test_event_json_ld(client, en):
    page = event(en, "delegation-netherlands-2099")
    data = json_ld(listed(client, page.url))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BusinessEvent"
    assert data["name"] == "Trade delegation to the Netherlands 2099"
    assert data["startDate"] == "2099-02-22T09:00:00+01:00"
    assert data["endDate"] == "2099-02-24T17:00:00+01:00"
    assert data["location"]["address"]["addressCountry"] == "NL"
    assert data["location"]["address"]["addressLocality"] == "The Hague"
    assert data["eventAttendanceMode"].endswith("OfflineEventAttendanceMode")
    assert data["url"].endswith(page.url)
    assert data["organizer"]["name"] == "Vietnam Trade Promotion Agency"


def test_open_graph_tags(client, en):
    page = event(en, "tea-fair-2099")
    html = listed(client, page.url)
    assert re.search(r'<meta property="og:image" content="http://testserver/[^"]+\.jpg">', html)
    assert '<meta property="og:locale" content="en_US">' in html
    assert '<meta property="og:locale:alternate" content="vi_VN">' in html
    assert f'<meta property="og:url" content="http://testserver{page.url}">' in html


# iCalendar ------------------------------------------------------------------------------


def parse_calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_feed_is_valid_icalendar_with_upcoming_events_in_their_zones(client):
    calendar = parse_calendar(client.get("/en/events/feed.ics"))
    assert str(calendar["VERSION"]) == "2.0" and "PRODID" in calendar
    events = {str(item["SUMMARY"]): item for item in calendar.walk("VEVENT")}
    assert "Trade delegation to the Netherlands 2099" in events
    assert "Thai Nguyen week 2001" not in events  # only upcoming
    delegation = events["Trade delegation to the Netherlands 2099"]
    start = delegation.decoded("DTSTART")
    assert start == datetime.datetime(2099, 2, 22, 9, 0, tzinfo=AMSTERDAM)
    assert delegation["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")} >= {
        "Europe/Amsterdam",
        "Asia/Ho_Chi_Minh",
    }
    for item in calendar.walk("VEVENT"):
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL"):
            assert prop in item
    assert "The Hague" in str(delegation["LOCATION"])
    assert len({str(item["UID"]) for item in calendar.walk("VEVENT")}) == len(events)


def test_feed_in_vietnamese_and_filtered(client):
    calendar = parse_calendar(client.get("/vi/events/feed.ics?type=delegation"))
    summaries = [str(item["SUMMARY"]) for item in calendar.walk("VEVENT")]
    assert summaries == ["Đoàn giao thương tại Hà Lan 2099"]
    assert client.get("/en/events/feed.ics?province=atlantis").status_code == 400


def test_one_event_as_an_ics_download(client, en):
    page = event(en, "tea-fair-2099")
    response = client.get(f"/en/events/{page.pk}.ics")
    assert response["Content-Disposition"] == 'attachment; filename="tea-fair-2099.ics"'
    (item,) = parse_calendar(response).walk("VEVENT")
    assert str(item["SUMMARY"]) == "Tea and Specialities Fair 2099"
    assert str(item["URL"]).endswith(page.url)
    assert f'href="/en/events/{page.pk}.ics"' in listed(client, page.url)
    # An unpublished event, or one of the other language's address, is not found.
    assert client.get(f"/vi/events/{page.pk}.ics").status_code == 404
    page.unpublish()
    assert client.get(f"/en/events/{page.pk}.ics").status_code == 404


# Sales points and the map ---------------------------------------------------------------


def test_sales_point_directory_works_without_network(client, settings):
    settings.HUB_MAP_TILES_URL = ""
    html = listed(client, "/en/sales-points/")
    # Every place is listed as text; those with coordinates are also map markers.
    assert "Tan Cuong OCOP showroom" in html and "Noi Bai airport OCOP counter" in html
    markers = json.loads(
        re.search(
            r'<script id="sales-map-markers" type="application/json">(.*?)</script>', html
        ).group(1)
    )
    assert [marker["name"] for marker in markers] == ["Tan Cuong OCOP showroom"]
    assert markers[0]["lat"] == pytest.approx(21.556)
    assert 'data-tiles=""' in html
    # Leaflet comes from our own static files (npm at build time), not a CDN.
    assert "/static/vendor/leaflet/leaflet.js" in html and "unpkg" not in html
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("kind=airport", "Noi Bai", "Tan Cuong OCOP"),
        ("province=thai-nguyen", "Tan Cuong OCOP", "Noi Bai"),
        ("region=red-river-delta", "Noi Bai", "Tan Cuong OCOP"),
    ],
)
def test_sales_point_filters(client, query, shown, hidden):
    html = listed(client, f"/en/sales-points/?{query}")
    assert shown in html and hidden not in html


def test_sales_point_bad_filter(client):
    response = client.get("/en/sales-points/?kind=casino")
    assert response.status_code == 400
    assert "There is no kind of sales point “casino”" in response.content.decode()


def test_sales_point_index_query_count(client, settings, django_assert_max_num_queries):
    settings.HUB_PAGE_CACHE_SECONDS = 0
    client.get("/en/sales-points/")
    with django_assert_max_num_queries(12):
        client.get("/en/sales-points/")


def test_sales_point_json_ld(client, en):
    point = SalesPointPage.objects.get(locale=en, slug="tan-cuong-showroom")
    data = json_ld(listed(client, point.url))
    assert data["@type"] == "Store"
    assert data["name"] == "Tan Cuong OCOP showroom"
    assert data["address"]["streetAddress"] == point.address
    assert data["geo"]["latitude"] == pytest.approx(21.556)
    assert data["telephone"] == "0208 000 000"


# Where to see and taste it --------------------------------------------------------------


def test_product_page_shows_where_to_taste_it(client, en):
    tea = product(en, "T-002")
    html = listed(client, tea.url)
    section = html[html.index("Where to see and taste it") :]
    point = SalesPointPage.objects.get(locale=en, slug="tan-cuong-showroom")
    fair = event(en, "tea-fair-2099")
    assert f'href="{point.url}"' in section
    assert f'href="{fair.url}"' in section and "booth B12" in section
    assert "Thai Nguyen week 2001" not in section  # only upcoming fairs
    # A product nobody carries says so.
    homestay = listed(client, product(en, "T-006").url)
    assert "No sales point lists this product yet" in homestay


def test_product_json_ld(client, en):
    tea = product(en, "T-002")
    data = json_ld(listed(client, tea.url))
    assert data["@type"] == "Product"
    assert data["name"] == "Tan Cuong green tea"
    assert data["brand"]["name"] == "HTX Chè Tân Hương"
    assert data["manufacturer"]["@type"] == "Organization"
    ocop = data["hasCertification"][0]
    assert ocop["name"] == "OCOP"
    assert ocop["certificationRating"]["ratingValue"] == 5
    assert ocop["certificationRating"]["bestRating"] == 5
    assert ocop["certificationIdentification"] == "OCOP-19-2024-002"
    assert ocop["expires"] == "2027-12-15"
    assert {c["name"] for c in data["hasCertification"][1:]} >= {"VietGAP", "HACCP"}
    assert "image" not in data  # the test products have no photo: nothing is made up


# Discovery ------------------------------------------------------------------------------

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def sitemap_entries(client):
    """{URL: {language: alternate URL}} of every part the sitemap index lists."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    entries = {}
    for part in ElementTree.fromstring(index.content).iter(f"{SITEMAP}loc"):
        response = client.get(part.text)
        assert response.status_code == 200
        for url in ElementTree.fromstring(response.content).iter(f"{SITEMAP}url"):
            links = url.iter(f"{XHTML}link")
            location = url.find(f"{SITEMAP}loc").text
            assert location not in entries, "a page is listed in two parts"
            entries[location] = {link.get("hreflang"): link.get("href") for link in links}
    return entries


def test_sitemap_lists_both_languages_with_hreflang_alternates(client, en, vi):
    entries = sitemap_entries(client)
    tea_en, tea_vi = product(en, "T-002"), product(vi, "T-002")
    en_url, vi_url = tea_en.get_full_url(), tea_vi.get_full_url()
    assert entries[en_url] == {"en": en_url, "vi": vi_url}
    assert entries[vi_url] == {"en": en_url, "vi": vi_url}
    assert {url.split("/", 3)[3] for url in entries} >= {"en/events/", "vi/su-kien/"}
    # Unpublished pages are not listed.
    tea_en.unpublish()
    assert en_url not in sitemap_entries(client)


def test_the_sitemap_is_an_index_of_parts_that_each_read_only_their_pages(
    client, en, monkeypatch, django_assert_max_num_queries
):
    """The national catalogue's 40,000 pages in one file took 9 s and 14 MB: /sitemap.xml
    is an index, each part holds at most `limit` pages with their twins, every live page
    is in exactly one part, and a part's queries do not grow with its size."""
    everything = sitemap_entries(client)
    monkeypatch.setattr(BilingualSitemap, "limit", 7)
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    parts = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert len(parts) > 3
    assert parts[1].endswith("/sitemap-pages.xml?p=2")
    assert sitemap_entries(client) == everything
    for part in (parts[0], parts[-1]):
        with django_assert_max_num_queries(8):
            response = client.get(part)
        urls = ElementTree.fromstring(response.content).findall(f"{SITEMAP}url")
        assert 0 < len(urls) <= 7 * 2
    assert client.get("/sitemap-pages.xml?p=999").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


# Scheduled publishing -------------------------------------------------------------------


def test_a_scheduled_event_goes_live_after_one_run_of_publish_scheduled(vi):
    parent = EventIndexPage.objects.get(locale=vi)
    page = EventPage(
        title="Hội chợ hẹn giờ",
        slug="hoi-cho-hen-gio",
        event_type="fair",
        start=datetime.datetime(2099, 9, 1, 8, tzinfo=VIETNAM),
        end=datetime.datetime(2099, 9, 3, 20, tzinfo=VIETNAM),
        live=False,
    )
    parent.add_child(instance=page)
    go_live = timezone.now() + datetime.timedelta(hours=1)
    page.go_live_at = go_live
    page.save_revision().publish()  # with a future go-live time this only schedules it
    page.refresh_from_db()
    assert not page.live and page.scheduled_revision is not None

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live  # not yet

    with pytest.MonkeyPatch.context() as patch:
        later = go_live + datetime.timedelta(minutes=1)
        patch.setattr(timezone, "now", lambda: later)
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live


def test_a_scheduled_product_goes_live_too(en, vi):
    tea = product(vi, "T-002")
    tea.unpublish()
    tea.go_live_at = timezone.now() - datetime.timedelta(minutes=5)
    revision = tea.save_revision(approved_go_live_at=tea.go_live_at)
    assert not ProductPage.objects.get(pk=tea.pk).live
    call_command("publish_scheduled")
    tea.refresh_from_db()
    assert tea.live and tea.live_revision == revision


def test_editors_edit_an_event_with_its_exhibitors_in_local_time(admin_client, vi):
    page = EventPage.objects.get(locale=vi, slug="delegation-netherlands-2099")
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Europe/Amsterdam"' in html
    assert "2099-02-22 09:00" in html  # Amsterdam wall-clock time, not Hanoi's 15:00
    assert 'value="T01"' in html  # the exhibitor's booth
