# Every target creates .venv and installs the pinned dependencies on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export FANCOINS_DATABASE_URL ?= sqlite+aiosqlite:///./var/fancoins.db

.PHONY: run test lint bench install clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/fancoins serve --demo

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -n 2 --durations=15

# Benchmarks run on their own databases (never the demo's): a throwaway PostgreSQL and a fresh
# SQLite file. Compare figures only within one run: the machine is shared and noisy.
bench: $(STAMP)
	$(BIN)/fancoins bench gifts --start-postgres
	rm -f var/bench.db var/bench.db-wal var/bench.db-shm
	$(BIN)/fancoins bench gifts --database-url sqlite+aiosqlite:///./var/bench.db
	$(BIN)/fancoins bench http --start-postgres
	$(BIN)/fancoins bench live
	$(BIN)/fancoins bench live --servers 2 --viewers 10000 --viewer-processes 4
	$(BIN)/fancoins bench fanout

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
