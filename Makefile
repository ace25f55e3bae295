# AIM Tracker: the two commands you need are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
# make test runs the suite on two workers (pytest-xdist); PARALLEL= runs it in one process.
PARALLEL ?= -n 2 --dist loadfile

.DEFAULT_GOAL := help
.PHONY: help run test test-fast lint fmt translations translations-update db-upgrade seed clean

help: ## Show this help
	@grep -E '^[a-z-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "} {printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(BIN)/.dev-installed: requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(BIN)/.installed

translations: $(BIN)/.installed ## Compile the message catalogues (every language in app/translations)
	@$(BIN)/pybabel compile -d app/translations >/dev/null

translations-update: $(BIN)/.installed ## Re-extract messages into the catalogues after changing text
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--project "AIM Tracker" -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete

db-upgrade: $(BIN)/.installed ## Apply database migrations
	$(FLASK) db upgrade

seed: db-upgrade ## Load the demo city (safe to repeat)
	$(FLASK) seed --demo --base-url http://$(HOST):$(PORT)

run: translations seed ## Install, migrate, load the demo city and serve on http://127.0.0.1:5000
	@echo "Serving AIM Tracker on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(FLASK) run --host $(HOST) --port $(PORT)

test: $(BIN)/.dev-installed ## Lint, then run the whole test suite (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r app config.py wsgi.py --severity-level medium
	@# import-linter prints through rich, whose style codes stay even with NO_COLOR: strip them
	@$(BIN)/lint-imports --no-cache > .lint-imports.log 2>&1; rc=$$?; \
		sed 's/\x1b\[[0-9;]*m//g' .lint-imports.log; rm -f .lint-imports.log; exit $$rc
	$(BIN)/mypy
	@$(BIN)/pybabel compile -d app/translations >/dev/null
	@# Two workers, a test file each at a time; the wall-clock budgets run alone afterwards.
	env -u TEST_DATABASE_URL -u REQUIRE_POSTGRES $(BIN)/python -m pytest $(PARALLEL) -m "not timing"
	env -u TEST_DATABASE_URL -u REQUIRE_POSTGRES $(BIN)/python -m pytest -m timing
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== the same suite on PostgreSQL: $$TEST_DATABASE_URL"; \
		$(BIN)/python -m pytest $(PARALLEL) -m "not timing" && $(BIN)/python -m pytest -m timing; \
	fi

test-fast: $(BIN)/.dev-installed ## Quick pytest on SQLite: no lint, no slow, browser or PostgreSQL tests
	@$(BIN)/pybabel compile -d app/translations >/dev/null
	env -u TEST_DATABASE_URL -u REQUIRE_POSTGRES $(BIN)/python -m pytest -q -n 2 \
		-m "not slow and not browser and not postgres"

lint: $(BIN)/.dev-installed ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: typecheck
typecheck: $(BIN)/.dev-installed ## mypy over app/, config.py and wsgi.py (settings in pyproject.toml)
	$(BIN)/mypy

fmt: $(BIN)/.dev-installed ## Format and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean: ## Remove the virtualenv and caches (keeps instance/)
	rm -rf $(VENV) .pytest_cache .ruff_cache
