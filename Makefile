# The README's two commands: `make run` (the app with demo data on SQLite) and `make test` (the whole suite).
# Both create .venv and install the pinned requirements when needed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
# uv installs the pinned requirements (the same versions pip would) in seconds rather than a minute or more.
UV_VERSION := 0.13.9
UV := $(VENV)/bin/uv

.PHONY: run test bench bench-scale check-python check-pango

run: $(RUNTIME_STAMP) check-pango
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py demo
	@# The task worker builds each summary after the patient sends; it stops with the server (Ctrl-C).
	DEBUG=1 $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# The suite runs in PYTEST_WORKERS processes (pytest-xdist), each with its own test database and browser: the
# browser tests spend most of their time waiting on Chromium. PYTEST_WORKERS=0 runs it in this process.
PYTEST_WORKERS ?= 2

test: $(DEV_STAMP)
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

bench: $(DEV_STAMP)
	$(PY) bench/run_all.py

# Capacity, scale-out and an instance killed (README, Performance): about 55 minutes; needs nginx and PostgreSQL.
bench-scale: $(DEV_STAMP)
	$(PY) bench/scale.py ramp --db sqlite
	$(PY) bench/scale.py ramp --db postgres
	$(PY) bench/scale.py ramp --db postgres --steps 300 400 500 600 700 --task-worker off
	$(PY) bench/gc_pause.py
	$(PY) bench/scale.py kill

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "appointment prep needs Python 3.11 or newer (found: $$($(PYTHON) --version 2>&1)). Set PYTHON=python3.11"; exit 1; }

check-pango:
	@$(PY) -c 'import weasyprint' 2>/dev/null || { \
		echo "WeasyPrint cannot load Pango, which it needs to make PDFs."; \
		echo "Install it first: Debian/Ubuntu 'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core'," ; \
		echo "macOS 'brew install pango'. See README, 'System libraries'."; \
		exit 1; }

$(VENV)/bin/python: | check-python
	$(PYTHON) -m venv $(VENV)

$(UV): | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(RUNTIME_STAMP): requirements.txt | $(UV)
	$(UV) pip install --quiet --native-tls --python $(PY) -r requirements.txt
	touch $@

$(DEV_STAMP): $(RUNTIME_STAMP) requirements-dev.txt
	$(UV) pip install --quiet --native-tls --python $(PY) -r requirements-dev.txt
	touch $@
