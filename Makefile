# ASN Portal. `make demo` runs the demo; `make test` runs every check CI runs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | sha1sum | cut -c1-12)
PG_URL ?= postgres://postgres@127.0.0.1:5432/asn_portal
REDIS_TEST_URL ?= redis://127.0.0.1:6379/14
PYTEST_ARGS ?=
# `make demo PORT=8080` serves the demo on another port (HOST too, e.g. HOST=0.0.0.0 in a VM).
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install messages demo migrate lint contracts test test-sqlite test-postgres services browser \
	bench bench-seed bench-list bench-duk bench-career bench-skp bench-ikm bench-survey bench-load bench-jp bench-leave bench-attendance-load clean

help:
	@echo "make demo   - install, migrate, load demo data and serve http://127.0.0.1:8000 (PORT=... to change)"
	@echo "make test   - lint, migration check, and the whole suite on SQLite and on PostgreSQL+Redis"
	@echo "make bench  - every benchmark script in bench/, in turn (see docs/benchmarks.md)"
	@echo "make contracts - the import contracts (lint-imports; see pyproject.toml)"

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || \
		(rm -rf $(VENV) && scripts/ensure-system-packages.sh python3-venv && $(PYTHON) -m venv $(VENV))
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

messages: install
	scripts/ensure-system-packages.sh gettext
	DEBUG=True $(PY) manage.py compilemessages --ignore=.venv -v0

migrate: messages
	mkdir -p var
	DEBUG=True $(PY) manage.py migrate --noinput -v0

demo: migrate
	DEBUG=True $(PY) manage.py seed_demo
	@echo ""
	@echo "ASN Portal demo: http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	DEBUG=True $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint --quiet
	DEBUG=True $(VENV)/bin/mypy
	mkdir -p var
	DEBUG=True $(PY) manage.py makemigrations --check --dry-run
	DEBUG=True $(PY) manage.py check
	$(MAKE) --no-print-directory contracts

# The architecture: the import contracts of pyproject.toml ([tool.importlinter]) and the rule that
# only access.py modules read an Actor's role fields (tests/core/test_access_core.py).
contracts: install
	$(VENV)/bin/lint-imports --no-logo
	env -u DATABASE_URL -u REDIS_URL $(PY) -m pytest -q -p no:randomly -p no:cacheprovider tests/core/test_access_core.py

browser:
	scripts/ensure-system-packages.sh chromium

services:
	scripts/ensure-services.sh

# The suite runs twice: on SQLite with tasks in-process (the embedded default), and on
# PostgreSQL with a real Redis (what production uses). Tests that need Redis are deselected
# (not skipped) in the first run, and so are those of PostgreSQL itself (marker `postgres`: the bench
# scripts' smoke runs); tests of SQLite itself (marker `sqlite`) are deselected in the second.
test-sqlite: messages browser
	mkdir -p var artifacts
	env -u DATABASE_URL -u REDIS_URL $(PY) -m pytest -m "not redis and not postgres" $(PYTEST_ARGS)

test-postgres: messages browser services
	mkdir -p artifacts
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(PY) -m pytest -m "not sqlite" $(PYTEST_ARGS)

test: lint test-sqlite test-postgres

# Each benchmark script has its own database (docs/benchmarks.md, "Running them"), dropped and
# rebuilt by the script: never point one at real data. `make bench` runs them all in turn (it takes
# a long while: each one seeds 100,000 employees); `make bench-<name>` runs one.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
BENCH_SEED_URL ?= $(BENCH_PG)/asn_portal_bench
BENCH_LIST_URL ?= $(BENCH_PG)/asn_portal_bench_list
BENCH_DUK_URL ?= $(BENCH_PG)/asn_portal_bench_duk
BENCH_CAREER_URL ?= $(BENCH_PG)/asn_portal_bench_career
BENCH_SKP_URL ?= $(BENCH_PG)/asn_portal_bench_skp
BENCH_IKM_URL ?= $(BENCH_PG)/asn_portal_bench_ikm
BENCH_SURVEY_URL ?= $(BENCH_PG)/asn_portal_bench_survey
BENCH_SURVEY_REDIS ?= redis://127.0.0.1:6379/13
BENCH_LOAD_URL ?= $(BENCH_PG)/asn_portal_bench_load
BENCH_SEED = DATABASE_URL=$(BENCH_SEED_URL) $(PY) bench/seed_100k.py --employees 100000
BENCH_LIST = DATABASE_URL=$(BENCH_LIST_URL) $(PY) bench/employee_list.py --seed --runs 30
BENCH_DUK = DATABASE_URL=$(BENCH_DUK_URL) $(PY) bench/duk.py --seed --runs 30
BENCH_CAREER = DATABASE_URL=$(BENCH_CAREER_URL) $(PY) bench/career_reports.py --seed --runs 30
BENCH_SKP = DATABASE_URL=$(BENCH_SKP_URL) $(PY) bench/skp_scoring.py --seed
BENCH_IKM = DATABASE_URL=$(BENCH_IKM_URL) $(PY) bench/ikm_compute.py --responses 1000000
BENCH_SURVEY = DATABASE_URL=$(BENCH_SURVEY_URL) REDIS_URL=$(BENCH_SURVEY_REDIS) $(PY) bench/survey_form_load.py
BENCH_LOAD = DATABASE_URL=$(BENCH_LOAD_URL) $(PY) bench/load_mixed.py --seed
BENCH_JP_URL ?= $(BENCH_PG)/asn_portal_bench_jp
BENCH_JP = DATABASE_URL=$(BENCH_JP_URL) $(PY) bench/jp_compliance.py --seed
BENCH_LEAVE_URL ?= $(BENCH_PG)/asn_portal_bench_leave
BENCH_LEAVE = DATABASE_URL=$(BENCH_LEAVE_URL) $(PY) bench/leave_balances.py --seed
BENCH_ATTENDANCE_URL ?= $(BENCH_PG)/asn_portal_bench_attendance
BENCH_ATTENDANCE_REDIS ?= redis://127.0.0.1:6379/11
BENCH_ATTENDANCE = DATABASE_URL=$(BENCH_ATTENDANCE_URL) REDIS_URL=$(BENCH_ATTENDANCE_REDIS) $(PY) bench/attendance_checkin_load.py

bench: messages services
	$(BENCH_SEED)
	$(BENCH_LIST)
	$(BENCH_DUK)
	$(BENCH_CAREER)
	$(BENCH_SKP)
	$(BENCH_IKM)
	$(BENCH_SURVEY)
	$(BENCH_LOAD)
	$(BENCH_JP)
	$(BENCH_LEAVE)
	$(BENCH_ATTENDANCE)

bench-seed: messages services
	$(BENCH_SEED)

bench-list: messages services
	$(BENCH_LIST)

bench-duk: messages services
	$(BENCH_DUK)

bench-career: messages services
	$(BENCH_CAREER)

bench-skp: messages services
	$(BENCH_SKP)

bench-ikm: messages services
	$(BENCH_IKM)

bench-survey: messages services
	$(BENCH_SURVEY)

bench-load: messages services
	$(BENCH_LOAD)

bench-jp: messages services
	$(BENCH_JP)

bench-leave: messages services
	$(BENCH_LEAVE)

bench-attendance-load: messages services
	$(BENCH_ATTENDANCE)

clean:
	rm -rf $(VENV) var artifacts staticfiles .pytest_cache .ruff_cache .mypy_cache \
		.import_linter_cache .grimp_cache
