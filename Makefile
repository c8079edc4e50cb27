# spinepath: `make run` and `make test` are the only two commands a new machine needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk
ASSETS_STAMP := static/.assets-stamp
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
MANAGE := SPINEPATH_DEBUG=true $(BIN)/spinepath-manage
# `make run`: the production server with debug off, a secret kept in var/ for the demo.
DEMO_KEY := var/demo-secret-key
SPINEPATH_BIND ?= 127.0.0.1:8000
export SPINEPATH_BIND
DEMO_ENV := SPINEPATH_SECRET_KEY="$$(cat $(DEMO_KEY))" SPINEPATH_ALLOWED_HOSTS=127.0.0.1,localhost

.DEFAULT_GOAL := help
.PHONY: help install assets chromium pg-client run demo-code run-cli test lint typecheck tests tests-postgres clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)  ## Create .venv and install spinepath with its pinned dependencies

# NHS.UK frontend, htmx and Swagger UI from npm, copied into static/ (gitignored) for
# whitenoise. The CSS points at /assets/images/...; rewrite that to a path relative to the
# CSS file. Its @font-face rules fetch the Frutiger web font from assets.nhs.uk, which
# fails offline and is not ours to ship: drop them, so text uses the CSS's own fallback
# (Arial, sans-serif). Nothing may load from another host (the Content-Security-Policy).
$(ASSETS_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/nhsuk static/htmx static/swagger-ui
	mkdir -p static/nhsuk static/htmx static/swagger-ui
	sed -e 's#url(/assets/#url(assets/#g' -e 's#@font-face{[^}]*}##g' $(NHSUK)/nhsuk-frontend.min.css > static/nhsuk/nhsuk-frontend.min.css
	! grep -nE 'url\("?https?:' static/nhsuk/nhsuk-frontend.min.css
	cp $(NHSUK)/nhsuk-frontend.min.js $(NHSUK)/nhsuk-frontend.min.js.map static/nhsuk/
	cp -R $(NHSUK)/assets static/nhsuk/assets
	cp node_modules/htmx.org/dist/htmx.min.js static/htmx/
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css static/swagger-ui/
	touch $(ASSETS_STAMP)

assets: $(ASSETS_STAMP)  ## Install the front-end assets (npm ci) into static/

chromium:  ## Install Debian's Chromium for the browser tests, if it is missing
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

$(DEMO_KEY):
	@mkdir -p var
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

pg-client:  ## Install pg_dump/pg_restore (backups, their tests), if missing
	@command -v pg_dump >/dev/null || (apt-get update && apt-get install -y postgresql-client)

run: install assets $(DEMO_KEY)  ## Migrate, seed demo data and serve it with gunicorn (debug off)
	@$(DEMO_ENV) $(BIN)/spinepath-manage migrate --verbosity 0
	@$(DEMO_ENV) $(BIN)/spinepath-manage seed_demo
	@echo
	@echo "  spinepath is at http://$(SPINEPATH_BIND)  (log in with a demo login above; staff then need: make demo-code EMAIL=...)"
	@echo
	$(DEMO_ENV) $(BIN)/gunicorn -c python:spinepath.web.gunicorn_conf spinepath.web.wsgi

demo-code: install  ## Print a demo user's current two-step code: make demo-code EMAIL=clinician@demo.spinepath
	@$(MANAGE) demo_totp $(EMAIL)

run-cli: install  ## Assess the bundled example case (the seed clinic's patient)
	$(BIN)/spinepath assess examples/seed-case.json

lint: install  ## ruff (lint and format check) and import-linter
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: install  ## mypy, strict on the clinical core, batch scorer and CLI
	$(BIN)/mypy

tests: install assets chromium  ## The test suite on SQLite, browser tests included
	$(BIN)/pytest

tests-postgres: install assets pg-client  ## The database-backed tests again, on PostgreSQL ($(POSTGRES_URL))
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -m database -p no:cacheprovider

test: lint typecheck tests tests-postgres  ## Everything CI runs

clean:  ## Remove the virtual environment, assets and caches
	rm -rf $(VENV) node_modules static .pytest_cache .mypy_cache .ruff_cache
