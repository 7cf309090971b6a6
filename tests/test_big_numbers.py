"""Ids and counts a visitor types are read before they reach the database: a number no
row can have (beyond 64 bits, zero, negative) is a 404 or a 400 with a message, never a
500, on SQLite (which cannot even bind an integer beyond 64 bits) and PostgreSQL (whose
bigint ends there).

And the APIs answer like APIs: an address under /api/ is never sent to a language
prefix, an unknown one is a JSON 404.
"""

import pytest

from products.models import ProductPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificates_in_force")]

BEYOND_64_BITS = ("9223372036854775808", "99999999999999999999", "1" + "0" * 40)
NO_ROW = BEYOND_64_BITS + ("9223372036854775807", "0", "-1", "-9223372036854775809")


@pytest.fixture
def tea():
    return ProductPage.objects.get(import_ref="T-002", locale__language_code="en")


@pytest.mark.parametrize("number", NO_ROW)
def test_inquiry_about_a_product_that_cannot_exist(client, number):
    response = client.get("/en/inquiry/", {"product": number})
    assert response.status_code == 404


@pytest.mark.parametrize("number", NO_ROW)
@pytest.mark.parametrize("action", ["add", "remove"])
def test_shortlisting_a_product_that_cannot_exist(client, number, action):
    response = client.post(f"/en/shortlist/{action}/", {"product": number})
    assert response.status_code == 404


@pytest.mark.parametrize("target", ["93", "shortlist", "", "https://evil.example/"])
def test_the_shortlist_buttons_go_back_only_to_a_path(client, tea, target):
    response = client.post("/en/shortlist/add/", {"product": tea.pk, "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/en/shortlist/"


@pytest.mark.parametrize("number", NO_ROW)
def test_an_inquiry_for_a_region_that_cannot_exist(client, tea, number):
    fields = {
        "name": "Anna de Vries",
        "email": "anna@groen.example",
        "commodity": tea.commodity.pk,
        "region": number,
        "message": "Please quote CIF Rotterdam for a trial order.",
        "consent": "on",
    }
    response = client.post("/en/inquiry/", fields)
    assert response.status_code == 400
    assert response.context["form"].errors["region"]


@pytest.mark.parametrize("number", [n for n in NO_ROW if not n.startswith("-")])
@pytest.mark.parametrize("address", ["/en/events/{}.ics", "/vi/events/{}.ics", "/en/print/{}.pdf"])
def test_a_file_for_a_page_that_cannot_exist(client, address, number):
    assert client.get(address.format(number)).status_code == 404


def test_the_files_of_real_pages_still_answer(client, tea):
    from events.models import EventPage

    event = EventPage.objects.live().filter(locale__language_code="en").first()
    assert client.get(f"/en/events/{event.pk}.ics").status_code == 200
    assert client.get("/en/inquiry/", {"product": tea.pk}).status_code == 200


@pytest.mark.parametrize("number", BEYOND_64_BITS + ("-1",))
@pytest.mark.parametrize("name", ["offset", "limit"])
@pytest.mark.parametrize("endpoint", ["pages"])  # images and documents: not served
def test_the_page_api_refuses_counts_beyond_reason(client, endpoint, name, number):
    response = client.get(f"/api/v2/{endpoint}/", {name: number})
    assert response.status_code == 400
    assert response.json()["message"]


@pytest.mark.parametrize("number", NO_ROW)
@pytest.mark.parametrize(
    "query",
    ["id={}", "child_of={}", "descendant_of={}", "ancestor_of={}", "translation_of={}"],
)
def test_the_page_api_filters_on_ids_that_cannot_exist(client, query, number):
    response = client.get(f"/api/v2/pages/?{query.format(number)}")
    assert response.status_code in (200, 400, 404), response.content
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("value", NO_ROW + ("abc", "", "4.0"))
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_the_page_api_finds_no_id_that_cannot_exist(client, endpoint, value):
    response = client.get(f"/api/v2/{endpoint}/find/", {"id": value})
    assert response.status_code in (400, 404)
    assert response.json()["message"]


@pytest.mark.parametrize("number", [n for n in NO_ROW if not n.startswith("-")])
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_the_page_api_details_of_ids_that_cannot_exist(client, endpoint, number):
    response = client.get(f"/api/v2/{endpoint}/{number}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "address",
    [
        "/api/v2/pages/999999/",
        "/api/v2/no-such-endpoint/",
        "/api/v2/pages/not-a-number/",
        "/api/v2/",
        "/api/v1/no-such-operation",
        "/api/v1/products/no-such-operation",
        "/api/v1/",
        "/api/",
    ],
)
def test_an_unknown_api_address_is_a_json_404(client, address):
    response = client.get(address)
    assert response.status_code == 404, response.get("Location")
    assert response["Content-Type"].startswith("application/json")
    assert response.json()


@pytest.mark.parametrize(
    "address", ["/documents/999999/x.pdf", "/static/no-such-file.css", "/media/no-such-file.jpg"]
)
def test_other_addresses_outside_the_languages_keep_their_404(client, address):
    assert client.get(address).status_code == 404


def test_a_page_address_without_a_language_is_still_sent_to_one(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 302
    assert response["Location"].startswith("/vi/")
