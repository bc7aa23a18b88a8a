# Two commands: `make run` (set up, then run the main job on the bundled sample) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: setup run test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	@# setuptools' own notices (the editable-install banner) are not ours to show
	PYTHONWARNINGS=ignore::UserWarning $(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(VENV)/bin/declutter clean fixtures/seeds --format text
	$(VENV)/bin/declutter crawl --sample --db sample.db
	$(VENV)/bin/declutter stats --db sample.db

test: setup
	$(PY) -m pytest -q

bench: setup
	for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
