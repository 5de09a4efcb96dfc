# Two commands do all set-up on a fresh machine with Python 3.11:
#   make run   - create .venv from requirements.txt if needed, prepare the database, start the app
#   make test  - the same set-up, then lint, doctests and the whole test suite
PYTHON_BOOT ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run test lint setup db bench clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

setup: $(STAMP)

db: $(STAMP)
	$(PY) -m dashboard init-db

run: db
	$(PY) -m streamlit run dashboard/app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

lint: $(STAMP)
	$(PY) -m ruff check dashboard tests benchmarks

test: lint
	$(PY) -m pytest -q --doctest-modules dashboard tests

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
