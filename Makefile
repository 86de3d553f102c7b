# Every target creates .venv and installs the pinned dependencies on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export FANCOINS_DATABASE_URL ?= sqlite+aiosqlite:///./var/fancoins.db

NODE_STAMP := node_modules/.package-lock.json
API_SCHEMA := var/openapi.json
API_TYPES := var/api-types.d.ts

CLIENT_NODE_STAMP := clients/typescript/node_modules/.package-lock.json

.PHONY: run test lint web-check screenshots bench install clean docs docs-assets clients

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# The web app's dev tooling (type check, vendoring): npm ci whenever node_modules is missing
# or older than the lock file.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP)

run: $(STAMP)
	$(BIN)/fancoins serve --demo

lint: $(STAMP) web-check
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports

# The web app against the API it talks to: types generated from the schema, the scripts
# type-checked with them, the vendored modules equal to the locked packages.
web-check: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m fancoins.web.schema $(API_SCHEMA)
	node_modules/.bin/openapi-typescript $(API_SCHEMA) -o $(API_TYPES) --silent
	node scripts/vendor-web.mjs --check
	node_modules/.bin/tsc --noEmit -p tsconfig.json

# Every main screen, desktop and 390 px phone, into docs/screenshots/ (shown in the README).
screenshots: $(STAMP)
	FANCOINS_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/web/test_screenshots.py

# Bytecode first: where PYTHONDONTWRITEBYTECODE is set, every test worker, server and CLI
# process would compile the package again (~0.3 s of CPU each, hundreds of processes a run).
test: lint $(CLIENT_NODE_STAMP)
	$(BIN)/python -m compileall -q src
	$(BIN)/pytest -n auto --maxprocesses 4 --durations=15

# Benchmarks run on their own databases (never the demo's): a throwaway PostgreSQL and a fresh
# SQLite file. Compare figures only within one run: the machine is shared and noisy.
# Every benchmark runs even when one before it fails; the last command prints every
# verdict against its target in one table, and fails if a figure was not measured.
SCORECARD := var/bench-scorecard.jsonl
BENCH = $(BIN)/fancoins bench --scorecard $(SCORECARD)

bench: $(STAMP)
	mkdir -p var && rm -f $(SCORECARD) var/bench.db var/bench.db-wal var/bench.db-shm
	-$(BENCH) gifts --start-postgres --webhooks
	-$(BENCH) gifts --database-url sqlite+aiosqlite:///./var/bench.db --webhooks
	-$(BENCH) http --start-postgres --processes 3
	-$(BENCH) http --start-postgres --server granian --batch-size 0
	-$(BENCH) live --features
	-$(BENCH) live --servers 2 --viewers 10000 --viewer-processes 4
	-$(BENCH) fanout
	-$(BENCH) verify --start-postgres
	$(BIN)/fancoins bench report --require-all $(SCORECARD)

# The generated reference pages in docs/ (problem types, LIVE events, AsyncAPI document); a
# test fails while a committed page differs from what the code generates.
docs: $(STAMP)
	$(BIN)/python -m fancoins.api.reference docs docs

# Both SDKs regenerated from the app's OpenAPI schema (no server needed); a test fails while
# the committed clients differ from what the schema generates.
$(CLIENT_NODE_STAMP): clients/typescript/package.json clients/typescript/package-lock.json
	cd clients/typescript && npm ci --no-audit --no-fund --loglevel=error
	touch $(CLIENT_NODE_STAMP)

clients: $(STAMP) $(CLIENT_NODE_STAMP)
	clients/generate.sh

# Swagger UI and ReDoc, vendored so /docs and /redoc work offline (see VENDORED.md there).
SWAGGER_UI_VERSION := 5.35.0
REDOC_VERSION := 2.5.4
DOCS_ASSETS := src/fancoins/api/static/docs
docs-assets:
	rm -rf var/docs-assets && mkdir -p var/docs-assets
	cd var/docs-assets && npm pack --silent swagger-ui-dist@$(SWAGGER_UI_VERSION) redoc@$(REDOC_VERSION) \
		&& mkdir swagger redoc && tar xzf swagger-ui-dist-*.tgz -C swagger && tar xzf redoc-*.tgz -C redoc
	cp $(addprefix var/docs-assets/swagger/package/,swagger-ui-bundle.js swagger-ui-bundle.js.LICENSE.txt \
		swagger-ui.css favicon-32x32.png LICENSE NOTICE) $(DOCS_ASSETS)/swagger-ui/
	cp $(addprefix var/docs-assets/redoc/package/,bundles/redoc.standalone.js \
		bundles/redoc.standalone.js.LICENSE.txt LICENSE) $(DOCS_ASSETS)/redoc/
	cd $(DOCS_ASSETS) && sha256sum */*.js */*.css

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache .hypothesis
