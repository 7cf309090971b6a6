"""Every public page type, in both languages, is valid HTML by the Nu Html Checker (the
W3C validator's engine, from the npm package vnu-jar; `make test` installs Java for it)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from products.models import ProductPage
from tests.public_pages import LANGUAGES, SHORTLISTED, inquiry_fields, public_pages

VNU = (
    Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)
JAVA = shutil.which("java")

pytestmark = [
    pytest.mark.django_db,
    # A developer without Java skips this; CI must have it (`make test` installs it).
    pytest.mark.skipif(
        JAVA is None and os.environ.get("CI") != "true",
        reason="java is missing: `make test` installs default-jre-headless",
    ),
]


def rendered_pages(client, language):
    """(name, html) of each public page in `language`, then of the pages behind a session."""
    for name, path in public_pages(language):
        response = client.get(path)
        assert response.status_code == (404 if name == "not-found" else 200), path
        yield name, response.content
    product = ProductPage.objects.get(import_ref=SHORTLISTED, locale__language_code=language)
    client.post(f"/{language}/shortlist/add/", {"product": product.pk})
    yield "shortlist", client.get(f"/{language}/shortlist/").content
    form = {**inquiry_fields(language), "consent": "on"}
    # A row of quantities the buyer got wrong: the errors' markup too (issue 20).
    wrong = {**form, f"item-{product.pk}-quantity": "-1", f"item-{product.pk}-unit": "c40r"}
    response = client.post(f"/{language}/inquiry/?shortlist=1", wrong)
    assert response.status_code == 400
    yield "inquiry-shortlist-errors", response.content
    yield (
        "inquiry-producer",
        client.get(f"/{language}/inquiry/?producer={product.producer_id}").content,
    )
    response = client.post(f"/{language}/inquiry/?shortlist=1", form, follow=True)
    assert response.redirect_chain, response.content.decode()[:2000]
    yield "inquiry-sent", response.content


@pytest.fixture
def pictures(db):
    """Pictures where the demo has them (tests/data has none): every page's hero, and the
    shortlisted product's picture and gallery, so that their srcset markup is checked too."""
    from django.apps import apps
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from products.models import ProductImage
    from showcase.base import HubPage

    picture = Image.objects.create(title="Tea hills", file=get_test_image_file(size=(1200, 900)))
    for model in apps.get_models():
        if issubclass(model, HubPage):
            model.objects.update(hero_image=picture)
    products = ProductPage.objects.filter(import_ref=SHORTLISTED)
    products.update(image=picture)
    for product in products:
        ProductImage.objects.create(product=product, image=picture, caption="Tea hills")


def test_every_public_page_is_valid_html(client, certificates_in_force, pictures, tmp_path):
    assert VNU.exists(), "node_modules/vnu-jar is missing: `make test` runs `npm ci`"
    assert JAVA, "java is missing: `make test` installs default-jre-headless"
    files = []
    for language in LANGUAGES:
        for name, html in rendered_pages(client, language):
            path = tmp_path / f"{language}-{name}.html"
            path.write_bytes(html)
            files.append(str(path))
            if name in ("home", "product"):  # the pictures' markup is among what is checked
                assert b" srcset=" in html, name
    # One JVM for every file: it takes seconds to start.
    checked = subprocess.run(
        [JAVA, "-jar", str(VNU), "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # vnu writes its JSON report to standard error.
    messages = json.loads(checked.stderr or "{}").get("messages", [])
    errors = [
        f"{Path(message.get('url', '?')).name}:{message.get('lastLine', '?')}: "
        f"{message.get('message')} [{message.get('extract', '').strip()[:120]}]"
        for message in messages
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
    assert checked.returncode == 0, checked.stderr
