# The two commands: `make run` (the demo site on http://127.0.0.1:8000) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ADDR ?= 127.0.0.1:8000

.PHONY: run national test lint format messages demo chromium java system-packages serve clean bench audit serve-prod wrk

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-packages
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $@

# gettext compiles the message catalogues; npm fetches Leaflet (package.json); WeasyPrint
# prints the PDF catalogues with Pango and the DejaVu fonts (Vietnamese diacritics).
system-packages:
	@command -v msgfmt >/dev/null || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q gettext)
	@command -v npm >/dev/null || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q nodejs npm)
	@(ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -q DejaVuSans) || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig)

# Front-end libraries from the npm registry, served as the hub's own static files.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system-packages
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# Compiled when a catalogue changed (its stamp is named by their checksum), so two `make
# test` at once (.ci/run) do not rewrite the .mo files under each other's feet.
PO_FILES := $(shell find locale locale_overrides -name '*.po' 2>/dev/null)
MO_STAMP := var/.messages-$(shell cat $(PO_FILES) /dev/null | cksum | cut -d' ' -f1)
$(MO_STAMP): $(PO_FILES) | $(STAMP) $(NODE_STAMP)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
	@mkdir -p var && rm -f var/.messages-* && touch $@

messages: $(STAMP) $(NODE_STAMP) $(MO_STAMP)

demo: $(STAMP) messages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo

run: demo
	$(PY) manage.py runserver $(ADDR)

# The national catalogue (20,000 generated products per language, PRODUCTS=N to change)
# in the same database as `make run`, which then serves it.
PRODUCTS ?= 20000
national: demo
	$(PY) manage.py load_national --products $(PRODUCTS)

# The site the production way, on loopback only: production settings, collectstatic's hashed
# files served by whitenoise, gunicorn with gunicorn.conf.py, on its own database
# (var/prod.sqlite3 unless DATABASE_URL is set), filled with the demo when it is empty.
# SECRET_KEY: a throwaway one kept in var/ unless set. Plain http on 127.0.0.1, so cookies
# are not marked Secure and nothing redirects to https (a deployment keeps both, behind
# TLS); Django serves the media itself here (HUB_SERVE_MEDIA), which a deployment leaves
# to object storage or its web server.
PROD_ADDR ?= 127.0.0.1:8000
PROD_ENV = DJANGO_SETTINGS_MODULE=showcase.settings.production \
	DATABASE_URL="$${DATABASE_URL:-sqlite:///$(CURDIR)/var/prod.sqlite3}" \
	MEDIA_ROOT="$${MEDIA_ROOT:-$(CURDIR)/var/prod-media}" \
	SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret-key)}" \
	ALLOWED_HOSTS=127.0.0.1,localhost SECURE_COOKIES=false SECURE_SSL_REDIRECT=false \
	WAGTAILADMIN_BASE_URL=http://$(PROD_ADDR) HUB_SERVE_MEDIA=true GUNICORN_BIND=$(PROD_ADDR)

serve-prod: $(STAMP) messages
	@case "$(PROD_ADDR)" in 127.0.0.1:*|localhost:*) ;; *) echo "PROD_ADDR must be on loopback"; exit 1;; esac
	@mkdir -p var && [ -n "$$SECRET_KEY" ] || [ -s var/secret-key ] || \
		(umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret-key)
	$(PROD_ENV) $(PY) manage.py collectstatic --noinput -v 0
	$(PROD_ENV) $(PY) manage.py migrate --noinput -v 0
	@if $(PROD_ENV) $(PY) manage.py shell -c \
		"from showcase.models import HomePage; raise SystemExit(HomePage.objects.exists())"; \
	then $(PROD_ENV) LOG_LEVEL=WARNING $(PY) manage.py load_demo; else echo "The database has content: no demo loaded."; fi
	$(PROD_ENV) $(VENV)/bin/gunicorn --config gunicorn.conf.py

# Debian's Chromium for the browser tests (Playwright drives it; it downloads no browser).
chromium:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium)

# Java runs the Nu Html Checker (npm's vnu-jar) in tests/test_html_validity.py.
java:
	@command -v java >/dev/null || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q default-jre-headless)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/djhtml --check templates

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .
	$(VENV)/bin/djhtml templates

test: $(STAMP) chromium java messages lint
	DJANGO_SETTINGS_MODULE=showcase.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=showcase.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var db.sqlite3* node_modules

# Benchmarks print figures; they are not part of `make test`.
# wrk (Debian's package) loads the site for bench/load.py.
wrk:
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q wrk)

# bench/pages.py builds its demo and national databases on first use (~12 min).
bench: $(STAMP) messages wrk
	$(PY) bench/pages.py
	$(PY) bench/admin.py
	$(PY) bench/profiles.py
	$(PY) bench/matching.py
	$(PY) bench/printing.py
	$(PY) bench/load.py
	$(PY) bench/load.py --national

# Lighthouse's mobile scores of the main pages, from `make serve-prod` on a free port (its
# own database, var/audit.sqlite3, with the demo content). Not part of `make test` either.
audit: $(STAMP) messages chromium
	$(PY) bench/audit.py $(AUDIT_ARGS)
