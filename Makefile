# Two commands on a bare machine with Python 3.11+:  make book  and  make test.
# Everything runs inside .venv, built by uv from the committed uv.lock.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv
# Python caches compiled modules (.pyc): the packages are compiled once at install
# (--compile-bytecode), the book's own modules on first import. A machine that sets
# PYTHONDONTWRITEBYTECODE (the development machines here do) would otherwise recompile every
# module in every process: about 5 s per kernel, build and test process.
unexport PYTHONDONTWRITEBYTECODE

UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
VENV := .venv/bin
BOOK_BUILD := $(VENV)/python -m scripts.invalidate_cache && $(VENV)/jupyter-book build . -W --keep-going
PORT ?= 8000

.PHONY: help env book test test-units test-build test-site test-fast chromium serve lab bench lock clean notebooks

help:
	@echo "make book   install everything, execute every chapter, build _build/html"
	@echo "make test   everything CI runs: unit, data, notebook, strict build and browser tests"
	@echo "make test-fast  the tests that need no browser, no build and execute no chapter"
	@echo "make serve  serve the built site on http://127.0.0.1:$(PORT)"
	@echo "make lab    JupyterLab, chapters open as notebooks"
	@echo "make bench  build time, page bytes, first chart drawn, slider-to-redraw latency (CPU 4x throttled)"
	@echo "make notebooks  write notebooks/<chapter>.ipynb (downloads, Colab, Binder)"

# --- environment ---------------------------------------------------------------
$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet "uv==$(UV_VERSION)"

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --compile-bytecode
	$(VENV)/python scripts/lab_settings.py
	@touch $@

env: .venv/.synced

lock: | $(UV)
	$(UV) lock
	$(UV) export --frozen --no-hashes --no-default-groups --group book -o requirements.txt --quiet

# --- the book ------------------------------------------------------------------
book: env
	$(BOOK_BUILD)
	@echo "The book is in $(CURDIR)/_build/html/index.html  (make serve to browse it)"

# One outputs-free notebook per chapter in notebooks/ (committed; the build copies them to
# the site). Glued numbers come from _build's executed chapters when current, else the
# chapters are executed. tests/test_notebook_downloads.py checks the files are current.
notebooks: env
	$(VENV)/python -m scripts.make_notebooks --build _build

serve:
	@test -f _build/html/index.html || { echo "No built book: run make book first"; exit 1; }
	@echo "Serving http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

lab: env
	$(VENV)/jupyter lab --notebook-dir=$(CURDIR)

# --- tests ---------------------------------------------------------------------
chromium:
	@scripts/find_chromium.sh > /dev/null

# pytest-xdist: test processes per run (each browser-test process starts its own
# Chromium and site server). PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2
PYTEST := $(VENV)/pytest -n $(PYTEST_WORKERS)

# The tests that execute whole chapters as notebooks or run Sphinx builds (minutes);
# make test runs them. (Those that read the built book are marked "site" instead.)
SLOW_RUNS := tests/test_notebook_downloads.py::test_downloaded_notebook_runs_top_to_bottom \
	tests/test_ext_assets.py::test_editing_an_extension_rebuilds_its_pages \
	tests/test_course_pack.py::test_a_teacher_installs_the_pack_and_runs_a_chapter

# Unit, doctest, data, chart, widget and notebook-conversion tests: no browser, no build,
# no chapter executed.
test-fast: env
	$(VENV)/ruff check widgets tests scripts _ext
	$(PYTEST) -m "not browser and not site" $(addprefix --deselect=,$(SLOW_RUNS))

# Everything: the strict build, then every test (the browser tests on the built site).
# The build keeps about one core busy, so the tests that need no built book (neither
# "browser" nor "site") run beside it in one process; the rest start when the build ends.
# Each part's output is printed when it ends (--output-sync).
test: env chromium
	$(VENV)/ruff check widgets tests scripts _ext
	$(MAKE) --no-print-directory -j2 --output-sync=target test-units test-site

test-units: env
	$(VENV)/pytest -m "not browser and not site"

test-build: env
	$(BOOK_BUILD)

test-site: test-build chromium
	CHROMIUM="$$(scripts/find_chromium.sh)" $(PYTEST) -m "browser or site"

bench: book chromium
	CHROMIUM="$$(scripts/find_chromium.sh)" $(VENV)/python -m scripts.bench

clean:
	rm -rf _build .pytest_cache .hypothesis
