# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python

.PHONY: demo test bench install install-test clean notebooks browser

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamp files make the installs idempotent: pip runs again only when pyproject changes.
$(VENV)/.installed: $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/lucidml tour --out report
	@echo "The tour: report/index.html (open it in a browser; its last section, 'Can you trust it?', is"
	@echo "  the agreement report, also printed by: $(BIN)/lucidml verify)"
	@echo "The notebooks: make notebooks, then $(BIN)/jupyter lab notebooks/"
	@echo "The examples: $(PY) examples/plot_ridge_shrinkage.py (and the other examples/plot_*.py)"

test: install-test browser
	$(PY) -m pytest -n 2 --dist loadfile

bench: install-test
	$(PY) benchmarks/run.py

# The course notebooks: notebooks/NN_topic.py (Jupytext) -> .ipynb, kept beside them (git ignores them).
$(VENV)/.installed-notebooks: $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e ".[notebooks]"
	touch $@ $(VENV)/.installed

notebooks: $(VENV)/.installed-notebooks
	$(BIN)/jupytext --update --to ipynb notebooks/[0-9][0-9]_*.py
	@echo "Open them with: $(BIN)/jupyter lab notebooks/"

# The browser test of the tour drives Debian's chromium and chromedriver: installed here when
# missing and we are root; otherwise that test skips and says why.
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium and chromium-driver for the browser test"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver \
	      >/dev/null) || { echo "could not install chromium and chromium-driver for the browser test"; exit 1; }; \
	  else echo "chromium/chromedriver missing (and not root): the browser test will skip"; fi; \
	fi

clean:
	rm -rf $(VENV) report .pytest_cache
