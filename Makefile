# Veldwerk: `make run` and `make test` are the two commands; the rest are their parts.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
DATA_DIR ?= var/demo
SERVER_DIR ?= var/server
SERVER_PORT ?= 8000
APP_PORT ?= 8550
AXE := tests/e2e/axe/node_modules/axe-core/axe.min.js

.PHONY: help setup compile-catalogs run demo-code test lint typecheck contracts pytest bench i18n lock \
	screenshots clean

help:
	@echo "make run    set up and start the app on localhost with demo data"
	@echo "make test   set up and run ruff, mypy --strict, import contracts and pytest"
	@echo "make bench  run the benchmarks; writes benchmarks/results.json and RESULTS.md"
	@echo "make i18n   extract, update and compile the gettext catalogs"
	@echo "make lock   re-resolve requirements.lock from pyproject.toml"

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP) compile-catalogs

compile-catalogs: $(STAMP)
	$(BIN)/pybabel -q compile -d locales -D veldwerk

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

pytest: setup $(AXE)
	$(BIN)/pytest

# axe-core for the web pages' accessibility test, pinned by its lock file (needs Node.js's npm).
$(AXE): tests/e2e/axe/package.json tests/e2e/axe/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the accessibility test: apt-get install npm (.ci/run does)"; exit 1; }
	npm ci --prefix tests/e2e/axe --no-audit --no-fund --loglevel=error
	touch $@

test: lint typecheck contracts pytest

# The sync server (with the demo organisation) in the background, the field app in front;
# stopping the app stops the server.
run: setup
	$(BIN)/python -m sync_server --data-dir $(SERVER_DIR) demo --casework
	@echo "web pages: http://127.0.0.1:$(SERVER_PORT)/login  password for every demo user: veldwerk-demo-2026"
	@echo "  team: schuldhulp1, buurtteam-oost1; with a code: coordinator, dpo, admin"
	@echo "  code for now: $$($(BIN)/python -m sync_server --data-dir $(SERVER_DIR) demo-code) (30 s; a new one: make demo-code)"
	@echo "  or add the demo accounts to an authenticator app once: $$($(BIN)/python -m sync_server --data-dir $(SERVER_DIR) demo-code --uri)"
	@echo "field app: http://127.0.0.1:$(APP_PORT)/ (its passphrase is in its log below); it enrolls as"
	@echo "  jobcoach1 after its first unlock and syncs in the background"
	@echo "  (other ports: make run APP_PORT=8551 SERVER_PORT=8001)"
	code=$$($(BIN)/python -m sync_server --data-dir $(SERVER_DIR) pairing-code \
		--username jobcoach1 | cut -d' ' -f1); \
	$(BIN)/python -m sync_server --data-dir $(SERVER_DIR) serve --port $(SERVER_PORT) & \
	server=$$!; trap 'kill $$server 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python -m fieldapp --data-dir $(DATA_DIR) --demo --port $(APP_PORT) \
		--server-url http://127.0.0.1:$(SERVER_PORT) --pairing-code "$$code"

# The demo accounts' second-factor code for the next 30 seconds.
demo-code: setup
	@$(BIN)/python -m sync_server --data-dir $(SERVER_DIR) demo-code

screenshots: setup
	VELDWERK_SCREENSHOTS=1 $(BIN)/pytest tests/e2e

bench: setup
	$(BIN)/python -m benchmarks

i18n: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -c TRANSLATORS: --no-location --sort-output \
		--project=Veldwerk --version=0.1.0 --copyright-holder="Veldwerk contributors" \
		-o locales/veldwerk.pot fieldapp sync_server/web
	$(BIN)/pybabel -q update -i locales/veldwerk.pot -d locales -D veldwerk \
		--no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel -q compile -d locales -D veldwerk

lock: $(STAMP)
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --extra web --extra server --extra dev \
		--generate-hashes --python-version 3.11 -o requirements.lock -q

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis build *.egg-info
	find locales -name '*.mo' -delete
