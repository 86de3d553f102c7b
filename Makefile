# Every target creates .venv and installs the pinned dependencies on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export FANCOINS_DATABASE_URL ?= sqlite+aiosqlite:///./var/fancoins.db

.PHONY: run test lint bench install clean docs docs-assets clients

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

test: lint $(NODE_MODULES)
	$(BIN)/pytest -n 2 --durations=15

# Benchmarks run on their own databases (never the demo's): a throwaway PostgreSQL and a fresh
# SQLite file. Compare figures only within one run: the machine is shared and noisy.
bench: $(STAMP)
	$(BIN)/fancoins bench gifts --start-postgres
	rm -f var/bench.db var/bench.db-wal var/bench.db-shm
	$(BIN)/fancoins bench gifts --database-url sqlite+aiosqlite:///./var/bench.db
	$(BIN)/fancoins bench http --start-postgres
	$(BIN)/fancoins bench live

# The generated reference pages in docs/ (problem types, LIVE events, AsyncAPI document); a
# test fails while a committed page differs from what the code generates.
docs: $(STAMP)
	$(BIN)/python -m fancoins.api.reference docs docs

# Both SDKs regenerated from the app's OpenAPI schema (no server needed); a test fails while
# the committed clients differ from what the schema generates.
NODE_MODULES := clients/typescript/node_modules/.package-lock.json
$(NODE_MODULES): clients/typescript/package.json clients/typescript/package-lock.json
	cd clients/typescript && npm ci --no-audit --no-fund
	touch $(NODE_MODULES)

clients: $(STAMP) $(NODE_MODULES)
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
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
