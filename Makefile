# The README's two commands come first: `make demo` and `make test`. `make help` lists the rest.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell pyenv which python3.12 2>/dev/null || command -v python3.12 || echo python3.12)
# Debian packages the whole test suite uses; tests needing one that is missing skip and say why.
# What web, worker and scheduler need at run time: one list, shared with the Dockerfile and CI.
RUNTIME_PACKAGES := $(shell grep -v '^\#' deploy/runtime-packages.txt)
RUNTIME_EXTRAS := server
# fonts-noto-cjk: the browser tests measure Japanese, Korean and Chinese text in real glyphs.
SYSTEM_PACKAGES := $(RUNTIME_PACKAGES) docker-compose openssl pcscd vsmartcard-vpcd \
	libpcsclite-dev swig zbar-tools chromium wrk assimp-testmodels fonts-noto-cjk
# pyscard compiles against libpcsclite: take the card extra only where its headers are.
EXTRAS := $(RUNTIME_EXTRAS)$(shell pkg-config --exists libpcsclite 2>/dev/null && echo ,cards)
VENV := .venv
# Templates stay readable in a review: djhtml indents them, no line is longer than this.
TEMPLATE_LINE_LIMIT := 200
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

demo: install frontend ## Run the platform on SQLite with the Huế demo content (web + worker + scheduler)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py run_platform

test: install test-tools frontend ## Run the whole test suite (SQLite by default; DATABASE_URL=postgres://… for PostgreSQL)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-tools: ## The Khronos glTF validator (npm) the 3D tests check every output with
	@if command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund --prefix tests/assets_pipeline; \
	else echo "npm not found: the glTF validator test will skip"; fi

frontend: ## Build the visitor front end (hashed JS/CSS, model-viewer, Leaflet) into core/static/dist
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed to build the front end"; exit 1; }
	npm ci --silent --no-audit --no-fund --prefix frontend
	npm run build --silent --prefix frontend

install: $(STAMP) ## Create .venv with Python 3.12 and install the platform with its test tools

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet -e ".[$(EXTRAS)]" --group dev
	@echo "$(EXTRAS)" > $(STAMP)

system-packages: ## Install the Debian packages the full test suite uses (as root)
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES)

TEMPLATES = $(shell find heritage_cms -name '*.html' -not -path '*/static/*')

lint: install ## ruff over everything, mypy --strict over the three pure packages, djhtml over the templates, the import layers
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/djhtml --check --tabwidth 2 $(TEMPLATES)
	@awk 'length > $(TEMPLATE_LINE_LIMIT) { print FILENAME ":" FNR ": longer than $(TEMPLATE_LINE_LIMIT) characters"; bad = 1 } \
	  END { exit bad }' $(TEMPLATES)
	$(VENV)/bin/lint-imports

migrations-check: install ## Fail if a model change has no migration
	$(PY) manage.py makemigrations --check --dry-run

# The variables production refuses to start without, with throwaway values (nothing is contacted).
deploy-check: install ## Django's deployment checklist against the production settings
	DJANGO_SETTINGS_MODULE=heritage_cms.settings.production SECRET_KEY=$$(openssl rand -hex 32) \
	  ALLOWED_HOSTS=heritage.example.org BASE_URL=https://heritage.example.org \
	  REDIS_URL=redis://redis.invalid:6379/0 STRIPE_API_BASE=https://api.stripe.com \
	  STRIPE_SECRET_KEY=sk_test_$$(openssl rand -hex 12) STRIPE_WEBHOOK_SECRET=whsec_$$(openssl rand -hex 16) \
	  TICKET_SIGNING_KEY_ID=k1 TICKET_SIGNING_KEYS="{\"k1\": \"$$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')\"}" \
	  $(PY) manage.py check --deploy --fail-level WARNING

# The wheel in a fresh venv with the runtime list, on PostgreSQL + Redis + an S3 server (moto):
# gunicorn, two task workers and the scheduler, driven over HTTP only (.ci/production_smoke.py).
production-smoke: frontend ## Build, install and run the production stack without containers
	$(PYTHON) .ci/production_smoke.py --extras $(RUNTIME_EXTRAS) \
	  --system-packages "$(RUNTIME_PACKAGES)"

messages: install ## Update the .po files of every UI language, then compile them
	cd heritage_cms && ../$(PY) ../manage.py makemessages --all --ignore=demo/* && ../$(PY) ../manage.py compilemessages

clean: ## Remove the embedded database and media (the demo starts afresh)
	rm -rf var/

print-system-packages:
	@echo $(SYSTEM_PACKAGES)

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-18s %s\n", $$1, $$2}'

# A stamp made without the card extra is stale once libpcsclite appears.
ifneq ($(shell cat $(STAMP) 2>/dev/null),$(EXTRAS))
.PHONY: $(STAMP)
endif

.PHONY: print-system-packages system-packages demo test test-tools frontend install lint migrations-check deploy-check production-smoke messages clean help
