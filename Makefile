# DotNetPanel site. `make help` lists the targets; every target bootstraps
# the virtual environment from the pinned files when it is missing or stale.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
OUTPUT ?= output

.DEFAULT_GOAL := help
.PHONY: help html clean regenerate serve devserver publish check test lint fix-sources fuzz bench eval-mojibake eval-hours

$(VENV)/.installed: pyproject.toml constraints.txt tools/bootstrap.sh
	PYTHON=$(PYTHON) tools/bootstrap.sh

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

# Processes a build runs: one per core unless JOBS is set (JOBS=1: one process).
JOBS ?=
JOBS_ARG = $(if $(JOBS), --jobs "$(JOBS)")

html: $(VENV)/.installed ## build the site into output/ (replaced only if the build succeeds; JOBS=)
	$(BIN)/python -m sitetools.build --settings pelicanconf.py --output $(OUTPUT)$(JOBS_ARG)

clean: ## remove built output, caches and reports
	rm -rf $(OUTPUT) .$(OUTPUT).* cache build

regenerate: $(VENV)/.installed ## rebuild output/ whenever a source changes (staged, like html)
	$(BIN)/python -m sitetools.devserver --no-serve --settings pelicanconf.py --output $(OUTPUT)

serve: html ## build, then serve output/ on http://localhost:$(PORT) (PORT=)
	$(BIN)/python -m sitetools.devserver --serve-only --port $(PORT) --settings pelicanconf.py --output $(OUTPUT)

devserver: $(VENV)/.installed ## build, serve, rebuild on every change, reload open pages (PORT=)
	$(BIN)/python -m sitetools.devserver --port $(PORT) --settings pelicanconf.py --output $(OUTPUT)

publish: ## production build, checked, then published to PUBLISH_TARGET (DRY_RUN=1 to preview)
	PYTHON=$(PYTHON) tools/bootstrap.sh --test
	$(BIN)/python -m sitetools.publish --settings publishconf.py --output $(OUTPUT)$(JOBS_ARG)

check: html ## verify output/: html, links, accessibility, structured data, text, security, weight, print
	PYTHON=$(PYTHON) tools/bootstrap.sh --test
	$(BIN)/python -m sitetools.check $(OUTPUT) --artifacts artifacts

test: ## run the whole test suite (installs what it needs)
	PYTHON=$(PYTHON) tools/bootstrap.sh --test
	$(BIN)/pytest

SIZES ?= 100,1000,5000
RUNS ?= 5
NOTE ?=
bench: ## time the plugin against plain Pelican, on every core, and Hugo (SIZES=, RUNS=, NOTE=); writes docs/benchmarks.md
	PYTHON=$(PYTHON) tools/bootstrap.sh --bench
	$(BIN)/python -m sitetools.bench --sizes $(SIZES) --runs $(RUNS) --output docs/benchmarks.md $(if $(NOTE),--note "$(NOTE)")
	$(BIN)/python -m sitetools.bench.corpus --runs $(RUNS) --output docs/benchmarks.md

eval-mojibake: $(VENV)/.installed ## mojibake repair on the real sample and ftfy's suite, beside ftfy alone
	$(BIN)/python -m sitetools.eval_mojibake

eval-hours: $(VENV)/.installed ## measure the hours reader on the real corpus (tests/cases/hours_corpus)
	$(BIN)/python -m sitetools.eval_hours

FUZZ_SECONDS ?= 60
fuzz: $(VENV)/.installed ## fuzz the reader and parsers with atheris (FUZZ_SECONDS=60)
	mkdir -p build/fuzz-corpus
	for f in tests/fixtures/bad/*/pages/*.md tests/corpus/citp/*.md; do if [ -f "$$f" ]; then cp "$$f" "build/fuzz-corpus/$$(echo "$$f" | tr / _)"; fi; done
	$(BIN)/python tests/fuzz/fuzz_pipeline.py -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 build/fuzz-corpus

lint: $(VENV)/.installed ## ruff check, format check, and mojibake in hand-written sources
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m sitetools.lint content

fix-sources: $(VENV)/.installed ## rewrite sources in place: repair mojibake, convert to UTF-8
	$(BIN)/python -m sitetools.lint --fix --convert-encoding content
