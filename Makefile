# Two commands set everything up on a fresh machine: `make book` and `make test`.
# Everything is installed into .venv from exact pins; nothing needs root or a CDN.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
VENDORED := _vendor_static/.vendored
HOST ?= 127.0.0.1
PORT ?= 8000
VOILA_PORT ?= 8866
# Trainee simulators served by `make train`.
TRAIN_NOTEBOOKS ?= notebooks

JB_FLAGS := -W -n --keep-going
# Two editions from one source: trainee (default; solutions and trainer pages removed)
# and trainer (everything). See book/_data/editions.yml and book/_ext/edition.py.
EDITION ?= trainee
ifeq ($(EDITION),trainee)
  BOOK_HTML := _build/html
else ifeq ($(EDITION),trainer)
  BOOK_HTML := _build/trainer/html
else
  $(error EDITION must be trainee or trainer, not '$(EDITION)')
endif
# Notebook executions are cached between the two editions' builds; any change to the
# engine or the pins drops the cache, so the book never shows outputs of older code.
ENGINE_FILES := $(shell find casebook -name '*.py' -o -name '*.yaml' 2>/dev/null)
# How the build kernels display DataFrames (book/_ext/designed_tables.py) is part of the output.
KERNEL_DISPLAY := casebook/table_html.py book/_ext/kernel_startup.py
EXEC_STAMP := _build/.exec-stamp
NBVAL_FLAGS := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help install vendor book editions print browser-tests test lint unit nbval site-tests notebooks serve train lock clean \
  hub hub-tests site-zip bundle bundle-tests install-offline handouts dashboard

help:
	@echo "make book       build the trainee site into _build/html (creates .venv, installs pins)"
	@echo "                EDITION=trainer builds the trainer edition into _build/trainer/html"
	@echo "make test       ruff, unit tests, strict nbval over notebooks/ and exercises/, site build + checks"
	@echo "make notebooks  re-execute notebooks in place after an intended change"
	@echo "make print      printable casebook: _build/print/EDITION/book/index.html (+ PDF if Chromium)"
	@echo "make serve      serve _build/html on http://$(HOST):$(PORT)"
	@echo "make train      Voila on http://$(HOST):$(VOILA_PORT) with the trainee simulators"
	@echo "make dashboard  trainer dashboard (assign, collect, grade) on http://$(HOST):$(DASHBOARD_PORT)"
	@echo "make handouts   printable A4 handouts in $(HANDOUTS_DIR)/ (+ PDF if Chromium)"
	@echo "make hub        trial JupyterHub for a training room on http://$(HOST):$(HUB_PORT)"
	@echo "                (HUB_ASSIGNMENT=folder from 'casebook assign'; default: a demo roster)"
	@echo "make site-zip   the static site as one zip for a file server: _build/casebook-site-EDITION.zip"
	@echo "make bundle     offline bundle: wheelhouse, vendored JS, both sites, install script"
	@echo "make install-offline BUNDLE=…  create .venv from a bundle with no network"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

install: $(INSTALLED)

# Widget manager, RequireJS and MathJax come from the npm registry at exact versions
# and sha512 integrity (vendor/assets.json) and are served from the site itself, never from a CDN.
$(VENDORED): vendor/assets.json tools/vendor_assets.py | $(INSTALLED)
	$(BIN)/python tools/vendor_assets.py vendor/assets.json _vendor_static
	touch $@

vendor: $(VENDORED)

# Site search index: Pagefind's extended build (segments Chinese), pinned with its sha512
# in tools/pagefind/package-lock.json and installed from the npm registry.
PAGEFIND_DIR := tools/pagefind
PAGEFIND := $(PAGEFIND_DIR)/node_modules/.installed
$(PAGEFIND): $(PAGEFIND_DIR)/package.json $(PAGEFIND_DIR)/package-lock.json
	npm ci --prefix $(PAGEFIND_DIR) --no-audit --no-fund --loglevel=error
	touch $@

$(EXEC_STAMP): $(ENGINE_FILES) $(KERNEL_DISPLAY) requirements.txt
	rm -rf _build/.jupyter_cache
	mkdir -p _build && touch $@

book: $(INSTALLED) $(VENDORED) $(PAGEFIND) $(EXEC_STAMP)
	$(BIN)/python tools/edition_toc.py $(EDITION) _build/_toc.$(EDITION).yml
	rm -rf _build/editions/$(EDITION)
	CASEBOOK_EDITION=$(EDITION) $(BIN)/jupyter-book build . --toc _build/_toc.$(EDITION).yml \
	  --path-output _build/editions/$(EDITION) $(JB_FLAGS)
	rm -rf $(BOOK_HTML) && mkdir -p $(dir $(BOOK_HTML))
	mv _build/editions/$(EDITION)/_build/html $(BOOK_HTML)
	cd $(PAGEFIND_DIR) && ./node_modules/.bin/pagefind --site $(CURDIR)/$(BOOK_HTML) --quiet
	@echo "Site ($(EDITION) edition) written to $(BOOK_HTML)/index.html"

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(INSTALLED)
	$(BIN)/python -m pytest -q -m "not site and not browser and not hub and not bundle"

