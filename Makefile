# Set-up, build and test of aims-docs and its example AIMS manual.
# Every target creates the virtual environment and installs pinned dependencies
# on first use, so a fresh clone needs only Python 3.11+ and make.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.aims-docs-installed
SPHINXOPTS ?= -W --keep-going

.PHONY: html test check clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,pdf]'
	touch $(STAMP)

html: $(STAMP)
	$(BIN)/sphinx-build $(SPHINXOPTS) -b html -c . source build/html

check: $(STAMP)
	$(BIN)/aims-docs check .

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf build
