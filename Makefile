# spinepath: `make run` and `make test` are the only two commands a new machine needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help install run test lint typecheck tests clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)  ## Create .venv and install spinepath with its pinned dependencies

run: install  ## Assess the bundled example case (the seed clinic's patient)
	$(BIN)/spinepath assess examples/seed-case.json

lint: install  ## ruff (lint and format check) and import-linter
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: install  ## mypy, strict on the clinical core, batch scorer and CLI
	$(BIN)/mypy

tests: install  ## The test suite only
	$(BIN)/pytest

test: lint typecheck tests  ## Everything CI runs

clean:  ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
