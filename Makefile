# The two commands: `make run` (the demo site on http://127.0.0.1:8000) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ADDR ?= 127.0.0.1:8000

.PHONY: run test lint format messages demo chromium system-packages serve clean bench

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

messages: $(STAMP) $(NODE_STAMP)
	$(PY) manage.py compilemessages --ignore=.venv -v 0

demo: $(STAMP) messages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo

run: demo
	$(PY) manage.py runserver $(ADDR)

# Debian's Chromium for the browser tests (Playwright drives it; it downloads no browser).
chromium:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/djhtml --check templates

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .
	$(VENV)/bin/djhtml templates

test: $(STAMP) chromium messages lint
	DJANGO_SETTINGS_MODULE=showcase.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=showcase.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var db.sqlite3* node_modules

# Benchmarks print figures; they are not part of `make test`.
bench: $(STAMP) messages
	$(PY) bench/catalogue.py
	$(PY) bench/printing.py