# Results stored with the package (casebook/data/precomputed, read by the efficiency chapter so
# that its page is quick) are recomputed here and must match: see casebook/portfolio/precomputed.py.
nbval: $(INSTALLED)
	CASEBOOK_PRECOMPUTED=check $(BIN)/python -m pytest -q $(NBVAL_FLAGS) notebooks exercises trainer

site-tests: $(INSTALLED)
	CASEBOOK_REQUIRE_SITE=1 $(BIN)/python -m pytest -q -m site

# Printable casebook for trainers who hand out paper: one print-friendly HTML page, and a
# PDF printed from it by Debian's Chromium when that is installed.
PRINT_DIR := _build/print/$(EDITION)
print: $(INSTALLED) $(VENDORED) $(EXEC_STAMP)
	$(BIN)/python tools/edition_toc.py $(EDITION) _build/_toc.$(EDITION).yml
	rm -rf _build/editions/print-$(EDITION)
	CASEBOOK_EDITION=$(EDITION) $(BIN)/jupyter-book build . --builder singlehtml \
	  --toc _build/_toc.$(EDITION).yml --path-output _build/editions/print-$(EDITION) $(JB_FLAGS)
	rm -rf $(PRINT_DIR) && mkdir -p $(dir $(PRINT_DIR))
	mv _build/editions/print-$(EDITION)/_build/singlehtml $(PRINT_DIR)
	$(BIN)/python tools/print_pdf.py $(PRINT_DIR)/book/index.html $(PRINT_DIR)/casebook-$(EDITION).pdf

# Printable handouts for the training week (casebook course handouts): timetable, call-flow
# card, QA form, rule summary, glossary; the trainer's plan and debriefs in trainer/. Each
# sheet is also printed to A4 PDF by Debian's Chromium when it is installed.
HANDOUTS_DIR ?= _build/handouts
handouts: $(INSTALLED)
	$(BIN)/casebook course handouts --out $(HANDOUTS_DIR)
	for sheet in $(HANDOUTS_DIR)/*.html $(HANDOUTS_DIR)/trainer/*.html; do \
	  case "$$sheet" in */index.html) continue ;; esac; \
	  $(BIN)/python tools/print_pdf.py "$$sheet" "$${sheet%.html}.pdf"; \
	done

# Headless Chromium from Debian (apt-get install chromium fonts-noto-cjk) driven by
# Playwright; skipped with the reason when absent, required when CASEBOOK_REQUIRE_BROWSER=1.
browser-tests: $(INSTALLED)
	$(BIN)/python -m pytest -q -rs -m browser tests/browser

editions: $(INSTALLED)
	$(MAKE) book EDITION=trainee
	$(MAKE) book EDITION=trainer

test: lint unit nbval editions print site-tests browser-tests hub-tests bundle-tests

notebooks: $(INSTALLED)
	$(BIN)/python tools/execute_notebooks.py notebooks exercises trainer

serve: $(INSTALLED)
	@test -f $(BOOK_HTML)/index.html || { echo "No site yet: run 'make book EDITION=$(EDITION)' first"; exit 1; }
	$(BIN)/python -m http.server $(PORT) --bind $(HOST) --directory $(BOOK_HTML)

# Voila with the `casebook` template (share/jupyter/voila/templates: no CDN, Chinese landing
# page), the built site at /site/, pre-heated simulators and idle-kernel culling; see
# tools/train_server.py for every setting.
train: $(INSTALLED)
	$(BIN)/python tools/train_server.py $(TRAIN_NOTEBOOKS) --port=$(VOILA_PORT) --Voila.ip=$(HOST)

# The trainer dashboard (trainer/dashboard.ipynb): assign, collect, grade and read the results
# in the browser, with the same engine as `casebook assign` / `casebook grade`. Its files live
# in DASHBOARD_DIR; grading outputs are served at /results/, the trainer edition (if built) at
# /trainer-site/. See tools/dashboard_server.py. No login: keep it on 127.0.0.1.
DASHBOARD_PORT ?= 8867
DASHBOARD_DIR ?= $(HOME)/casebook-training
dashboard: $(INSTALLED)
	$(BIN)/python tools/dashboard_server.py --workspace=$(DASHBOARD_DIR) --port=$(DASHBOARD_PORT) --Voila.ip=$(HOST)

lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.in
	{ echo "# Exact pins of every package (generated by 'make lock' from requirements.in; do not edit by hand)."; \
	  $(BIN)/python -m pip freeze --all --exclude-editable | grep -v -E '^pip==' | sort -f; } > requirements.txt

clean:
	rm -rf _build _vendor_static deploy/node_modules

# --- A training room: JupyterHub (deploy/jupyterhub) ----------------------------------------
# configurable-http-proxy comes from the npm registry at the versions of deploy/package-lock.json.
NODE_MODULES := deploy/node_modules/.installed
HUB_PORT ?= 8800
HUB_DIR ?= _build/hub
# Folder written by `casebook assign`; without one, `make hub` assigns a demo roster.
HUB_ASSIGNMENT ?=
HUB_COLLECT ?= $(HUB_DIR)/submissions
DEMO_ASSIGNMENT := $(HUB_DIR)/demo-assignment

$(NODE_MODULES): deploy/package.json deploy/package-lock.json
	cd deploy && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

$(DEMO_ASSIGNMENT)/manifest.json: deploy/jupyterhub/demo_roster.csv | $(INSTALLED)
	rm -rf $(DEMO_ASSIGNMENT)
	$(BIN)/casebook assign --roster $< --exercises ex01,ex40,ex45 --seed 2026 \
	  --out $(DEMO_ASSIGNMENT) --title 试用作业 --id demo

hub: $(INSTALLED) $(NODE_MODULES) $(if $(HUB_ASSIGNMENT),,$(DEMO_ASSIGNMENT)/manifest.json)
	CASEBOOK_HUB_DIR=$(abspath $(HUB_DIR)) \
	CASEBOOK_HUB_ASSIGNMENT=$(abspath $(or $(HUB_ASSIGNMENT),$(DEMO_ASSIGNMENT))) \
	CASEBOOK_HUB_COLLECT=$(abspath $(HUB_COLLECT)) CASEBOOK_HUB_IP=$(HOST) CASEBOOK_HUB_PORT=$(HUB_PORT) \
	  $(BIN)/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

# The load test's small run: 5 trainees log in, open ex01 in Voila, plan, press 提交, and
# `casebook grade` grades all 5 (bench/hub_load.py runs 20 and prints the figures).
hub-tests: $(INSTALLED) $(NODE_MODULES)
	CASEBOOK_REQUIRE_HUB=1 $(BIN)/python -m pytest -q -rs -m hub tests/hub

# --- Offline install ------------------------------------------------------------------------
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
BUNDLE_NAME := casebook-offline-$(VERSION)
BUNDLE_ARCHIVE := _build/$(BUNDLE_NAME).tar.gz
SITE_ZIP := _build/casebook-site-$(EDITION).zip
# `make test` has just built both editions; a release build (`make bundle`) rebuilds them.
BUNDLE_REUSE_SITES ?=

# The static site alone, for a file server or a shared drive (relative links, no CDN).
site-zip: $(INSTALLED)
	@test -f $(BOOK_HTML)/index.html || $(MAKE) book EDITION=$(EDITION)
	$(BIN)/python deploy/offline/site_zip.py $(BOOK_HTML) $(SITE_ZIP) casebook-$(EDITION)

bundle: $(INSTALLED) $(VENDORED) $(NODE_MODULES)
	$(if $(BUNDLE_REUSE_SITES),,$(MAKE) editions)
	$(MAKE) site-zip EDITION=trainee
	$(MAKE) site-zip EDITION=trainer
	$(BIN)/python deploy/offline/make_bundle.py --out $(BUNDLE_ARCHIVE) --name $(BUNDLE_NAME)

# On a machine with no registry access: .venv from the bundle's wheelhouse (pip --no-index),
# then `make train`, `make hub`, `make serve` work as usual.
install-offline:
	@test -n "$(BUNDLE)" || { echo "用法：make install-offline BUNDLE=casebook-offline-….tar.gz（或解压后的目录）" >&2; exit 2; }
	PYTHON=$(PYTHON) bash deploy/offline/install.sh "$(BUNDLE)" "$(VENV)"

# Builds the bundle once, installs it into a fresh virtualenv with no index and an unreachable
# proxy, and runs the simulators (`make train`, `make hub` + one trainee) from it.
bundle-tests: $(INSTALLED)
	$(MAKE) bundle BUNDLE_REUSE_SITES=1
	CASEBOOK_BUNDLE=$(abspath $(BUNDLE_ARCHIVE)) CASEBOOK_SITE_ZIPS="$(abspath _build/casebook-site-trainee.zip) $(abspath _build/casebook-site-trainer.zip)" \
	  $(BIN)/python -m pytest -q -rs -m bundle tests/hub
