# Wenzhou policy services — `make run` starts the whole stack, `make test` runs the whole suite.
# Both bootstrap what a fresh machine lacks: uv (into .tools/ when it is not on the PATH) and the
# locked dependencies (into .venv/).

SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test test-db lint types contracts token sync bench generate smoke clean-data help

help:
	@echo "make run | make test | make token SCOPES=\"fund:read medical:settle\" | make bench"

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv>=0.5,<0.14"

$(VENV)/.synced: uv.lock pyproject.toml $(wildcard */pyproject.toml services/*/pyproject.toml tools/*/pyproject.toml) | $(UV)
	$(UV) sync --frozen --all-packages
	@touch $@

sync: $(VENV)/.synced

run: sync
	$(PY) -m devstack run

lint: sync
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: sync
	$(VENV)/bin/mypy

contracts: sync
	$(VENV)/bin/lint-imports

# The whole suite: lint, types, import contracts, then every test against a real PostgreSQL
# (embedded under .data/ unless DATABASE_URL names a server).
test: lint types contracts
	$(PY) -m devstack test -- $(PY) -m pytest -q $(PYTEST_ARGS)

# Only the tests that need a database, e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres
test-db: sync
	$(PY) -m devstack test -- $(PY) -m pytest -q -m "db or stack" $(PYTEST_ARGS)

# A development token for SCOPES; the token is the last line printed.
token: sync
	@$(PY) -m devstack token $(SCOPES)

# compose.yaml, deploy/k8s/base and .importlinter from the registry (shared/src/govkit/services.toml).
generate: sync
	$(PY) -m devstack generate

# Every image built on Debian-made base images, compose.yaml started and checked (root, Docker).
smoke:
	bash deploy/smoke.sh

# Every benchmark. Each rewrites its section of docs/BENCHMARKS.md, except the gateway's, which
# prints (it needs wrk and nginx for its table: --update-docs writes it). `make test` runs each
# once in its smoke mode, which writes nothing.
bench: sync
	$(PY) bench/bench_calendar.py --update-docs
	$(PY) -m bench.gateway
	$(PY) -m devstack test -- $(PY) -m bench.settlement
	$(PY) -m devstack test -- $(PY) -m bench.checks
	$(PY) -m devstack test -- $(PY) -m bench.replicas

clean-data:
	rm -rf .data
