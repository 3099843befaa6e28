# Khabar: `make run` serves the demo, `make test` runs the suite. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=
# Every language with a folder under locale/ gets its catalog refreshed by `make messages`.
LOCALES := $(notdir $(wildcard locale/*))

.PHONY: run test install messages compilemessages migrate demo check browser-tools clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when requirements.txt changes.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

compilemessages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var --ignore=node_modules --verbosity=0

migrate: compilemessages
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py serve 127.0.0.1:$(PORT)

test: compilemessages
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity=1
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# For translators: refresh the catalogs from the code (needs GNU gettext): django.po for
# Python and templates, djangojs.po for the admin's JavaScript (cms/i18n_vendor.js).
messages: install
	$(BIN)/python manage.py makemessages $(addprefix -l ,$(LOCALES)) --no-obsolete --add-location=file --no-wrap \
		--ignore=.venv --ignore=var --ignore=node_modules --ignore=tests
	$(BIN)/python manage.py makemessages -d djangojs $(addprefix -l ,$(LOCALES)) --no-obsolete --add-location=file --no-wrap \
		--ignore=.venv --ignore=var --ignore=node_modules --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var --ignore=node_modules --verbosity=0

# Tools for the browser-marked tests: Debian's Chromium (installed as root when missing; Playwright
# drives it, and never downloads a browser of its own), and the npm validators pinned in
# package-lock.json (the Nu HTML Checker's vnu.jar, run with Java, and axe-core).
browser-tools:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update && apt-get install -y --no-install-recommends chromium; \
		else \
			echo "Chromium is missing; as root run: apt-get update && apt-get install -y chromium"; \
		fi; \
	fi
	@if ! command -v java >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update && apt-get install -y --no-install-recommends default-jre-headless; \
		else \
			echo "Java is missing; as root run: apt-get update && apt-get install -y default-jre-headless"; \
		fi; \
	fi
	npm ci --ignore-scripts --no-audit --no-fund

clean:
	rm -rf $(VENV) var node_modules

# The benchmark (docs/benchmark.md): its own database (PostgreSQL when DATABASE_URL points to one,
# else SQLite under var/bench/), gunicorn + wrk over loopback, report in var/bench/latest.*.
# wrk comes from Debian; installed here when missing and running as root.
BENCH_ARTICLES ?= 20000
BENCH_SECONDS ?= 20
BENCH_SOAK_SECONDS ?= 0
bench: compilemessages
	@if ! command -v wrk >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update && apt-get install -y --no-install-recommends wrk; \
		else \
			echo "wrk is missing; as root run: apt-get update && apt-get install -y wrk"; exit 1; \
		fi; \
	fi
	BENCH_ARTICLES=$(BENCH_ARTICLES) BENCH_SECONDS=$(BENCH_SECONDS) BENCH_SOAK_SECONDS=$(BENCH_SOAK_SECONDS) \
		$(BIN)/python manage.py bench
