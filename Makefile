# The front door. Works in a plain virtualenv; `make help` lists the targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
MSG_IGNORE := --ignore=.venv --ignore=var --ignore=node_modules
SQLITE_TEST_URL := sqlite:///$(CURDIR)/var/test.sqlite3

.DEFAULT_GOAL := help
.PHONY: help install run migrate demo messages makemessages test test-sqlite test-postgres test-browser browser-deps lint format check lock clean publish-scheduled bench bench-pages serve backup restore bench-load

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.lock
	@test -n "$(PYTHON)" || (echo "Python 3.11 is required (python3.11 or python3 on PATH)." && exit 1)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@mkdir -p var
	touch $@

install: $(BIN)/.installed  ## Create .venv and install the locked dependencies

messages: install  ## Compile the message catalogs (locale/*.po → .mo)
	$(MANAGE) compilemessages $(MSG_IGNORE) -v0

# The source strings are Chinese: the Chinese catalog gives each back as written (msgen), as a
# string missing from it walks the chain of every app's catalog on each use.
makemessages: install  ## Update the message catalogs from the source
	$(MANAGE) makemessages -l zh_Hans -l en $(MSG_IGNORE) --no-obsolete
	msgen locale/zh_Hans/LC_MESSAGES/django.po -o locale/zh_Hans/LC_MESSAGES/django.po

migrate: install
	$(MANAGE) migrate --noinput -v1

demo: migrate  ## Load the demo content (safe to run again)
	$(MANAGE) load_demo

run: messages demo  ## Set up everything and serve the site with demo content on http://127.0.0.1:8000/
	$(MANAGE) ensure_dev_admin
	$(MANAGE) create_demo_users
	@echo "Site: http://$(HOST):$(PORT)/   Admin: http://$(HOST):$(PORT)/admin/"
	$(MANAGE) runserver $(HOST):$(PORT)

test: test-sqlite test-postgres  ## The whole suite on SQLite and on a real PostgreSQL

# The browser tests (tests/browser: headless Chromium, axe-core, the Nu HTML checker) check
# templates, not the database engine: they run in the SQLite pass only.
test-sqlite: messages browser-deps
	DATABASE_URL=$(SQLITE_TEST_URL) $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: messages  ## Uses DATABASE_URL if it is PostgreSQL, else a throwaway server
	bin/with-postgres $(BIN)/pytest --ignore=tests/browser $(PYTEST_ARGS)

test-browser: messages browser-deps  ## Only the browser tests (screenshots in var/artifacts/)
	DATABASE_URL=$(SQLITE_TEST_URL) $(BIN)/pytest tests/browser $(PYTEST_ARGS)

BROWSER_DIR := tests/browser
$(BROWSER_DIR)/node_modules/.installed: $(BROWSER_DIR)/package-lock.json
	cd $(BROWSER_DIR) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

browser-deps:  ## axe-core and vnu-jar for the browser tests (npm; skipped with a note without npm)
	@if command -v npm >/dev/null; then $(MAKE) -s --no-print-directory $(BROWSER_DIR)/node_modules/.installed; \
	else echo "npm not found: the browser tests will be skipped (CI installs it)"; fi

BENCH_COUNT ?= 2000
PAGE_COUNTS ?= 1000 10000 100000
bench: install bench-pages  ## Page speed and load; search quality and speed (prints figures; long)
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench-quality.sqlite3 $(BIN)/python bench/search_quality.py
	bin/with-postgres $(BIN)/python bench/search_quality.py
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(BIN)/python bench/search_speed.py --count $(BENCH_COUNT)
	bin/with-postgres $(BIN)/python bench/search_speed.py --count $(BENCH_COUNT)

bench-pages: install  ## Page times and queries at PAGE_COUNTS articles, then the load test (PostgreSQL)
	bin/with-postgres bash -c 'for n in $(PAGE_COUNTS); do \
		$(BIN)/python bench/generate_site.py --count $$n && $(BIN)/python bench/page_speed.py \
		|| exit 1; done && $(BIN)/python bench/load.py'

serve: messages  ## The production server: granian, production settings, on $(HOST):$(PORT)
	DJANGO_SETTINGS_MODULE=cms.settings.production $(MANAGE) migrate --noinput -v0
	DJANGO_SETTINGS_MODULE=cms.settings.production $(MANAGE) collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=cms.settings.production SERVER_BIND=$(HOST):$(PORT) \
		$(BIN)/python -m cms.server

backup: install  ## Back up the database and media files to var/backups/<timestamp>/
	$(MANAGE) backup

restore: install  ## Restore a backup: make restore BACKUP=var/backups/<timestamp> (replaces all data)
	@test -n "$(BACKUP)" || (echo "Usage: make restore BACKUP=var/backups/<timestamp>" && exit 1)
	$(MANAGE) restore "$(BACKUP)" $(if $(YES),--yes)

LOAD_URL ?= http://127.0.0.1:8000
bench-load: messages demo  ## 60 s of mixed requests at 64 connections (starts the production server if nothing serves LOAD_URL)
	$(BIN)/python bench/load_mixed.py $(LOAD_URL)

publish-scheduled: install  ## Publish and unpublish what is due (run every few minutes by cron)
	$(MANAGE) publish_scheduled

lint: install  ## ruff check and format check; import-linter's contracts (pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install  ## manage.py check and no missing migrations
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

lock: install  ## Re-resolve requirements.lock from pyproject.toml
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --quiet -o requirements.lock

clean:  ## Remove the virtualenv and local data (database, media)
	rm -rf $(VENV) var

# --- Search engine nodes (issue #7) --------------------------------------------------------------
# A local single-node OpenSearch on 127.0.0.1 from Maven Central jars (Java 17 + Maven, no Docker),
# and a local single-node Elasticsearch 8 from its minimal distribution on Maven Central (Java 17).
SEARCH_ENGINE_PORT ?= 9250
SEARCH_ENGINE_ES_PORT ?= 9251
.PHONY: search-engine search-engine-stop search-engine-es search-engine-es-stop test-engine
search-engine:  ## Start a local OpenSearch node on 127.0.0.1:$SEARCH_ENGINE_PORT (data in var/)
	SEARCH_ENGINE_PORT=$(SEARCH_ENGINE_PORT) bin/search-engine/start

search-engine-stop:  ## Stop the local OpenSearch node
	bin/search-engine/stop

search-engine-es:  ## Start a local Elasticsearch 8 node on 127.0.0.1:$SEARCH_ENGINE_ES_PORT (var/)
	SEARCH_ENGINE_ES_PORT=$(SEARCH_ENGINE_ES_PORT) bin/search-engine/start-es

search-engine-es-stop:  ## Stop the local Elasticsearch node
	bin/search-engine/stop-es

# `make test` also runs the search tests on each of these nodes that answers (skipped with the
# reason otherwise); CI=true makes an unreachable node a failure.
export SEARCH_TEST_ENGINE_URL ?= opensearch://127.0.0.1:$(SEARCH_ENGINE_PORT),elasticsearch://127.0.0.1:$(SEARCH_ENGINE_ES_PORT)

test-engine: messages search-engine search-engine-es  ## Start both nodes and run the engine search tests (SQLite)
	DATABASE_URL=$(SQLITE_TEST_URL) $(BIN)/pytest -m engine tests/search $(PYTEST_ARGS)
