# One entry point for authors, learners and CI. Run `make help`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SITE   := _build/html/index.html

.DEFAULT_GOAL := help
.PHONY: help env system-deps book english-html book-classroom pdf exercises student variant test test-fast fuzz lab data refresh bench bench-classroom clean

help:  ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps -r requirements.txt  # the whole environment, pinned
	@touch $(STAMP)

#: JupyterLab as the course ships it (deploy/jupyterlab/overrides.json: no news prompt, Markdown opens
#: rendered, kernels start without asking), installed where JupyterLab reads its defaults. Binder's
#: postBuild and the hub image install the same file.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_SETTINGS): deploy/jupyterlab/overrides.json $(STAMP)
	@mkdir -p $(dir $@) && cp $< $@

env: $(STAMP) $(LAB_SETTINGS)  ## Create .venv/ and install the pinned packages and JupyterLab's settings

#: The execution cache is keyed on the notebooks' code: it can only change when a notebook does, so a
#: rebuild with no notebook changed skips even asking it (saves about 2 s of a warm rebuild).
NOTEBOOKS := $(shell find notebooks exercises/book book -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null)
EXECUTED  := _build/.jupyter_cache/.executed
$(EXECUTED): $(NOTEBOOKS) _toc.yml $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py --cache _build/.jupyter_cache
	@touch $@

#: The Arabic edition (ar/, its own Sphinx run, in _build/ar/) is rebuilt only when something it is made
#: from changed, while the English book builds (each Sphinx run uses one core; the machine has two:
#: the Arabic notebooks run one by one on the other), and then copied into the site as _build/html/ar/.
AR_BUILT   := _build/ar/_build/html/index.html
AR_SITE    := _build/html/ar/index.html
AR_SOURCES := $(shell find ar book/_ext book/_static book/_templates -type f -not -path 'ar/_build/*' -not -path '*/__pycache__/*' 2>/dev/null) _config.yml _toc.yml references.bib
$(AR_BUILT): $(AR_SOURCES) $(STAMP)
	$(BIN)/python -m maintainers.arabic --build --no-publish --one-core
	@touch $@
$(AR_SITE): $(AR_BUILT)
	$(BIN)/python -m maintainers.arabic --publish
	@touch $@  # copied with the build's own times: mark it made now, so that a warm rebuild skips it

english-html: $(STAMP) $(EXECUTED)
	$(BIN)/jupyter-book build . --warningiserror --keep-going

book: $(STAMP) $(EXECUTED)  ## Execute every notebook (cached, in parallel) and build the HTML book, English and Arabic
	@$(MAKE) --no-print-directory -j2 english-html $(AR_BUILT)  # the two editions at once
	@$(MAKE) --no-print-directory $(AR_SITE)  # the Arabic edition, into _build/html/ar/
	@echo "Open the book: file://$(CURDIR)/$(SITE) (Arabic edition: file://$(CURDIR)/_build/html/ar/index.html)"

book-classroom: $(STAMP)  ## Build the classroom edition (no solutions anywhere) into _build/classroom/
	$(BIN)/python -m maintainers.editions --check
	$(BIN)/python -m maintainers.editions --classroom-toc _build/classroom/_toc.yml
	$(BIN)/jupyter-book build . --toc _build/classroom/_toc.yml --path-output _build/classroom --warningiserror --keep-going
	$(BIN)/python -m maintainers.editions --scan-html _build/classroom/_build/html
	@echo "Open the classroom edition: file://$(CURDIR)/_build/classroom/_build/html/index.html"

pdf: $(STAMP) $(EXECUTED)  ## Build the book as a PDF in _build/latex/course.pdf (needs TeX Live: sudo .ci/system-deps)
	$(BIN)/jupyter-book build . --builder pdflatex
	@echo "The PDF: $(CURDIR)/_build/latex/course.pdf"

exercises: $(STAMP)  ## Regenerate exercise editions and self-check keys from the nbgrader sources (never overwrites edited files)
	$(BIN)/python -m maintainers.editions
	$(BIN)/python -m graders.keys
	$(BIN)/python -m graders.variants --plan

student: $(STAMP)  ## Build what students receive (no solutions) into _build/student/, committed on branch `student`
	$(BIN)/python -m graders.distribution --out _build/student --git

VARIANT ?= 1
variant: $(STAMP)  ## Make class variant VARIANT (default 1) in _build/variant-N/: sources, keys and the students' tree
	$(BIN)/python -m graders.variants $(VARIANT) --out _build/variant-$(VARIANT)/class
	$(BIN)/python -m graders.distribution --variant $(VARIANT) --course _build/variant-$(VARIANT)/class \
		--out _build/variant-$(VARIANT)/student --git

system-deps:  ## Install the system tools the browser, hub and PDF tests need (Debian/Ubuntu; as root or with sudo)
	@./.ci/system-deps

test: $(STAMP) $(LAB_SETTINGS) system-deps  ## Run the whole test suite (installs the system tools it needs first)
	$(BIN)/python -m pytest -n 2 --dist loadscope

FUZZ_EXAMPLES ?= 1000
fuzz: $(STAMP)  ## Long property-based run: FUZZ_EXAMPLES generated answers per exercise set and malformed data files
	@mkdir -p bench-results && rm -f bench-results/fuzz.json
	COURSE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) COURSE_FUZZ_RECORD=$(CURDIR)/bench-results/fuzz.json \
		$(BIN)/python -m pytest -p no:xdist -q tests/test_checks_fuzz.py tests/test_data_loader_fuzz.py
	$(BIN)/python scripts/bench.py --fuzz-summary bench-results/fuzz.json

#: The heavy tests carry markers (pyproject.toml); the author's loop leaves them out.
HEAVY := build or notebooks or browser or pdf or hub or variants
test-fast: $(STAMP) $(LAB_SETTINGS)  ## Quick loop for authors: every test that needs no browser, TeX, hub, book build or notebook run
	$(BIN)/python -m pytest -n 2 --dist load -m "not ($(HEAVY))"

lab: $(STAMP) $(LAB_SETTINGS)  ## Open the course in JupyterLab, at its start page
	$(BIN)/jupyter lab --notebook-dir=$(CURDIR) notebooks/start-here.md

data: $(STAMP)  ## Re-derive data/ from ../shared/data-sources
	$(BIN)/python -m maintainers.derive

refresh: $(STAMP)  ## Fetch the World Bank indicators live and rebuild data/
	$(BIN)/python -m maintainers.refresh

clean:  ## Remove the built book and the execution cache (keeps .venv/)
	rm -rf _build .jupyter_cache

bench: $(STAMP) $(LAB_SETTINGS) system-deps  ## Measure builds, pages on a slow link, Lighthouse, notebooks and tests against the budgets
	$(BIN)/python scripts/bench.py

STUDENTS ?= 50
bench-classroom: $(STAMP) system-deps  ## STUDENTS (default 50) on a local JupyterHub at once; writes the guide's capacity table
	$(BIN)/python scripts/bench_classroom.py --students $(STUDENTS)
