# The two commands a newcomer needs: `make run` and `make test`. Both install whatever is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY        := .venv/bin/python
UV        := .tools/bin/uv
PYBABEL   := .venv/bin/pybabel
STAMPS    := .stamps
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-core \
	fonts-noto-cjk poppler-utils chromium gettext postgresql redis-server clamav-daemon
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
export UV_LINK_MODE := copy

.PHONY: help run test test-fast lint format typecheck i18n-extract i18n-update i18n-compile i18n-check bench audit \
	lighthouse setup clean worker

help: ## Show this help
	@grep -hE '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

setup: $(STAMPS)/system $(STAMPS)/venv $(STAMPS)/assets $(STAMPS)/catalogs ## Install everything that is missing

run: setup ## Run the service on http://127.0.0.1:5000 with SQLite and a local SMTP sink
	$(PY) -m app.dev.server

# Tests run on every core (pytest-xdist), then the one test that asserts a CPU-time budget runs alone: beside
# another CPU-heavy process (the two cores share caches) it takes twice as long and would fail for no fault,
# and without coverage, whose tracer slows every Python call (WeasyPrint's too) by about half.
# --check-routes: the parallel run still fails when a route exists that no test rendered.
PYTEST_PARALLEL := $(PY) -m pytest -q -n auto
PYTEST_ALONE    := $(PY) -m pytest -q -m cpu_budget

test: setup lint typecheck ## Lint, type-check, then run every test (unit, integration, PostgreSQL, Redis, browser)
	$(PYTEST_PARALLEL) -m "not cpu_budget" --check-routes --cov --cov-report=term-missing:skip-covered
	$(PYTEST_ALONE)

test-fast: setup ## Every test but the browser tests, in parallel and without coverage (under 2 minutes)
	$(PYTEST_PARALLEL) -m "not cpu_budget and not browser"
	$(PYTEST_ALONE)

lint: $(STAMPS)/venv ## ruff lint and format check, and the import contracts (layers point down: pyproject.toml)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports --no-cache

format: $(STAMPS)/venv ## Format the code with ruff
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

audit: $(STAMPS)/venv ## pip-audit the locked dependencies (needs PyPI's JSON API or OSV on the network)
	$(UV) export --frozen --no-hashes --no-emit-project --all-groups -q -o .stamps/requirements.txt
	.venv/bin/pip-audit --strict --disable-pip --no-deps -r .stamps/requirements.txt

typecheck: $(STAMPS)/venv ## mypy (strict for the domain, the model, the journey and the summary)
	.venv/bin/mypy

bench: setup ## Measure performance and write docs/performance.md
	$(PY) -m tests.bench.run

lighthouse: setup ## Print Lighthouse scores for key pages (recorded, never asserted)
	$(PY) -m tests.bench.lighthouse

worker: setup ## Run the delivery worker on its own (production runs one or more of these)
	VRR_ENV=$${VRR_ENV:-development} .venv/bin/flask --app wsgi outbox work

# --- translations -------------------------------------------------------------------------------
i18n-extract: $(STAMPS)/venv ## Extract messages into translations/messages.pot
	$(PYBABEL) extract -F translations/babel.cfg -k lazy_gettext -k _l --no-location --sort-output \
		--omit-header -o translations/messages.pot .

i18n-update: i18n-extract ## Merge new messages into every catalog
	$(PYBABEL) update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

i18n-compile: $(STAMPS)/venv ## Compile catalogs to .mo files
	$(PYBABEL) compile -d translations --statistics
	@mkdir -p $(STAMPS) && touch $(STAMPS)/catalogs

i18n-check: $(STAMPS)/venv ## Fail when messages.pot is stale or a catalog is incomplete
	$(PY) -m pytest -q tests/unit/test_catalogs.py

# --- installation steps (each is skipped when already done) -------------------------------------
$(STAMPS)/system: Makefile
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	python3 -m venv --help >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing system packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "These system packages are missing. Install them, then run make again:"; \
			echo "  sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; \
		fi; \
	fi
	@mkdir -p $(STAMPS) && touch $@

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.9

$(STAMPS)/venv: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	@mkdir -p $(STAMPS) && touch $@

# GOV.UK Frontend is compiled from its Sass sources (static/scss/govuk.scss): a system font instead of GDS
# Transport, which is for GOV.UK only, and just the components used. The images folder is copied (no fonts).
# Urdu pages get a Nastaliq face subset to the characters the Urdu catalog and templates use
# (app/dev/nastaliq.py); it is made again whenever the Urdu catalog changes.
$(STAMPS)/assets: package.json package-lock.json $(wildcard static/scss/*.scss) $(STAMPS)/system $(STAMPS)/venv \
		app/dev/nastaliq.py $(wildcard translations/ur/LC_MESSAGES/messages.po)
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/govuk && mkdir -p static/govuk/assets
	node_modules/.bin/sass --no-source-map --style=compressed --quiet-deps --load-path=node_modules \
		static/scss/govuk.scss static/govuk/govuk-frontend.min.css
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/govuk/
	cp -r node_modules/govuk-frontend/dist/govuk/assets/images static/govuk/assets/images
	$(PY) -m app.dev.nastaliq static/govuk/fonts
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/catalogs: $(STAMPS)/venv $(wildcard translations/*/LC_MESSAGES/messages.po)
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then $(PYBABEL) -q compile -d translations; fi
	@mkdir -p $(STAMPS) && touch $@

clean: ## Remove installed and generated files (keeps instance/ data)
	rm -rf .venv .tools node_modules static/govuk $(STAMPS)
