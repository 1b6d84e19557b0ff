# Townhall — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test lint types pytest bench messages install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: install, migrate, load the demo organisation if the database is empty, serve.
run: install
	$(BIN)/townhall migrate --noinput
	$(BIN)/townhall demo --if-empty
	$(BIN)/townhall serve --port $(PORT)

## make test: lint, types, translations and the whole suite (unit, API, browser).
test: install-dev lint types pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install-dev
	$(BIN)/mypy townhall

pytest: install-dev
	TOWNHALL_TESTING=1 $(BIN)/pytest $(PYTEST_ARGS)

## make bench: the quick SQLite benches (minutes). Big PostgreSQL runs: docs/benchmarks.md.
bench: install-dev
	$(BIN)/python -m bench
	$(BIN)/python -m bench.datagen --profile sqlite-10k --scale 0.05
	$(BIN)/python -m bench.scale --only feed,post,reaction,search,mentions --runs 30

## make messages: refresh the translation catalogues after changing strings (needs gettext).
messages: install-dev
	cd townhall && ../$(BIN)/django-admin makemessages --settings=townhall.settings -l nl -l sv -l nb --no-obsolete --ignore=static
	cd townhall && ../$(BIN)/django-admin compilemessages --settings=townhall.settings

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
