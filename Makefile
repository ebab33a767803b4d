# The two commands of the quick start: `make run` and `make test`. Everything they need is
# installed from this repository's own files (requirements*.txt, package.json).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STACK := $(PY) bin/devstack.py

.PHONY: run test install system-deps lint checks deploy-check clean bench-data bench bench-inner backup restore

install: system-deps $(VENV)/.installed node_modules/.installed

# Debian packages beyond Python and Node: WeasyPrint's libraries, and Chromium for `make test`.
# Installed when missing if we are root; otherwise it stops with the exact command to run.
system-deps:
	bin/system-deps.sh $(SYSTEM_DEPS_ARGS)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## make run: embedded PostgreSQL and Redis unless DATABASE_URL/REDIS_URL are set, migrate,
## demo data, then web on http://127.0.0.1:8000 with a Celery worker and beat. Ctrl-C stops all.
run: install
	$(STACK) run

## make test: the quality gates, then the whole suite, against real PostgreSQL and Redis.
test: SYSTEM_DEPS_ARGS = --with-chromium
test: install
	$(STACK) exec -- $(MAKE) --no-print-directory checks

# Runs inside `devstack exec`, so DATABASE_URL and REDIS_URL are set.
checks: lint
	$(PY) -m pytest

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	SECRET_KEY=lint-only $(PY) manage.py check --fail-level WARNING
	SECRET_KEY=lint-only $(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory deploy-check

# `check --deploy` with production-like settings must give no warnings.
deploy-check:
	DEBUG=false SECRET_KEY="$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))")" ALLOWED_HOSTS=psd.police.example \
	  AUDIT_CHAIN_KEY=deploy-check-only AUDIT_ANCHOR_DIR=/var/lib/psd/anchors \
	  MIGRATE_DATABASE_URL="$${DATABASE_URL:-postgres://owner@localhost/psd}" \
	  $(PY) manage.py check --deploy --fail-level WARNING

## make bench-data SCALE=small|force|national: the benchmark data set (bench/generate.py) in its
## own database, psd_bench_<scale>, on the server of DATABASE_URL (else the embedded PostgreSQL);
## never the demo's or the tests' database: its casework is replaced. Or set BENCH_DATABASE_URL.
## make bench [SCALE=...] [BENCH_ARGS=...]: every measurement on that data set (bench/run.py);
## results in bench/results/<scale>-<date>.{json,md}. Not part of `make test`.
SCALE ?= small

bench-data: install
	$(STACK) exec -- $(MAKE) --no-print-directory bench-inner BENCH_SCRIPT="bench/generate.py --scale $(SCALE)"

bench: install
	$(STACK) exec -- $(MAKE) --no-print-directory bench-inner BENCH_SCRIPT="bench/run.py $(BENCH_ARGS)"

# Runs inside `devstack exec`: the benchmark database is a sibling of DATABASE_URL's.
bench-inner:
	DATABASE_URL="$${BENCH_DATABASE_URL:-$${DATABASE_URL%/*}/psd_bench_$(SCALE)}" $(PY) $(BENCH_SCRIPT)

## make backup [BACKUP_ARGS="--output FILE"]: `manage.py backup` of make run's database (or of
## DATABASE_URL's), with its key and anchors; dumps in var/backups/ (docs/operations.md).
## make restore DUMP=var/backups/x.dump TARGET=psd_restored [RESTORE_ARGS="--force --confirm psd_restored"]:
## restore it into TARGET and verify its audit chains.
DEV_AUDIT := DEBUG=true AUDIT_CHAIN_KEY_FILE=$${AUDIT_CHAIN_KEY_FILE:-var/secrets/audit_chain_key}

backup:
	$(STACK) exec -- sh -c '$(DEV_AUDIT) $(PY) manage.py backup $(BACKUP_ARGS)'

restore:
	@test -n "$(DUMP)" -a -n "$(TARGET)" || { echo "usage: make restore DUMP=file.dump TARGET=database [RESTORE_ARGS=...]"; exit 2; }
	$(STACK) exec -- sh -c '$(DEV_AUDIT) $(PY) manage.py restore "$(DUMP)" --target "$(TARGET)" $(RESTORE_ARGS)'

clean:
	rm -rf var/ $(VENV) node_modules
