"""Security headers on every kind of response, and Django's deployment check on the
production settings (showcase/settings/base.py and production.py, showcase/security.py)."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from products.models import ProductPage
from showcase.settings import base
from showcase.settings.environment import map_tiles_sources

from .public_pages import LANGUAGES, SHORTLISTED, public_pages

ROOT = Path(__file__).resolve().parents[1]


def policy(response, header="Content-Security-Policy"):
    """The response's CSP as {directive: [sources]}."""
    assert header in response, f"no {header} on {response.wsgi_request.path}"
    directives = {}
    for part in response[header].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def public_responses(client, language):
    """(name, response) of one page of every public type in `language`, and of the API."""
    for name, path in public_pages(language):
        yield name, client.get(path)
    product = ProductPage.objects.get(import_ref=SHORTLISTED, locale__language_code=language)
    client.post(f"/{language}/shortlist/add/", {"product": product.pk})
    yield "shortlist", client.get(f"/{language}/shortlist/")
    yield "api-search", client.get("/api/v1/products/search", {"q": "tea", "lang": language})
    yield "api-error", client.get("/api/v1/products/search", {"stars": "7"})
    yield "api-pages", client.get("/api/v2/pages/", {"locale": language})


@pytest.mark.django_db
def test_every_public_response_has_the_strict_policy_and_the_security_headers(
    client, certificates_in_force
):
    tiles = map_tiles_sources(base.HUB_MAP_TILES_URL)
    seen = set()
    for language in LANGUAGES:
        for name, response in public_responses(client, language):
            seen.add(name)
            where = f"{language} {name} {response.wsgi_request.get_full_path()}"
            expected = 404 if name == "not-found" else 400 if name == "api-error" else 200
            assert response.status_code == expected, where
            csp = policy(response)
            assert "'unsafe-inline'" not in response["Content-Security-Policy"], where
            assert "'unsafe-eval'" not in response["Content-Security-Policy"], where
            assert csp["default-src"] == ["'self'"], where
            assert csp["script-src"] == ["'self'"], where
            assert csp["style-src"] == ["'self'"], where
            assert csp["img-src"] == ["'self'", "data:", *tiles], where
            assert csp["object-src"] == ["'none'"], where
            assert csp["base-uri"] == ["'self'"], where
            assert csp["form-action"] == ["'self'"], where
            assert csp["frame-ancestors"] == ["'none'"], where
            assert response["X-Frame-Options"] == "DENY", where
            assert response["X-Content-Type-Options"] == "nosniff", where
            assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", where
            assert response["Cross-Origin-Opener-Policy"] == "same-origin", where
            features = dict(
                item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
            )
            for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
                assert features[feature] == "()", (where, feature)
            assert features["browsing-topics"] == "()", where
    assert {"home", "catalogue", "product", "event", "sales-points", "inquiry-form"} <= seen
    assert {"not-found", "shortlist", "api-search", "api-pages"} <= seen


@pytest.mark.django_db
def test_the_sales_point_map_page_allows_its_tiles_and_the_json_it_reads(client):
    response = client.get("/en/sales-points/")
    # The markers are a JSON data block (not executed), read by the static map.js.
    assert b'<script id="sales-map-markers" type="application/json">' in response.content
    assert b"<script>" not in response.content
    assert b" style=" not in response.content
    assert "data:" in policy(response)["img-src"]


