"""Machine translation is optional and off by default: without LIBRETRANSLATE_URL the
translation editor offers none and nothing calls a remote service. Configured, it goes
through wagtail-localize's LibreTranslate translator; here to a fake LibreTranslate on
127.0.0.1, so the tests never leave the machine."""

import html
import json
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.http import Http404
from django.urls import reverse
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.views.edit_translation import machine_translate

from products.models import ProductPage
from showcase.settings.environment import LIBRETRANSLATOR, machine_translator

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("translator", "t@hub.example"))
    return client


@pytest.fixture
def squash(vi, en):
    """The squash's English translation, with its strings emptied: nothing translated yet."""
    source_page = ProductPage.objects.get(import_ref="T-001", locale=vi)
    source = TranslationSource.objects.get_for_instance(source_page)
    translation = Translation.objects.get(source=source, target_locale=en)
    StringTranslation.objects.filter(translation_of__segments__source=source, locale=en).delete()
    return translation


def editor_props(admin, translation):
    """What wagtail-localize's translation editor is given for the English page."""
    page = translation.get_target_instance()
    response = admin.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    found = re.search(
        r'class="js-translation-editor" data-props="([^"]*)"', response.content.decode()
    )
    return json.loads(html.unescape(found[1]))


class FakeLibreTranslate(BaseHTTPRequestHandler):
    """POST /translate as LibreTranslate answers it: each text, marked as translated."""

    received = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append({"path": self.path, **body})
        texts = body["q"] if isinstance(body["q"], list) else [body["q"]]
        answer = json.dumps({"translatedText": [f"[EN] {text}" for text in texts]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def libretranslate(settings, monkeypatch):
    """A fake LibreTranslate on 127.0.0.1, configured as the environment would."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLibreTranslate)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # a proxy in the environment stays unused
    FakeLibreTranslate.received = []
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator(
        {"LIBRETRANSLATE_URL": f"http://127.0.0.1:{server.server_port}/",
         "LIBRETRANSLATE_API_KEY": "hub-test-key"}
    )  # fmt: skip
    yield FakeLibreTranslate.received
    server.shutdown()
    server.server_close()


def test_the_environment_decides():
    assert machine_translator({}) is None
    assert machine_translator({"LIBRETRANSLATE_URL": "  ", "LIBRETRANSLATE_API_KEY": "k"}) is None
    assert machine_translator(
        {"LIBRETRANSLATE_URL": "https://translate.example/", "LIBRETRANSLATE_API_KEY": "k"}
    ) == {
        "CLASS": LIBRETRANSLATOR,
        "OPTIONS": {
            "LIBRETRANSLATE_URL": "https://translate.example",
            "API_KEY": "k",
            "TIMEOUT": 10,
        },
    }


@pytest.mark.skipif(
    bool(os.environ.get("LIBRETRANSLATE_URL")), reason="LIBRETRANSLATE_URL is set here"
)
def test_off_by_default(admin, squash, rf, django_user_model):
    assert get_machine_translator() is None
    assert editor_props(admin, squash)["machineTranslator"] is None
    # The view itself refuses: nothing to call.
    request = rf.post(reverse("wagtail_localize:machine_translate", args=[squash.pk]))
    request.user = django_user_model.objects.get(username="translator")
    with pytest.raises(Http404):
        machine_translate(request, squash.pk)
    assert not StringTranslation.objects.filter(translation_type="machine").exists()


def test_libretranslate_fills_the_english_strings(admin, squash, libretranslate, en):
    offered = editor_props(admin, squash)["machineTranslator"]
    assert offered["name"] == "LibreTranslate"

    response = admin.post(offered["url"], {"next": "/admin/"})
    assert response.status_code == 302

    [request] = libretranslate
    assert request["path"] == "/translate"
    assert (request["source"], request["target"]) == ("vi", "en")
    assert request["api_key"] == "hub-test-key"
    assert "Bí xanh thơm Ba Bể" in request["q"]

    strings = StringTranslation.objects.filter(
        translation_of__segments__source=squash.source, locale=en
    ).select_related("translation_of")
    assert strings and all(s.data == f"[EN] {s.translation_of.data}" for s in strings)
    assert {s.translation_type for s in strings} == {StringTranslation.TRANSLATION_TYPE_MACHINE}
    assert {s.tool_name for s in strings} == {"LibreTranslate"}
    # The editor now shows them, for a person to review before publishing.
    shown = {s["data"] for s in editor_props(admin, squash)["initialStringTranslations"]}
    assert "[EN] Bí xanh thơm Ba Bể" in shown
