# Set-up and checks; the README starts with `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install build demo serve test bench fuzz docs screenshots readme clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

build: install
	$(BIN)/kg build

demo: build
	$(BIN)/kg query drugs
	$(BIN)/kg query top-impact -p drug=anakinra -p limit=5
	$(BIN)/kg query evidence-by-design -p drug=anakinra
	$(BIN)/kg query trials
	$(BIN)/kg query regulatory-timeline -p drug=Kineret
	$(BIN)/kg query storage -p drug=anakinra

serve: build
	$(BIN)/kg serve

# Types first (mypy --strict over kg/, configured in pyproject.toml), then the suite.
test: install
	$(BIN)/mypy
	$(BIN)/python -m pytest

# Figures (not part of test), each against a baseline measured in the same run:
# - build at scale: 100, 1,000 and 5,000 generated pages against pyoxigraph's own bulk load
#   of the same triples; writes benchmarks/results/build.{json,md};
# - queries and serving: every canned query at 1,000 pages in-process and over kg serve,
#   the suite against rdflib at 100 pages, and a loopback load test with a rebuild landing;
#   writes benchmarks/results/serving.{json,md}.
bench: install
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/serving.py

# Fuzzing the readers (not part of test; 10-30 minutes): 10,000 pages of each format made
# from its grammar and damaged (lines dropped, repeated, swapped; cut short; bytes flipped;
# other encodings; odd Unicode; megabyte lines; huge numbers; thousands of repeated blocks),
# each read and mapped to triples. Prints per format the pages read, the PATH:LINE errors,
# the other exceptions and the slowest page; fails on any other exception or a page over
# 5 s of CPU, keeping those pages (tests/sources/pages.py has the grammar, fuzz.py the run).
fuzz: install
	$(BIN)/python tests/sources/fuzz.py --examples 10000

# The ontology's page and diagram (docs/ontology.html, docs/ontology.svg); needs graphviz's
# dot (scripts/install-graphviz.sh). A test fails when the committed page is stale.
docs: install
	$(BIN)/python -m kg.ontology.docs docs

# The README's pictures of the explorer (docs/screenshots/*.png), taken in headless Chromium
# from a kg serve over the seeds built in a temporary folder; needs chromium and
# chromium-driver (scripts/install-browser.sh).
screenshots: install
	$(BIN)/python scripts/screenshots.py

# The README's shown output, rewritten from real runs of its examples in a fresh folder
# (tests/test_readme.py fails when it drifts).
readme: install
	KG_UPDATE_README=1 $(BIN)/python -m pytest -q tests/test_readme.py

clean:
	rm -rf data/build
