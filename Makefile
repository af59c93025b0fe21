# Sightline: `make demo` runs the product; `make test` runs the whole suite. Both set themselves up.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.synced

.PHONY: setup demo test test-fast test-postgres lint bench compare clean node browser

setup: $(STAMP) node

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

# Bytecode compiled at install, as pip does (and does for the open validators' environments).
$(STAMP): $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet --compile-bytecode
	touch $(STAMP)

# Front-end packages (GOV.UK Frontend, htmx, axe-core) come from the npm registry, pinned by the lock.
node: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests drive Debian's Chromium, and one goes through Debian's nginx (TLS proxy); install
# them when missing (needs root, as on CI).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || (apt-get update -qq && (apt-get install -y -qq nginx >/dev/null || test -x /usr/sbin/nginx))

lint: setup
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: setup browser
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest -q -p no:cacheprovider -n auto

test-fast: setup
	$(VENV)/bin/pytest -q -m "not slow and not browser"

test-postgres: setup browser
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test $(VENV)/bin/pytest -q -p no:cacheprovider -n auto tests/web

# Each figure beside its peer in the same run: the open validator (make compare's own environment),
# a bare lxml parse, a bare DuckDB scan, one web process against one per core.
bench: setup .bench/cin-validator/.installed
	$(PY) -m sightline.bench

# The open CIN validator in its own environment (its pandas 1.5 needs numpy 1), pinned.
CIN_VALIDATOR := .bench/cin-validator
$(CIN_VALIDATOR)/.installed:
	$(PYTHON) -m venv $(CIN_VALIDATOR)
	$(CIN_VALIDATOR)/bin/pip install --quiet csc-validator-be-cin==0.1.13 numpy==1.26.4
	touch $@

# The open 903 validator likewise (pandas < 2 and numpy < 1.25, as it pins them).
V903_VALIDATOR := .bench/903-validator
$(V903_VALIDATOR)/.installed:
	$(PYTHON) -m venv $(V903_VALIDATOR)
	$(V903_VALIDATOR)/bin/pip install --quiet csc-validator-be-903==0.1.17 numpy==1.24.4 pandas==1.5.3
	touch $@

compare: setup $(CIN_VALIDATOR)/.installed $(V903_VALIDATOR)/.installed
	$(PY) -m sightline.bench.compare

# `make demo PORT=8001` serves on another port; a running demo is never touched.
demo: setup
	$(PY) -m sightline.demo $(if $(PORT),--port $(PORT))

clean:
	rm -rf $(VENV) $(TOOLS) node_modules .demo
