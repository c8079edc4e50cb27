# spinepath: `make run` and `make test` are the only two commands a new machine needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk
ASSETS_STAMP := static/.assets-stamp
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
MANAGE := SPINEPATH_DEBUG=true $(BIN)/spinepath-manage

.DEFAULT_GOAL := help
.PHONY: help install assets chromium run demo-code run-cli test lint typecheck tests tests-postgres clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)  ## Create .venv and install spinepath with its pinned dependencies

# NHS.UK frontend and htmx from npm, copied into static/ (gitignored) for whitenoise.
# The CSS points at /assets/images/...; rewrite that to a path relative to the CSS file.
$(ASSETS_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/nhsuk static/htmx
	mkdir -p static/nhsuk static/htmx
	sed 's#url(/assets/#url(assets/#g' $(NHSUK)/nhsuk-frontend.min.css > static/nhsuk/nhsuk-frontend.min.css
	cp $(NHSUK)/nhsuk-frontend.min.js $(NHSUK)/nhsuk-frontend.min.js.map static/nhsuk/
	cp -R $(NHSUK)/assets static/nhsuk/assets
	cp node_modules/htmx.org/dist/htmx.min.js static/htmx/
	touch $(ASSETS_STAMP)

assets: $(ASSETS_STAMP)  ## Install the front-end assets (npm ci) into static/

chromium:  ## Install Debian's Chromium for the browser tests, if it is missing
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

run: install assets  ## Migrate, seed demo data and serve the web app at http://127.0.0.1:8000
	$(MANAGE) migrate --verbosity 0
	$(MANAGE) seed_demo
	@echo
	@echo "  spinepath is at http://127.0.0.1:8000  (log in with a demo login above; staff then need `make demo-code EMAIL=...`)"
	@echo
	$(MANAGE) runserver 127.0.0.1:8000

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

tests-postgres: install assets  ## The database-backed tests again, on PostgreSQL ($(POSTGRES_URL))
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -m database -p no:cacheprovider

test: lint typecheck tests tests-postgres  ## Everything CI runs

clean:  ## Remove the virtual environment, assets and caches
	rm -rf $(VENV) node_modules static .pytest_cache .mypy_cache .ruff_cache