@pytest.mark.django_db
def test_the_admin_has_its_own_looser_policy_and_the_api_docs_the_strict_one(client):
    admin = policy(client.get("/admin/login/"))
    # Wagtail's admin needs inline scripts and style attributes, nothing else.
    assert admin["script-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["style-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["frame-ancestors"] == ["'self'"]  # its preview frames
    assert admin["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in client.get("/admin/login/")["Content-Security-Policy"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert policy(docs)["script-src"] == ["'self'"]
    assert policy(docs)["style-src"] == ["'self'"]


@pytest.mark.parametrize(
    ("tiles_url", "sources"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", ["https://tile.openstreetmap.org"]),
        ("https://{s}.tile.example.com/{z}/{x}/{y}.png", ["https://*.tile.example.com"]),
        ("https://tiles-{s}.maps.example:8443/{z}/{x}/{y}", ["https://*.maps.example:8443"]),
        ("//tiles.example/{z}/{x}/{y}.png", ["tiles.example"]),
        ("", []),
        (None, []),
        ("/local/tiles/{z}/{x}/{y}.png", []),  # the hub's own origin: 'self' covers it
        ("javascript:alert(1)//{z}", []),
    ],
)
def test_the_map_tile_server_origin_comes_from_the_tiles_setting(tiles_url, sources):
    assert map_tiles_sources(tiles_url) == sources


# --- The production settings -----------------------------------------------------------------


def production_env(tmp_path, **overrides):
    """The environment the README's production section documents, with `overrides`."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="showcase.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="hub.example",
        CSRF_TRUSTED_ORIGINS="https://hub.example",
        TRUST_X_FORWARDED_PROTO="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'never-opened.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def deploy_check(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_documented_production_environment_passes_the_deployment_check(tmp_path):
    result = deploy_check(production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_check_fails_on_a_misconfigured_production(tmp_path):
    misconfigured = {
        "SECRET_KEY": "change-me",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_SSL_REDIRECT": "false",
    }
    result = deploy_check(production_env(tmp_path, **misconfigured))
    assert result.returncode != 0
    # Each mistake is named: weak key, cookies over HTTP, no HSTS, no redirect to HTTPS.
    for warning in ("W009", "W012", "W016", "W004", "W008"):
        assert f"security.{warning}" in result.stderr


# Requests through the whole middleware stack under the production settings: /healthz never
# opens the database.
PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client()
plain = client.get("/healthz", headers={"host": "hub.example"})
home = client.get("/en/", headers={"host": "hub.example"})
tls = client.get("/healthz", headers={"host": "hub.example", "x-forwarded-proto": "https"})
print(json.dumps({
    "plain": plain.status_code,
    "home": [home.status_code, home.get("Location")],
    "tls": [tls.status_code, tls.get("Strict-Transport-Security")],
}))
"""


def production_probe(env):
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_redirects_to_https_and_sends_hsts(tmp_path):
    answers = production_probe(production_env(tmp_path))
    assert answers["plain"] == 200  # the load balancer's plain-HTTP health probe
    assert answers["home"] == [301, "https://hub.example/en/"]
    assert answers["tls"] == [200, "max-age=31536000; includeSubDomains"]


# --- What the public policy forbids, kept out of the templates --------------------------------

# Rendered to PDF by WeasyPrint, never sent to a browser: its <style> is fine.
NOT_FOR_BROWSERS = {"products/print/catalogue.html"}
BLOCKED_BY_THE_POLICY = re.compile(
    r"""\sstyle\s*=|<style\b|\son[a-z]+\s*=|javascript:"""
    # An inline script; JSON data blocks (json_script, JSON-LD) are not executed.
    r"""|<script\b(?![^>]*\bsrc=)(?![^>]*type="application/(ld\+)?json")""",
    re.IGNORECASE,
)


def test_no_template_or_script_uses_what_the_policy_blocks():
    found = []
    templates = ROOT / "templates"
    for path in sorted(templates.rglob("*.html")):
        name = path.relative_to(templates).as_posix()
        # The admin's own templates fall under the admin's policy.
        if name in NOT_FOR_BROWSERS or "/admin/" in f"/{name}":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if BLOCKED_BY_THE_POLICY.search(line):
                found.append(f"templates/{name}:{number}: {line.strip()}")
    for path in sorted((ROOT / "static" / "js").glob("*.js")):
        text = path.read_text(encoding="utf-8")
        for pattern in ("style=", "innerHTML", "insertAdjacentHTML", "eval(", "new Function"):
            if pattern in text:
                found.append(f"static/js/{path.name}: {pattern}")
    assert not found, "\n".join(found)


def test_the_server_error_page_is_styled_by_a_file(rf):
    from django.contrib.staticfiles import finders
    from django.views.defaults import server_error

    html = server_error(rf.get("/")).content.decode()
    assert 'href="/static/css/error.css"' in html
    assert not BLOCKED_BY_THE_POLICY.search(html)
    assert finders.find("css/error.css")
